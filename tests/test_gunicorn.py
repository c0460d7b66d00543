"""The production server's settings: from the environment, and an access log without queries."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_config(**env) -> dict:
    code = (
        "import runpy, json; c = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps({k: v for k, v in c.items() if isinstance(v, (int, str, list))}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(result.stderr)
    import json

    return json.loads(result.stdout)


def test_the_defaults_suit_one_machine_behind_a_proxy():
    config = load_config()
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["workers"] >= 2 and config["timeout"] == 30
    assert config["wsgi_app"] == "clinic_site.wsgi:application"
    assert "%(r)s" not in config["access_log_format"] and "%(q)s" not in config["access_log_format"]


def test_the_environment_sets_workers_bind_and_timeout():
    config = load_config(WEB_CONCURRENCY="3", GUNICORN_BIND="0.0.0.0:9000", GUNICORN_TIMEOUT="45")
    assert (config["workers"], config["bind"], config["timeout"]) == (3, ["0.0.0.0:9000"], 45)


def test_a_bad_value_stops_the_server_naming_the_variable():
    with pytest.raises(RuntimeError, match="WEB_CONCURRENCY"):
        load_config(WEB_CONCURRENCY="lots")


def test_the_access_log_records_the_path_but_never_the_query_string(tmp_path):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen([GUNICORN], cwd=ROOT, env=env, stdout=out, stderr=out)
        try:
            url = f"http://127.0.0.1:{port}/healthz?name=Alex+Tremblay&q=suicidal"
            for _ in range(100):
                try:
                    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                        assert response.status == 200
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                pytest.fail("gunicorn did not start:\n" + log.read_text())
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    assert '"GET /healthz HTTP/1.1" 200' in text
    assert "Tremblay" not in text and "suicidal" not in text
