"""The production server's settings: from the environment, and an access log without queries."""

import socket

import pytest
from django.core.exceptions import ImproperlyConfigured

from perf.server import fetch, gunicorn, production_env
from tests.production import settings_module


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def load_config(monkeypatch):
    def load(**env) -> dict:
        return settings_module(monkeypatch, path="gunicorn.conf.py", **env)

    return load


def test_the_defaults_suit_one_machine_behind_a_proxy(load_config):
    config = load_config()
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["workers"] >= 2 and config["timeout"] == 30
    assert config["wsgi_app"] == "clinic_site.wsgi:application"
    assert "%(r)s" not in config["access_log_format"] and "%(q)s" not in config["access_log_format"]


def test_the_environment_sets_workers_bind_and_timeout(load_config):
    config = load_config(WEB_CONCURRENCY="3", GUNICORN_BIND="0.0.0.0:9000", GUNICORN_TIMEOUT="45")
    assert (config["workers"], config["bind"], config["timeout"]) == (3, ["0.0.0.0:9000"], 45)


def test_a_bad_value_stops_the_server_naming_the_variable(load_config):
    with pytest.raises(ImproperlyConfigured, match="WEB_CONCURRENCY"):
        load_config(WEB_CONCURRENCY="lots")


def test_the_access_log_records_the_path_but_never_the_query_string(tmp_path):
    port = free_port()
    access_log = tmp_path / "access.log"
    env = production_env(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with gunicorn(env, port=port, workers=1, name="test", GUNICORN_ACCESS_LOG=str(access_log)):
        status, _, _ = fetch(port, "/healthz?name=Alex+Tremblay&q=suicidal")
        assert status == 200
    text = access_log.read_text()
    assert '"GET /healthz HTTP/1.1" 200' in text
    assert "Tremblay" not in text and "suicidal" not in text
