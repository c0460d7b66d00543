"""The production stack under test: nginx from deploy/ in front of two gunicorn instances, on
free ports, started once for the session (deploy/stack.py `running`, as `make stack` does).

Static files are collected into staticfiles/ and the database migrated once; each stack gets a
copy of that database. Everything nginx writes goes under var/deploy-tests/, not pytest's
temporary folder: run as root, nginx's workers are "nobody", who cannot enter a folder private
to root.
"""

import secrets
import shutil
import socket
from contextlib import contextmanager

import pytest

from deploy import nginx
from deploy.stack import environment, running
from perf.server import ROOT, manage

WORKSPACE = ROOT / "var" / "deploy-tests"
ADMIN_PATH = "staff-desk/"  # not the default, so the tests prove the template is given it
RATE_LIMIT = 2  # sent forms an hour per client, small enough to reach in a test
APP_WORKERS = 1  # per gunicorn instance, for the main stack


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_nginx():
    """Fail (never skip) without nginx, saying how to install it."""
    try:
        return nginx.require_nginx()
    except nginx.NginxError as error:
        pytest.fail(f"{error}. `make test` installs it.", pytrace=False)


@pytest.fixture(scope="session")
def workspace():
    require_nginx()
    folder = WORKSPACE / secrets.token_hex(4)
    folder.mkdir(parents=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def migrated(workspace):
    """A migrated database to copy, and the collected static files, as a deploy makes them."""
    database = workspace / "migrated.sqlite3"
    env = environment(
        database_url=f"sqlite:///{database}", secret_key=secrets.token_urlsafe(50), https_port=443
    )
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    return database


@contextmanager
def stack_named(name: str, workspace, migrated, *, app_workers: int, **settings: str):
    database = workspace / f"{name}.sqlite3"
    shutil.copy(migrated, database)
    https_port = free_port()
    env = environment(
        database_url=f"sqlite:///{database}",
        secret_key=secrets.token_urlsafe(50),
        https_port=https_port,
        DJANGO_ADMIN_PATH=ADMIN_PATH,
        **settings,
    )
    # The task worker is left out: the emails go to Django's dummy backend here.
    with running(
        env,
        var=workspace / name,
        https_port=https_port,
        http_port=free_port(),
        app_ports=(free_port(), free_port()),
        app_workers=app_workers,
        nginx_workers="1",
        with_task_worker=False,
        name=f"deploy-test-{name}",
    ) as stack:
        yield stack


@pytest.fixture(scope="session")
def stack(workspace, migrated):
    """The stack most tests share. People here fill the form at once (no minimum fill time) and
    may send RATE_LIMIT forms an hour from each address."""
    with stack_named(
        "main",
        workspace,
        migrated,
        app_workers=APP_WORKERS,
        CONSULTATION_RATE_LIMIT=f"{RATE_LIMIT}/h",
        CONSULTATION_MIN_FILL_SECONDS="0",
    ) as started:
        yield started


@pytest.fixture(scope="session")
def busy_stack(workspace, migrated):
    """For the load and fault test: every visitor comes from 127.0.0.1 and fills the form in
    milliseconds, so neither the rate limit nor the fill time may stand in the way."""
    with stack_named(
        "busy",
        workspace,
        migrated,
        app_workers=2,
        CONSULTATION_RATE_LIMIT="1000000/h",
        CONSULTATION_MIN_FILL_SECONDS="0",
    ) as started:
        yield started
