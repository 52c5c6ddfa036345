"""Settings fail closed, `.env.example` works as it is, production passes `check --deploy`, tests ignore the machine.

Settings are read once per process: each case runs Django in a subprocess with an environment it chooses.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROJECT = Path(settings.BASE_DIR)
# What the README's "En production" section sets (the secret is any 50 random characters).
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "k9VwP3s1Zq8yXr2Lm5Tn7Bc4Hd6Jf0Gh1Ae3Ui5Oy7Ws9Qz2Xv4Nb6Mc8Kl0Pj3Rt",
    "ALLOWED_HOSTS": "interurps.example.org",
    "DATABASE_URL": "postgres://interurps:secret@127.0.0.1:5432/interurps",
    "CSRF_TRUSTED_ORIGINS": "https://interurps.example.org",
    "BEHIND_HTTPS_PROXY": "True",
    "SECURE_SSL_REDIRECT": "True",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "True",
}


def clean_environment(**variables):
    """The environment of a fresh shell: the system's variables, none of the project's, no .env unless given."""
    keep = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    return {**keep, "INTERURPS_ENV_FILE": "", "DJANGO_SETTINGS_MODULE": "interurps.settings", **variables}


def run_python(code, env, cwd=PROJECT):
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def manage(*args, env, cwd=PROJECT):
    return subprocess.run(
        [sys.executable, str(PROJECT / "manage.py"), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRINT_DEBUG = "import django; django.setup(); from django.conf import settings; print('DEBUG', settings.DEBUG)"


def test_debug_is_off_when_not_set():
    result = run_python(PRINT_DEBUG, clean_environment(SECRET_KEY="x" * 50))
    assert result.stdout.strip() == "DEBUG False", result.stderr


def test_a_start_without_secret_key_outside_debug_is_refused_in_french():
    result = run_python(PRINT_DEBUG, clean_environment())
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY manquante" in result.stderr


def test_debug_without_secret_key_makes_a_random_one():
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_python(code, clean_environment(DEBUG="True")).stdout
    second = run_python(code, clean_environment(DEBUG="True")).stdout
    assert len(first.strip()) >= 50
    assert first != second


SMOKE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
response = Client(HTTP_HOST="localhost").get("/connexion/")
print(response.status_code, settings.DEBUG, settings.MEDIA_ROOT, settings.REGION_NAME)
"""


def test_env_example_copied_as_is_gives_a_working_development_instance(tmp_path):
    shutil.copy(PROJECT / ".env.example", tmp_path / ".env")
    env = clean_environment(INTERURPS_ENV_FILE=str(tmp_path / ".env"))
    check = manage("check", env=env, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "System check identified no issues" in check.stdout
    page = run_python(SMOKE, env, cwd=tmp_path)
    assert page.stdout.split() == ["200", "True", str(PROJECT / "media"), "Pays", "de", "la", "Loire"], page.stderr


def test_check_deploy_is_clean_with_the_production_variables(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=clean_environment(**PRODUCTION), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_a_weak_production_secret_fails_check_deploy(tmp_path):
    env = clean_environment(**{**PRODUCTION, "SECRET_KEY": "change-me"})
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, cwd=tmp_path)
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


# --- the suite ignores the machine's .env and region variables -------------------------------------------------


def test_the_suite_sees_the_default_region():
    """Run as part of the suite, and again by the next test in a shell configured for another region."""
    assert settings.REGION_NAME == "Pays de la Loire"
    assert settings.REGION_DEPARTMENTS == ["44", "49", "53", "72", "85"]


BRETAGNE = "REGION_NAME=Bretagne\nREGION_DEPARTMENTS=22,29,35,56\n"


def test_a_shell_and_a_env_file_for_another_region_do_not_change_the_suite(tmp_path):
    (tmp_path / ".env").write_text(BRETAGNE, encoding="utf-8")
    env = {
        **os.environ,
        "REGION_NAME": "Bretagne",
        "REGION_DEPARTMENTS": "22,29,35,56",
        "INTERURPS_ENV_FILE": str(tmp_path / ".env"),
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", f"{__file__}::test_the_suite_sees_the_default_region"],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "1 passed" in result.stdout


def test_a_env_file_in_a_project_folder_is_not_read_under_the_suite(tmp_path):
    """A copy of the settings in a temporary project with a Bretagne .env: the suite's environment ignores it."""
    (tmp_path / "interurps").mkdir()
    shutil.copy(PROJECT / "interurps" / "settings.py", tmp_path / "interurps" / "settings.py")
    (tmp_path / ".env").write_text(BRETAGNE, encoding="utf-8")
    copied = str(tmp_path / "interurps" / "settings.py")
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('copied_settings', {copied!r})\n"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
        "print(module.REGION_NAME, module.REGION_DEPARTMENTS)\n"
    )
    suite_env = {name: value for name, value in os.environ.items()}  # what pytest-env made of this shell
    assert run_python(code, suite_env).stdout.strip() == "Pays de la Loire ['44', '49', '53', '72', '85']"
    suite_env.pop("INTERURPS_ENV_FILE")
    suite_env.pop("REGION_NAME")
    suite_env.pop("REGION_DEPARTMENTS")
    assert run_python(code, suite_env).stdout.strip() == "Bretagne ['22', '29', '35', '56']"
