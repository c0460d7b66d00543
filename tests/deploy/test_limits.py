"""Request size and time limits: what nginx refuses before the app spends anything on it."""

import re

from tests.deploy.client import announce_body, request
from tests.production import settings_module

FORM = "/consultations/request/"


def test_a_body_over_one_megabyte_is_refused_before_it_is_sent(stack):
    answer = announce_body(stack, FORM, 1024 * 1024 + 1)
    assert answer.status == 413


def test_a_body_under_the_limit_reaches_the_app(stack):
    """The app, not nginx, turns this one down: it carries no CSRF cookie."""
    answer = request(
        stack,
        FORM,
        method="POST",
        body=b"message=" + b"x" * 900_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status in (400, 403)


def test_a_header_larger_than_gunicorn_would_take_is_refused(stack):
    assert request(stack, "/", headers={"Cookie": "x" * 9000}).status == 400


def directive(config: str, name: str) -> str:
    return re.search(rf"^\s*{name}\s+([^;]+);", config, re.MULTILINE).group(1)


def seconds(value: str) -> int:
    return int(value.removesuffix("s"))


def test_slow_clients_are_dropped_and_gunicorn_times_out_before_nginx(stack, monkeypatch):
    """Waiting 10 s for a slow client here would cost the suite 10 s: the values are read from
    the configuration nginx is running instead."""
    config = stack.site.config.read_text()
    assert seconds(directive(config, "client_header_timeout")) <= 10
    assert seconds(directive(config, "client_body_timeout")) <= 10
    assert directive(config, "client_max_body_size") == "1m"
    # A slow page is ended by gunicorn (which logs it and replaces the worker) before nginx
    # gives up on it and answers 504 with a worker still busy behind it.
    gunicorn_timeout = settings_module(monkeypatch, path="gunicorn.conf.py")["timeout"]
    assert seconds(directive(config, "proxy_read_timeout")) > gunicorn_timeout
