"""Finished pages are answered right after WhiteNoise, with exactly the headers the whole stack
gives the same page: 200 plain and gzipped, and 304."""

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.test import Client, override_settings

from clinic_site import page_cache

EARLY = "clinic_site.page_cache.early_pages"
WITHOUT_EARLY = [name for name in settings.MIDDLEWARE if name != EARLY]
PAGES = ["/", "/articles/", "/articles/topic/safety-and-risks/", "/articles/how-ketamine-works/",
         "/faq/", "/glossary/", "/about/", "/search/?q=ketamine"]  # fmt: skip
ASKS = {
    "plain": {},
    "gzip": {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"},
}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_finished_pages():
    """Each test starts before any page is finished (the real library is kept between tests)."""
    page_cache._pages.clear()


@pytest.fixture
def inner_middleware_calls(monkeypatch):
    """How many responses went back through CSPMiddleware (inside the early answer)."""
    calls = []
    real = CSPMiddleware.process_response

    def counted(self, request, response):
        calls.append(request.path)
        return real(self, request, response)

    monkeypatch.setattr(CSPMiddleware, "process_response", counted)
    return calls


def headers_of(response) -> dict:
    return {name.lower(): value for name, value in response.headers.items()}


def early(url, **meta):
    client = Client()
    client.get(url, **meta)  # the first request goes through everything and finishes the page
    return client.get(url, **meta)


def whole_stack(url, **meta):
    with override_settings(MIDDLEWARE=WITHOUT_EARLY):
        client = Client()
        client.get(url, **meta)  # served finished by the view, through every middleware
        return client.get(url, **meta)


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("ask", ASKS)
def test_the_early_answer_has_the_whole_stack_s_headers_and_bytes(url, ask, inner_middleware_calls):
    answer = early(url, **ASKS[ask])
    assert answer.status_code == 200
    assert inner_middleware_calls == [url.split("?")[0]]  # only the first went all the way
    full = whole_stack(url, **ASKS[ask])
    assert headers_of(answer) == headers_of(full)
    assert answer.content == full.content
    assert (answer.get("Content-Encoding") == "gzip") == (ask == "gzip")
    assert "content-security-policy" in headers_of(answer)
    assert answer["X-Frame-Options"] == "DENY" and "camera=()" in answer["Permissions-Policy"]


@pytest.mark.parametrize("validator", ["ETag", "Last-Modified"])
def test_a_304_from_the_early_answer_matches_the_whole_stack_s(validator, inner_middleware_calls):
    url = "/articles/how-ketamine-works/"
    header = {"ETag": "HTTP_IF_NONE_MATCH", "Last-Modified": "HTTP_IF_MODIFIED_SINCE"}[validator]
    value = Client().get(url)[validator]  # finishes the page; its headers are noted
    inner_middleware_calls.clear()
    answer = Client().get(url, **{header: value})
    assert inner_middleware_calls == []  # answered early
    full = whole_stack(url, **{header: value})
    assert answer.status_code == full.status_code == 304
    assert answer.content == full.content == b""
    assert headers_of(answer) == headers_of(full)


def test_a_page_is_not_answered_early_before_its_headers_were_seen(inner_middleware_calls):
    Client().get("/faq/")
    Client().get("/faq/")
    Client().get("/faq/")
    assert inner_middleware_calls == ["/faq/"]


def test_a_request_with_a_session_cookie_goes_through_the_whole_stack(inner_middleware_calls):
    Client().get("/faq/")
    staff = Client()
    staff.cookies[settings.SESSION_COOKIE_NAME] = "some-session"
    response = staff.get("/faq/")
    assert response.status_code == 200
    assert inner_middleware_calls == ["/faq/", "/faq/"]


def test_in_debug_nothing_is_answered_early(inner_middleware_calls, settings):
    settings.DEBUG = True
    Client().get("/faq/")
    Client().get("/faq/")
    assert inner_middleware_calls == ["/faq/", "/faq/"]


def test_a_post_a_missing_page_and_the_form_are_never_answered_early(inner_middleware_calls):
    for _ in range(2):
        assert Client().get("/articles/no-such-article/").status_code == 404
        assert Client().get("/consultations/request/").status_code == 200
        assert Client().post("/faq/").status_code == 200  # the view answers; nothing is kept
    assert len(inner_middleware_calls) == 6


def test_a_bad_host_is_refused_by_the_whole_stack_not_answered(settings):
    Client().get("/faq/")
    Client().get("/faq/")
    assert Client(HTTP_HOST="evil.example").get("/faq/").status_code == 400


def test_a_query_string_does_not_change_a_page_but_does_change_a_search(inner_middleware_calls):
    Client().get("/faq/")
    assert Client().get("/faq/?utm_source=x").status_code == 200
    Client().get("/search/?q=ketamine")
    other = Client().get("/search/?q=nausea")
    assert b"nausea" in other.content.lower()
    assert inner_middleware_calls == ["/faq/", "/search/", "/search/"]
