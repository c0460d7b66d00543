"""Library pages are rendered once, then served as finished bytes with ETag and Last-Modified."""

import pytest
from django.test import Client

from articles.library import reset_library_cache

pytestmark = pytest.mark.django_db

ARTICLE = "/articles/first-article/"


@pytest.fixture
def library(content):
    content.write("first-article", "About sessions [@1].\n\nSee [next](second-article.md).",
                  last_reviewed="2026-11-03")  # fmt: skip
    content.write("second-article", "Nausea, and [the first](first-article.md) [@1].",
                  last_reviewed="2026-10-01")  # fmt: skip
    return content


def test_an_article_carries_an_etag_and_its_review_date_as_last_modified(client, library):
    response = client.get(ARTICLE)
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    assert response["Last-Modified"] == "Tue, 03 Nov 2026 00:00:00 GMT"
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=300" in cache_control


@pytest.mark.parametrize("url", ["/", "/articles/", "/articles/topic/safety-and-risks/"])
def test_the_home_list_and_topic_pages_carry_the_newest_review_date(client, library, url):
    response = client.get(url)
    assert response["ETag"]
    assert response["Last-Modified"] == "Tue, 03 Nov 2026 00:00:00 GMT"


def test_a_request_with_the_same_etag_gets_304_and_no_body(client, library):
    etag = client.get(ARTICLE)["ETag"]
    response = client.get(ARTICLE, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_a_request_with_another_etag_gets_the_page(client, library):
    response = client.get(ARTICLE, HTTP_IF_NONE_MATCH='"not-the-current-one"')
    assert response.status_code == 200 and b"About sessions" in response.content


def test_if_modified_since_is_answered_by_the_review_date(client, library):
    same = client.get(ARTICLE, HTTP_IF_MODIFIED_SINCE="Tue, 03 Nov 2026 00:00:00 GMT")
    older = client.get(ARTICLE, HTTP_IF_MODIFIED_SINCE="Mon, 02 Nov 2026 00:00:00 GMT")
    assert same.status_code == 304
    assert older.status_code == 200


def test_a_page_is_rendered_once_and_then_served_as_it_was(client, library, renders):
    first = client.get(ARTICLE)
    assert "articles/detail.html" in renders
    renders.clear()
    second = client.get(ARTICLE)
    assert renders == []
    assert second.content == first.content and second["ETag"] == first["ETag"]


def test_each_host_gets_its_own_page_with_its_own_canonical_link(library):
    on_testserver = Client().get(ARTICLE).content.decode()
    on_localhost = Client(HTTP_HOST="localhost").get(ARTICLE).content.decode()
    assert 'href="http://testserver/articles/first-article/"' in on_testserver
    assert 'href="http://localhost/articles/first-article/"' in on_localhost


def test_a_changed_article_is_served_new_once_the_library_reloads(client, library):
    before = client.get(ARTICLE)
    library.write(
        "first-article", "Rewritten about sessions [@1].\n\nSee [next](second-article.md)."
    )
    reset_library_cache()  # what a deploy (a new process) or DEBUG's file watch does
    after = client.get(ARTICLE)
    assert b"Rewritten about sessions" in after.content
    assert after["ETag"] != before["ETag"]
    assert client.get(ARTICLE, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_a_missing_page_is_not_kept(client, library, renders):
    for _ in range(2):
        response = client.get("/articles/no-such-article/")
        assert response.status_code == 404 and "ETag" not in response
    assert renders.count("404.html") == 2


def test_in_debug_every_request_renders_afresh(client, library, renders, settings):
    settings.DEBUG = True
    client.get(ARTICLE)
    client.get(ARTICLE)
    assert renders.count("articles/detail.html") == 2


def test_search_and_the_form_are_never_served_from_the_finished_pages(client, library):
    one = client.get("/search/?q=sessions").content
    other = client.get("/search/?q=nausea").content
    assert one != other
    assert "ETag" not in client.get("/consultations/request/")


def test_each_search_is_rendered_once_and_kept_apart_from_other_searches(client, library, renders):
    first = client.get("/search/?q=sessions")
    renders.clear()
    again = client.get("/search/?q=sessions")
    assert renders == [] and again.content == first.content
    other = client.get("/search/?q=nausea")
    assert "articles/search.html" in renders and other.content != first.content


def test_a_flood_of_searches_keeps_only_the_latest_and_never_pushes_out_an_article(
    client, library, renders, monkeypatch
):
    import clinic_site.page_cache

    monkeypatch.setattr(clinic_site.page_cache, "MAX_SEARCHES", 3)
    client.get(ARTICLE)
    for word in ["alpha", "bravo", "charlie", "delta"]:
        client.get(f"/search/?q={word}")
    renders.clear()
    client.get("/search/?q=delta")
    client.get(ARTICLE)
    assert renders == []  # the latest search and the article are still kept
    client.get("/search/?q=alpha")
    assert "articles/search.html" in renders  # the oldest search made way


def test_a_browser_that_accepts_gzip_gets_the_page_compressed_once(client, library):
    import gzip

    plain = client.get(ARTICLE)
    packed = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 2
    assert packed["ETag"] != plain["ETag"]  # a strong ETag names one encoding
    assert packed["Vary"] == plain["Vary"] == "Accept-Encoding"
    assert "Content-Encoding" not in plain
    again = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304 and again["ETag"] == packed["ETag"]


def test_the_consultation_form_which_holds_a_csrf_token_is_never_compressed(client):
    response = client.get("/consultations/request/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in response
