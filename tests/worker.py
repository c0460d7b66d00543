"""The task worker in tests: in this process for speed, or as the real `db_worker` process."""

import os
from unittest import mock

from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker

from tests.production import PRODUCTION, run_manage


def drain() -> None:
    """Run every task that is due, here and now, as `manage.py db_worker --batch` would.

    The worker closes stale connections between tasks; here it shares the test's connection,
    inside the test's transaction, which must stay open."""
    worker = Worker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()


def database_url() -> str:
    """The test database, for another process (it must be a file, or a server)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def run_db_worker(*, smtp_port: int, **env):
    """The real worker, `manage.py db_worker --batch`, as a deployment runs it (production
    settings, this test run's database and secret key), against the SMTP server on `smtp_port`."""
    return run_manage(
        "db_worker", "--batch", "--no-startup-delay",
        **{**PRODUCTION, "DJANGO_SECRET_KEY": os.environ["DJANGO_SECRET_KEY"]},
        DATABASE_URL=database_url(),
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port), EMAIL_USE_TLS="0", EMAIL_TIMEOUT="5",
        **env,
    )  # fmt: skip
