"""Run the site as production does, for the load test and the benchmark.

Gunicorn on 127.0.0.1 with DEBUG off, collected (hashed, compressed) static files, a database of
its own, and no SMTP: emails go to Django's dummy backend. Production sits behind a TLS proxy
that sets X-Forwarded-Proto; the clients here send that header, or every request would be
redirected to https.
"""

import http.client
import math
import os
import secrets
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "perf"
HOST = "127.0.0.1"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# Variables that would make the run less like production (or point it at someone's database).
DROPPED = ("DJANGO_DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")


def production_env(*, database_url: str, settings_module: str = "clinic_site.settings", **extra):
    env = {key: value for key, value in os.environ.items() if key not in DROPPED}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            # These tools play the TLS proxy: they send X-Forwarded-Proto from 127.0.0.1.
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
            **extra,
        }
    )
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [str(BIN / "python"), str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare(env: dict) -> None:
    """What a deploy does before starting the server."""
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "migrate", "--noinput", "--verbosity", "0")


def fetch(port: int, path: str, *, method="GET", headers=None, body=None, timeout=30.0):
    """One request on a fresh connection: (status, headers as a list of pairs, body)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={**PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def _port_in_use(port: int) -> bool:
    try:
        fetch(port, "/", timeout=1)
    except OSError:
        return False
    return True


@contextmanager
def gunicorn(env: dict, *, port: int, workers: int, name: str, **settings: str):
    """Gunicorn with the production gunicorn.conf.py, listening on `port` with `workers` sync
    workers (more GUNICORN_* settings as keywords); stopped by its own pid on exit."""
    if _port_in_use(port):
        sys.exit(f"Port {port} is already in use; stop whatever is listening there first.")
    VAR.mkdir(parents=True, exist_ok=True)
    log = VAR / f"{name}-gunicorn.log"
    env = {
        **env,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_LOG_LEVEL": "warning",
        **settings,
    }
    command = [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py")]
    with log.open("w") as errors:
        # The access log (stdout) is written as in production, then dropped.
        process = subprocess.Popen(  # noqa: S603
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors
        )
    try:
        _wait_until_serving(process, port, log)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def task_workers(env: dict, *, count: int, name: str):
    """`count` processes of `manage.py db_worker`, as a deployment runs the worker; stopped
    (SIGTERM, so each finishes the email it is sending) on exit."""
    VAR.mkdir(parents=True, exist_ok=True)
    command = [str(BIN / "python"), str(ROOT / "manage.py"), "db_worker", "--interval", "0.5"]
    processes = []
    with (VAR / f"{name}-workers.log").open("w") as log:
        try:
            for number in range(count):
                worker_env = {**env, "DJANGO_LOG_LEVEL": "WARNING"}
                processes.append(
                    subprocess.Popen(  # noqa: S603
                        [*command, "--worker-id", f"{name}-{number}"],
                        env=worker_env,
                        cwd=ROOT,
                        stdout=log,
                        stderr=log,
                    )  # fmt: skip
                )
            yield processes
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_until_serving(process, port: int, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited at start-up; see {log}:\n{log.read_text()[-3000:]}")
        try:
            if fetch(port, "/healthz", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer on port {port} within {timeout:.0f} s; see {log}")


def worker_pids(master_pid: int) -> list[int]:
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:  # the process ended while we looked
            continue
        if fields.get("PPid", "").strip() == str(master_pid):
            pids.append(int(status.parent.name))
    return sorted(pids)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load_average() -> str:
    """Other work on the machine skews every figure; this says how much there was."""
    return Path("/proc/loadavg").read_text().split()[0]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]
