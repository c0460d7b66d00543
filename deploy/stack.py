"""`make stack`: the site as a deployment runs it, on this machine, until Ctrl-C.

nginx (deploy/nginx.conf.template) on https://127.0.0.1:8443, with http://127.0.0.1:8080
redirecting there, in front of two gunicorn instances (gunicorn.conf.py) on 127.0.0.1:8001 and
:8002 that share one database: SQLite in var/stack/, or DATABASE_URL when it is set. Production
settings (DEBUG off), after collectstatic and migrate, and the task worker (`manage.py
db_worker`) when the project has one. A throwaway secret key and a self-signed certificate are
made under var/stack/ on first use.

The tests in tests/deploy and perf/bench_nginx.py start the same stack on ports of their own,
through `running`.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy import nginx, tls
from perf.server import BIN, ROOT, gunicorn, prepare, production_env

VAR = ROOT / "var" / "stack"
STATIC_ROOT = ROOT / "staticfiles"  # STATIC_ROOT in clinic_site/settings.py
HTTPS_PORT, HTTP_PORT, APP_PORTS = 8443, 8080, (8001, 8002)
HOSTS = ("127.0.0.1", "localhost")
# nginx on 127.0.0.1 is the only proxy the app (and gunicorn's forwarded_allow_ips) believes.
BEHIND_NGINX = {"DJANGO_TRUSTED_PROXIES": "127.0.0.1"}


@dataclass
class Stack:
    site: nginx.Site
    env: dict
    apps: dict[int, subprocess.Popen]  # gunicorn masters by port
    nginx: subprocess.Popen
    worker: subprocess.Popen | None

    def url(self, path: str = "/") -> str:
        return f"https://127.0.0.1:{self.site.https_port}{path}"


def environment(*, database_url: str, secret_key: str, https_port: int, **extra: str) -> dict:
    """Production settings behind nginx on 127.0.0.1; `extra` variables override."""
    env = production_env(database_url=database_url)
    env.update(
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS=",".join(HOSTS),
        SITE_URL=f"https://127.0.0.1:{https_port}",
        **BEHIND_NGINX,
    )
    env.update(extra)
    return env


def site_for(env: dict, *, var: Path, https_port: int, http_port: int, app_ports, workers="auto"):
    certificate, key = tls.self_signed(var / "tls")
    return nginx.Site(
        var=var / "nginx",
        static_root=STATIC_ROOT,
        certificate=certificate,
        certificate_key=key,
        upstreams=tuple(f"127.0.0.1:{port}" for port in app_ports),
        https_listen=f"127.0.0.1:{https_port}",
        http_listen=f"127.0.0.1:{http_port}",
        server_names=HOSTS,
        admin_path=env.get("DJANGO_ADMIN_PATH") or "admin/",
        worker_processes=workers,
        clinic_name=env.get("CLINIC_NAME") or nginx.Site.clinic_name,
        clinic_phone=env.get("CLINIC_PHONE") or nginx.Site.clinic_phone,
    )


def has_task_worker(env: dict) -> bool:
    """`manage.py db_worker` exists once django-tasks-db is installed (being added)."""
    result = subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", "help", "db_worker"],
        env=env, cwd=ROOT, capture_output=True, timeout=60,
    )  # fmt: skip
    return result.returncode == 0


@contextmanager
def task_worker(env: dict):
    """The worker that sends the emails, when the project has one; None otherwise."""
    if not has_task_worker(env):
        yield None
        return
    process = subprocess.Popen(  # noqa: S603
        [str(BIN / "python"), "manage.py", "db_worker"], env=env, cwd=ROOT, stdin=subprocess.DEVNULL
    )
    try:
        yield process
    finally:
        process.terminate()  # the worker finishes the task it holds, then stops
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running(
    env: dict,
    *,
    var: Path,
    https_port: int = HTTPS_PORT,
    http_port: int = HTTP_PORT,
    app_ports=APP_PORTS,
    app_workers: int = 2,
    nginx_workers: str = "auto",
    with_task_worker: bool = True,
    name: str = "stack",
):
    """Gunicorn on each of `app_ports`, the task worker, then nginx in front; all stopped on
    exit, nginx first. The database must be migrated and the static files collected."""
    site = site_for(
        env, var=var, https_port=https_port, http_port=http_port, app_ports=app_ports,
        workers=nginx_workers,
    )  # fmt: skip
    with ExitStack() as started:
        apps = {
            port: started.enter_context(
                gunicorn(env, port=port, workers=app_workers, name=f"{name}-{port}")
            )
            for port in app_ports
        }
        worker = started.enter_context(task_worker(env)) if with_task_worker else None
        proxy = started.enter_context(nginx.running(site))
        try:
            yield Stack(site=site, env=env, apps=apps, nginx=proxy, worker=worker)
        finally:
            # nginx first, so nothing new comes in; then every app server at once, each
            # finishing its own requests, rather than one after the other.
            nginx.stop(proxy)
            for process in apps.values():
                process.terminate()


def secret_key(path: Path) -> str:
    """DJANGO_SECRET_KEY, or a throwaway key kept in `path` (made once, readable by us only)."""
    if key := os.environ.get("DJANGO_SECRET_KEY"):
        return key
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


def watch(stack: Stack) -> str:
    """Wait until one of the stack's processes ends; say which."""
    processes = {f"gunicorn on {port}": process for port, process in stack.apps.items()}
    processes["nginx"] = stack.nginx
    if stack.worker:
        processes["the task worker"] = stack.worker
    while True:
        for label, process in processes.items():
            if process.poll() is not None:
                return f"{label} exited with status {process.returncode}"
        time.sleep(0.5)


def say_where(stack: Stack) -> None:
    logs = stack.site.var.relative_to(ROOT)
    worker = "running" if stack.worker else "none (manage.py db_worker does not exist yet)"
    print(
        f"\nThe stack is up: {stack.url()} (self-signed certificate; "
        f"http://127.0.0.1:{stack.site.http_port} redirects there)\n"
        f"  gunicorn on {', '.join(map(str, stack.apps))}: var/perf/stack-<port>-gunicorn.log\n"
        f"  nginx: {logs}/access.log and error.log\n"
        f"  task worker: {worker}\n"
        "Ctrl-C stops everything.",
        flush=True,
    )


def _stop(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    VAR.mkdir(parents=True, exist_ok=True)
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR / 'db.sqlite3'}"
    passed_on = {
        name: os.environ[name]
        for name in ("REDIS_URL", "DJANGO_ADMIN_PATH")
        if os.environ.get(name)
    }
    env = environment(
        database_url=database,
        secret_key=secret_key(VAR / "secret-key"),
        https_port=HTTPS_PORT,
        DJANGO_EMAIL_BACKEND=os.environ.get(
            "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
        DJANGO_LOG_LEVEL=os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
        **passed_on,
    )
    print(f"Preparing the {database.split(':')[0]} database and the static files…", flush=True)
    prepare(env)
    # Ctrl-C reaches every process of the stack at once; each stops itself, and so do we. (A
    # shell that starts us in the background makes us ignore SIGINT unless we say otherwise.)
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        with running(env, var=VAR) as stack:
            say_where(stack)
            reason = watch(stack)
    except KeyboardInterrupt:
        print("\nStopped.")
        return 0
    except nginx.NginxError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Stopped: {reason}.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
