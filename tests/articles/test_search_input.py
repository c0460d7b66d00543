"""Whatever is typed into search, the page answers 200 with a clear word about it, escaped."""

import logging

import pytest
from django.urls import ResolverMatch
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from articles import search, search_pages
from articles.library import get_library, reset_library_cache
from articles.search import LEFT_OUT, LONG, MAX_QUERY_LENGTH, NO_WORDS, index_for
from articles.search_pages import site_documents

pytestmark = pytest.mark.django_db


def get(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response


def test_an_empty_or_blank_search_shows_the_form_and_the_topics_and_no_message(client):
    for query in ["", "   ", "\t\n"]:
        response = get(client, query)
        assertContains(response, "Browse by topic")
        assertNotContains(response, 'class="results-count"')
        assertNotContains(response, '<p class="notice">Your search')


def test_a_very_long_search_is_cut_and_says_so(client):
    response = get(client, "nausea " + "x" * 5000)
    assertContains(response, LONG % {"length": MAX_QUERY_LENGTH})
    html = response.content.decode()
    value = html.split('name="q" type="search" value="', 1)[1].split('"', 1)[0]
    assert len(value) <= MAX_QUERY_LENGTH
    assertContains(response, "/articles/side-effects/#nausea")


def test_control_characters_are_left_out_and_the_rest_is_searched(client):
    response = get(client, "nau\x00sea\x1b[31m \u202eside\u200b")
    assertContains(response, LEFT_OUT)
    html = response.content.decode()
    assert not any(ch in html for ch in "\x00\x1b\u202e\u200b")


def test_bytes_that_were_not_text_are_left_out_with_a_message(client):
    response = client.get("/search/?q=%FF%FEnausea")
    assert response.status_code == 200
    assertContains(response, LEFT_OUT)
    assertNotContains(response, "\ufffd")
    assertContains(response, "/articles/side-effects/#nausea")


def test_a_search_of_only_punctuation_or_symbols_asks_for_a_word(client):
    for query in ["!!! ??? ---", "...", "<>", "😀🙂", "%%%"]:
        assertContains(get(client, query), NO_WORDS)


def test_a_search_of_only_common_words_says_so(client):
    assertContains(get(client, "what is the"), "only had very common words")


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1; DROP TABLE articles_article; --",
        '" UNION SELECT password FROM auth_user --',
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "{{ settings.SECRET_KEY }} {% debug %}",
        "side) [effects]* .+ (?<x>",
        "a" * 300,
        "кетамин депрессия",
    ],
)
def test_hostile_or_odd_searches_are_answered_as_text(client, query):
    response = get(client, query)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert f'value="{escape(query[:MAX_QUERY_LENGTH])}"' in html  # as typed, escaped


def test_the_query_is_escaped_in_the_title_the_box_the_headings_and_the_suggestion(client):
    response = get(client, "<b>adictive</b>")
    html = response.content.decode()
    assert "<b>adictive</b>" not in html
    assert "&lt;b&gt;adictive&lt;/b&gt;" in html  # the title and the search box
    assert "Did you mean" in html
    assert "&lt;b&gt;addictive&lt;/b&gt;" in html


def test_only_the_last_of_several_queries_is_searched(client):
    response = client.get("/search/?q=xylophone&q=nausea")
    assertContains(response, "/articles/side-effects/#nausea")


def test_the_index_is_built_once_per_library(settings):
    library = get_library()
    assert index_for(library, site_documents) is index_for(library, site_documents)
    reset_library_cache()
    settings.DEBUG = True  # a fresh library, as after a content change
    assert index_for(get_library(), site_documents) is not index_for(library, site_documents)


@pytest.fixture
def fresh_index():
    """The index is kept with the library: build it afresh for this test, and after it."""
    search._forget_indexes()
    yield
    search._forget_indexes()


def test_a_page_that_cannot_be_rendered_is_left_out_and_search_goes_on(
    client, monkeypatch, caplog, fresh_index
):
    real = search_pages.resolve

    def resolve(path):
        if path == "/about/":
            return ResolverMatch(lambda request: 1 / 0, (), {})
        return real(path)

    monkeypatch.setattr(search_pages, "resolve", resolve)
    with caplog.at_level(logging.WARNING, logger="articles.search_pages"):
        response = get(client, "editorial policy privacy")
    html = response.content.decode()
    results = html[html.index('<ol class="results">') : html.index("</ol>")]
    assert 'href="/about/' not in results
    assert 'href="/privacy/' in results
    assert "Search left out /about/: ZeroDivisionError" in caplog.text


def test_a_search_is_never_logged(client, caplog, fresh_index):
    with caplog.at_level(logging.DEBUG):
        get(client, "I want to end my life")
    assert "end my life" not in caplog.text
