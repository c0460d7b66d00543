"""Every response carries the security headers; pages with personal data are never stored."""

import re

import pytest
from django.http import HttpResponseForbidden
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/articles/", "/about/", "/search/?q=ketamine", "/feed.xml", "/robots.txt"]
PRIVATE = ["/consultations/request/", "/admin/login/"]
ERRORS = ["/no-such-page/", "/articles/no-such-article/"]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("url", PUBLIC + PRIVATE + ERRORS + ["/healthz"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url, secure=True)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=")
    max_age = int(re.search(r"max-age=(\d+)", response["Strict-Transport-Security"]).group(1))
    assert max_age >= 31_536_000


@pytest.mark.parametrize("url", PUBLIC + PRIVATE + ERRORS)
def test_the_content_security_policy_allows_only_our_own_origin_and_no_inline_script(client, url):
    policy = directives(client.get(url))
    assert policy["default-src"] in (["'self'"], ["'none'"])
    assert policy["script-src"] == ["'self'"]
    for directive in ("object-src", "base-uri", "frame-ancestors"):
        assert policy[directive] == ["'none'"], directive
    assert policy["form-action"] == ["'self'"]
    every_source = " ".join(value for values in policy.values() for value in values)
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "http:", "https:", "*", "data:"):
        assert unsafe not in every_source.split(), unsafe


def test_the_500_page_carries_the_policy_too(client, broken_article_list):
    client.raise_request_exception = False
    error = client.get(broken_article_list, secure=True)
    assert error.status_code == 500
    assert directives(error)["script-src"] == ["'self'"]
    assert "camera=()" in error["Permissions-Policy"]


@pytest.mark.parametrize("url", PRIVATE + ["/consultations/request/received/"])
def test_pages_that_can_show_personal_data_are_never_stored(client, url):
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_form_returned_with_errors_is_never_stored(client):
    response = client.post("/consultations/request/", {"full_name": "Alex Tremblay"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/", "/articles/", "/about/"])
def test_public_pages_are_not_marked_private(client, url):
    assert "no-store" not in client.get(url).get("Cache-Control", "")


def test_pages_cannot_be_framed(client):
    assert client.get("/").headers["X-Frame-Options"] == "DENY"


def test_cookies_are_secure_http_only_and_same_site_in_production(client):
    """The form sets the CSRF cookie; no script on the site reads it."""
    response = client.get("/consultations/request/", secure=True)
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_a_host_header_with_junk_is_refused_with_400_not_500():
    for host in ["evil.example", "a" * 300, "host\r\nX-Injected: 1", "[::1", "-.example"]:
        response = Client(HTTP_HOST=host).get("/about/")
        assert response.status_code == 400, host


def test_a_post_refused_before_its_body_was_read_has_the_rest_read_after_the_answer():
    """Otherwise gunicorn closes with bytes unread, the connection is reset and nginx answers
    502 instead of our 403 (tests/deploy/test_limits.py sends such a form through nginx)."""
    from django.test import RequestFactory

    from clinic_site.middleware import read_whole_body

    body = b"message=" + b"x" * 900_000
    request = RequestFactory().generic(
        "POST", "/consultations/request/", body, content_type="application/x-www-form-urlencoded"
    )
    answered = read_whole_body(lambda request: HttpResponseForbidden())(request)
    assert answered.status_code == 403
    assert request.read() == b""  # nothing left in the stream


def test_a_body_is_read_only_up_to_the_upload_limit(settings):
    from django.test import RequestFactory

    from clinic_site.middleware import read_whole_body

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    request = RequestFactory().generic(
        "POST", "/", b"x" * 300_000, content_type="application/octet-stream"
    )
    read_whole_body(lambda request: HttpResponseForbidden())(request)
    assert len(request.read()) == 200_000  # the rest is left: a huge body is not read forever
