"""The micro-cache with the real app: public pages kept, private ones never, and conditional
requests answered 304.

Each test asks for its own query string (the app ignores it on these pages; the cache key holds
it), so what one test stored cannot be what another one finds.
"""

import gzip
import secrets

from perf.bench import article_and_topic
from perf.loadtest import RECEIVED_PATH
from tests.deploy.client import confirmed, open_form, request, send_form
from tests.deploy.conftest import ADMIN_PATH

ARTICLE = article_and_topic()[0]
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def fresh(path: str) -> str:
    return f"{path}?t={secrets.token_hex(4)}"


def test_an_article_is_kept_after_its_first_request_and_then_served_from_the_cache(stack):
    path = fresh(ARTICLE)
    first, second = request(stack, path, headers=GZIP), request(stack, path, headers=GZIP)
    assert first.header("X-Cache-Status") == "MISS"
    assert second.header("X-Cache-Status") == "HIT"
    assert second.body == first.body
    assert second.header("ETag") == first.header("ETag")
    # Browsers still revalidate every time; only shared caches (this one) may keep it.
    assert second.header("Cache-Control") == "public, max-age=0, s-maxage=300"


def test_a_browser_that_takes_no_gzip_never_gets_the_gzipped_copy(stack):
    path = fresh(ARTICLE)
    zipped = request(stack, path, headers=GZIP)
    plain = request(stack, path)
    assert plain.header("X-Cache-Status") == "MISS"  # a copy of its own
    assert plain.header("Content-Encoding") is None
    assert plain.body == gzip.decompress(zipped.body)
    assert request(stack, path).header("X-Cache-Status") == "HIT"
    # Other ways of saying "gzip" share the gzipped copy.
    assert request(stack, path, headers={"Accept-Encoding": "gzip"}).header("X-Cache-Status") == (
        "HIT"
    )


def test_an_article_answers_if_none_match_with_304_from_the_cache(stack):
    path = fresh(ARTICLE)
    for headers in (GZIP, {}):
        etag = request(stack, path, headers=headers).header("ETag")
        again = request(stack, path, headers={**headers, "If-None-Match": etag})
        assert again.status == 304
        assert again.body == b""
        assert again.header("ETag") == etag


def test_an_article_answers_if_modified_since_with_304_from_the_cache(stack):
    path = fresh(ARTICLE)
    last_modified = request(stack, path, headers=GZIP).header("Last-Modified")
    assert last_modified
    again = request(stack, path, headers={**GZIP, "If-Modified-Since": last_modified})
    assert again.status == 304
    assert again.header("X-Cache-Status") == "HIT"


def test_a_changed_page_is_sent_in_full(stack):
    path = fresh(ARTICLE)
    request(stack, path, headers=GZIP)
    again = request(stack, path, headers={**GZIP, "If-None-Match": '"not-this-one"'})
    assert again.status == 200 and again.body


def test_the_form_is_never_served_from_the_cache(stack):
    pages = [request(stack, "/consultations/request/") for _ in range(3)]
    assert [page.status for page in pages] == [200, 200, 200]
    assert all(page.header("X-Cache-Status") is None for page in pages)
    # Each visitor gets a form of their own: its own CSRF cookie, its own one-time token.
    assert len({page.header("Set-Cookie") for page in pages}) == 3
    assert len({page.body for page in pages}) == 3


def test_the_confirmation_is_never_served_from_the_cache(stack):
    visitor = open_form(stack, 1, source="127.0.0.4")
    sent = send_form(stack, visitor, source="127.0.0.4")
    assert confirmed(sent)
    cookie = "; ".join(
        [visitor.cookie] + [value.split(";", 1)[0] for value in sent.every("Set-Cookie")]
    )
    # The reference is shown once; the page after it (with the cookie the first one set, as a
    # browser keeps it) shows none. Neither comes from the cache.
    first = request(stack, RECEIVED_PATH, headers={"Cookie": cookie})
    shown = "; ".join(value.split(";", 1)[0] for value in first.every("Set-Cookie"))
    again = request(stack, RECEIVED_PATH, headers={"Cookie": f"{cookie}; {shown}"})
    assert first.status == again.status == 200
    assert "KT-" in first.text and "KT-" not in again.text
    for page in (first, again):
        assert page.header("X-Cache-Status") is None
        assert "no-store" in page.header("Cache-Control")
    # Without that visitor's cookie there is nothing to show, cached or not.
    stranger = request(stack, RECEIVED_PATH)
    assert stranger.status == 302 and "KT-" not in stranger.text


def test_the_staff_sign_in_page_is_never_served_from_the_cache(stack):
    pages = [request(stack, f"/{ADMIN_PATH}login/") for _ in range(3)]
    assert [page.status for page in pages] == [200, 200, 200]
    assert all(page.header("X-Cache-Status") is None for page in pages)


def test_nothing_that_sets_a_cookie_or_comes_from_the_form_or_admin_is_ever_stored(stack):
    """Read nginx's cache files themselves: each holds its key and the app's headers."""
    for path in ("/", ARTICLE, "/consultations/request/", f"/{ADMIN_PATH}login/", "/faq/"):
        request(stack, path, headers=GZIP)
        request(stack, path, headers=GZIP)
    stored = [file.read_bytes() for file in (stack.site.var / "cache").rglob("*") if file.is_file()]
    keys = [entry.split(b"\nKEY: ", 1)[1].split(b"\n", 1)[0].decode() for entry in stored]
    assert any(key.endswith(f"{ARTICLE}|gzip") for key in keys)
    for entry, key in zip(stored, keys, strict=True):
        headers = entry.split(b"\r\n\r\n", 1)[0].lower()
        assert b"\nset-cookie:" not in headers, key
        assert "/consultations/" not in key and f"/{ADMIN_PATH}" not in key, key
