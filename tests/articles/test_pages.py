"""Article pages, lists, topics, search, sitemap, feed and drafts, on a temporary library."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(content):
    content.write("first-article", "## Overview\n\nAbout sessions and nausea [@1].\n\nSee [next](second-article.md).",
                  title="Nausea after treatment", last_reviewed="2026-11-01")  # fmt: skip
    content.write("second-article", "Nausea is mentioned here in the body only, nausea again.",
                  title="Blood pressure checks", category="your-treatment")  # fmt: skip
    content.write("secret-plan", "A draft about nausea.", title="Unreleased nausea draft",
                  extra="draft: true\n")  # fmt: skip
    return content


def test_an_article_page_shows_everything_a_reader_needs(client, library):
    response = client.get("/articles/first-article/")
    assert response.status_code == 200
    for text in ["<h1>Nausea after treatment</h1>", "A short summary of the article.", "min",
                 "Last reviewed", "November 1, 2026", "Next review due", "Clinical team",
                 'href="#overview"', "References", 'id="ref-1"', "https://doi.org/10.1000/example",
                 "Related articles", 'href="/articles/second-article/"', "/consultations/request/"]:  # fmt: skip
        assertContains(response, text)


def test_an_article_carries_medical_web_page_json_ld(client, library):
    response = client.get("/articles/first-article/")
    block = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    data = json.loads(block.group(1))
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2026-11-01"
    assert "Clinical team" in data["reviewedBy"]["name"]


def test_an_unknown_article_is_a_404_page_with_the_crisis_strip(client, library):
    response = client.get("/articles/no-such-thing/")
    assert response.status_code == 404
    assertContains(response, "We could not find that page", status_code=404)
    assertContains(response, 'href="tel:988"', status_code=404)


def test_an_unknown_topic_is_a_404(client, library):
    assert client.get("/articles/topic/astrology/").status_code == 404


def test_articles_are_grouped_by_topic(client, library):
    response = client.get("/articles/")
    html = response.content.decode()
    safety, treatment = (
        html.index('<h2 id="safety-and-risks">'),
        html.index('<h2 id="your-treatment">'),
    )
    assert (
        safety
        < html.index("Nausea after treatment")
        < treatment
        < html.index("Blood pressure checks")
    )
    assert client.get("/articles/topic/your-treatment/").status_code == 200


def test_drafts_appear_nowhere_and_are_404_when_debug_is_off(client, library):
    for url in ["/", "/articles/", "/articles/topic/safety-and-risks/", "/search/?q=nausea",
                "/sitemap.xml", "/feed.xml"]:  # fmt: skip
        assertNotContains(client.get(url), "secret-plan")
        assertNotContains(client.get(url), "Unreleased nausea draft")
    assert client.get("/articles/secret-plan/").status_code == 404


def test_a_draft_can_be_previewed_in_debug(client, library, settings):
    settings.DEBUG = True
    response = client.get("/articles/secret-plan/")
    assertContains(response, "Draft — not published")
    assertNotContains(client.get("/articles/"), "Unreleased nausea draft")


def test_search_ranks_a_title_match_above_body_matches(client, library):
    response = client.get("/search/", {"q": "nausea"})
    titles = re.findall(r'<h3><a href="/articles/([a-z-]+)/[^"]*">', response.content.decode())
    assert titles == ["first-article", "second-article"]
    assertContains(response, "<mark>Nausea</mark>")


def test_search_matches_word_beginnings_and_escapes_the_query(client, library):
    response = client.get("/search/", {"q": "<b>naus</b>"})
    assertContains(response, "&lt;b&gt;naus&lt;/b&gt;")
    assertNotContains(response, "<b>naus</b>")
    assertContains(response, "2 results for")


def test_search_without_a_query_or_results_helps_the_reader(client, library):
    empty = client.get("/search/")
    assertContains(empty, "Browse by topic")
    none = client.get("/search/", {"q": "xylophone"})
    assertContains(none, "Nothing found for “xylophone”")
    assertContains(none, "Check the spelling")
    stopwords = client.get("/search/", {"q": "the and of"})
    assertContains(stopwords, "only had very common words")


def test_a_very_long_search_is_cut_not_refused(client, library):
    response = client.get("/search/", {"q": "nausea " * 100})
    assert response.status_code == 200
    assertContains(response, "first 200 characters")


def test_the_sitemap_lists_every_published_article_with_lastmod(client, library):
    response = client.get("/sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(response.content)
    urls = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root
    }
    assert urls["http://testserver/articles/first-article/"] == "2026-11-01"
    assert "http://testserver/articles/second-article/" in urls
    assert "http://testserver/get-help-now/" in urls
    assert all(urls.values())


def test_the_feed_lists_every_published_article(client, library):
    response = client.get("/feed.xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(response.content)
    links = sorted(e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns))
    assert links == [
        "http://testserver/articles/first-article/",
        "http://testserver/articles/second-article/",
    ]


def test_the_library_reloads_a_changed_file_in_debug(client, library, settings):
    settings.DEBUG = True
    assertContains(client.get("/articles/first-article/"), "Nausea after treatment")
    path = library.write("first-article", "New body.", title="A new title")
    import os

    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assertContains(client.get("/articles/first-article/"), "A new title")
