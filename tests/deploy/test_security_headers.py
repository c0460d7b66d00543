"""Everything that comes through nginx carries the app's security headers, once each: pages
the app sent, pages from the cache, and what nginx answers itself."""

import pytest

from perf.bench import article_and_topic, stylesheet
from perf.server import fetch
from tests.deploy.client import announce_body, plain_http, request
from tests.deploy.conftest import ADMIN_PATH

SECURITY_HEADERS = (
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
    "Content-Security-Policy",
)
ARTICLE = article_and_topic()[0]


def policy(header: str) -> dict[str, set[str]]:
    """A Content-Security-Policy as directives: the app does not always list them in one order."""
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in parts}


def comparable(name: str, value: str):
    return policy(value) if name == "Content-Security-Policy" else value


@pytest.fixture(scope="module")
def apps_own(stack) -> dict:
    """What the app itself sends on a page, asked directly (not through nginx)."""
    port = next(iter(stack.apps))
    status, headers, _ = fetch(port, ARTICLE)
    assert status == 200
    sent = dict(headers)
    return {name: comparable(name, sent[name]) for name in SECURITY_HEADERS}


def twice(stack, path):
    request(stack, path)
    return request(stack, path)


ANSWERS = {
    "a page from the app": lambda stack: request(stack, "/?from=app"),
    "a page from the cache": lambda stack: twice(stack, ARTICLE + "?from=cache"),
    "the form": lambda stack: request(stack, "/consultations/request/"),
    "the staff sign-in page": lambda stack: request(stack, f"/{ADMIN_PATH}login/"),
    "a static file": lambda stack: request(stack, stylesheet()),
    "a missing static file (404)": lambda stack: request(stack, "/static/css/no-such-file.css"),
    "a refused body (413)": lambda stack: announce_body(stack, "/consultations/request/", 2**21),
    "a refused header (400)": lambda stack: request(stack, "/", headers={"Cookie": "x" * 9000}),
}


@pytest.mark.parametrize("what", ANSWERS)
def test_every_answer_carries_the_apps_security_headers_exactly_once(stack, apps_own, what):
    answer = ANSWERS[what](stack)
    for name in SECURITY_HEADERS:
        values = answer.every(name)
        assert len(values) == 1, f"{what}: {name} sent {len(values)} times: {values}"
        assert comparable(name, values[0]) == apps_own[name], f"{what}: {name}"


def test_the_cached_page_really_came_from_the_cache(stack):
    assert twice(stack, ARTICLE + "?from=cache").header("X-Cache-Status") == "HIT"


def test_the_redirect_to_https_carries_them_too_but_hsts_only_over_https(stack, apps_own):
    """As the app's own redirect does: browsers ignore HSTS sent over plain HTTP."""
    answer = plain_http(stack, "/")
    assert answer.status == 301
    assert answer.header("Strict-Transport-Security") is None
    for name in SECURITY_HEADERS[1:]:
        assert answer.every(name) and comparable(name, answer.header(name)) == apps_own[name]


def test_nginx_does_not_say_which_version_it_is(stack):
    assert request(stack, "/static/css/no-such-file.css").header("Server") == "nginx"
