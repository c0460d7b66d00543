"""Django as a deploy runs it: a fresh Python process, the production settings module, and only
the environment variables a test gives it (none of this test run's own settings leak in)."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Variables that would carry this test run's configuration into the child process.
CONFIGURATION = (
    "DJANGO_", "CLINIC_", "DATABASE_URL", "REDIS_URL", "STAFF_", "EMAIL_", "CONSULTATION_",
    "SITE_URL", "DEFAULT_FROM", "GUNICORN_", "WEB_CONCURRENCY",
)  # fmt: skip
# The least a production start needs.
PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "clinic.example.com",
}


def environment(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(CONFIGURATION)}
    return {**clean, "DJANGO_SETTINGS_MODULE": "clinic_site.settings", **env}


def run(*args: str, **env) -> subprocess.CompletedProcess:
    """`python *args` in the project folder with only `env` configured."""
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment(**env),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    return run("-c", code, **env)


def run_manage(*args: str, **env) -> subprocess.CompletedProcess:
    return run("manage.py", *args, **env)


def settings_module(monkeypatch, *, path: str = "clinic_site/settings.py", **env) -> dict:
    """What `path` (the settings, or gunicorn.conf.py) defines when a process with only `env`
    configured reads it: run here, in this process, on a monkeypatched environment. A bad value
    raises as it would at start-up."""
    for name in list(os.environ):
        if name.startswith(CONFIGURATION):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / path))
