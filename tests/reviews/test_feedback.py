""" "Was this page helpful?": a POST from the article, counted, and back to the same place."""

import hypothesis
import pytest
from django.test import Client, override_settings
from hypothesis import strategies

from reviews.models import PageFeedback, Reason

pytestmark = pytest.mark.django_db

ARTICLE = "/articles/side-effects/"
URL = ARTICLE + "feedback/"
OWN = "http://testserver"


@pytest.fixture
def browser():
    """A reader's browser: it says where the form was sent from, as every browser does."""
    return Client(HTTP_ORIGIN=OWN)


def counts(slug="side-effects"):
    return {(row.helpful, row.reason): row.count for row in PageFeedback.objects.filter(slug=slug)}


def test_a_yes_is_counted_and_the_reader_goes_back_to_the_thanks_on_the_article(browser):
    response = browser.post(URL, {"helpful": "yes"})
    assert response.status_code == 303
    assert response["Location"] == ARTICLE + "#feedback-thanks"
    assert counts() == {(True, ""): 1}


def test_answers_with_the_same_reason_add_up_and_others_are_counted_apart(browser):
    for answer in [("no", "hard"), ("no", "hard"), ("yes", "clear"), ("no", "")]:
        browser.post(URL, {"helpful": answer[0], "reason": answer[1]})
    assert counts() == {(False, "hard"): 2, (True, "clear"): 1, (False, ""): 1}


def test_without_javascript_it_is_post_redirect_get_back_to_the_thanks(browser):
    response = browser.post(URL, {"helpful": "no", "reason": "missing"}, follow=True)
    assert response.redirect_chain == [(ARTICLE + "#feedback-thanks", 303)]
    assert response.request["REQUEST_METHOD"] == "GET"
    page = response.content.decode()
    assert 'id="feedback-thanks"' in page and "Thank you for your answer" in page


def test_sending_feedback_sets_no_cookie_and_stores_nothing_about_the_reader(browser):
    response = browser.post(URL, {"helpful": "yes"}, REMOTE_ADDR="192.0.2.44")
    assert not response.cookies and "Set-Cookie" not in response
    assert {f.name for f in PageFeedback._meta.get_fields()} == {
        "id",
        "slug",
        "helpful",
        "reason",
        "count",
    }
    stored = " ".join(str(v) for v in PageFeedback.objects.values_list())
    assert "192.0.2.44" not in stored


def test_the_article_carries_the_form_with_every_reason_and_no_csrf_token(client):
    page = client.get(ARTICLE).content.decode()
    assert f'action="{URL}"' in page and 'method="post"' in page
    for value, label in Reason.choices:
        assert f'value="{value}"' in page and label in page
    assert "csrfmiddlewaretoken" not in page


def test_the_cached_article_page_sets_no_cookie_before_or_after_feedback(client, browser):
    first = client.get(ARTICLE)
    browser.post(URL, {"helpful": "yes"})
    again = client.get(ARTICLE)
    for response in (first, again):
        assert response.status_code == 200
        assert not response.cookies and "Set-Cookie" not in response
        assert response["Cache-Control"].startswith("public")
    assert again["ETag"] == first["ETag"]  # the same bytes for everyone: nothing per visitor


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose yes or no."),
        ({"helpful": "maybe"}, "Choose yes or no."),
        ({"helpful": "YES"}, "Choose yes or no."),
        (
            {"helpful": "yes", "reason": "I feel worse since my treatment"},
            "Choose one of the reasons",
        ),
        ({"helpful": "yes", "reason": "clear\x00"}, "Choose one of the reasons"),
        ({"helpful": ["yes", "no"]}, "Send one answer, not several."),
        ({"helpful": "no", "reason": ["hard", "missing"]}, "Send one answer, not several."),
    ],
)
def test_a_wrong_answer_gets_a_400_saying_what_is_wrong_and_counts_nothing(browser, data, message):
    response = browser.post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Your answer was not counted" in page
    assert f'href="{ARTICLE}#feedback"' in page
    assert not response.cookies
    assert not PageFeedback.objects.exists()


def test_an_unknown_article_is_404(browser):
    response = browser.post("/articles/no-such-article/feedback/", {"helpful": "yes"})
    assert response.status_code == 404
    assert not PageFeedback.objects.exists()


def test_a_slug_that_is_not_one_is_404(browser):
    assert (
        browser.post("/articles/Side_Effects%00/feedback/", {"helpful": "yes"}).status_code == 404
    )


@pytest.mark.parametrize("method", ["get", "head", "put", "delete"])
def test_only_post_is_taken(browser, method):
    response = getattr(browser, method)(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    if method == "get":
        assert "only takes answers sent from the form" in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "http://testserver.elsewhere.example"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
        {"HTTP_REFERER": "https://elsewhere.example/articles/side-effects/"},
        {},  # neither Origin nor Referer: not sent by a browser from our page
    ],
)
def test_an_answer_sent_from_another_site_is_refused(headers):
    response = Client(**headers).post(URL, {"helpful": "yes"})
    assert response.status_code == 403
    assert "only be sent from the article on this site" in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_a_browser_that_sends_only_a_same_origin_referer_is_counted():
    response = Client(HTTP_REFERER=OWN + ARTICLE).post(URL, {"helpful": "yes"})
    assert response.status_code == 303
    assert counts() == {(True, ""): 1}


def test_a_filled_honeypot_gets_the_same_thanks_and_is_not_counted(browser):
    response = browser.post(URL, {"helpful": "yes", "website": "http://spam.example"})
    assert response.status_code == 303
    assert response["Location"] == ARTICLE + "#feedback-thanks"
    assert not PageFeedback.objects.exists()


def test_too_many_answers_from_one_address_get_a_429_and_are_not_counted(browser, settings):
    settings.FEEDBACK_RATE_LIMIT = (2, 3600)
    for _ in range(2):
        assert browser.post(URL, {"helpful": "yes"}).status_code == 303
    over = browser.post(URL, {"helpful": "no"})
    assert over.status_code == 429
    assert 0 < int(over["Retry-After"]) <= 3600
    assert "not counted" in over.content.decode()
    assert counts() == {(True, ""): 2}
    # Another address is counted apart.
    other = browser.post(URL, {"helpful": "no"}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 303


def test_the_rate_limit_counts_answers_across_articles(browser, settings):
    settings.FEEDBACK_RATE_LIMIT = (1, 3600)
    assert browser.post(URL, {"helpful": "yes"}).status_code == 303
    response = browser.post("/articles/how-ketamine-works/feedback/", {"helpful": "yes"})
    assert response.status_code == 429


def test_every_published_article_asks_was_this_page_helpful(client):
    from articles.library import get_library

    for article in get_library().published:
        page = client.get(article.get_absolute_url()).content.decode()
        assert f'action="{article.get_absolute_url()}feedback/"' in page, article.slug
        assert 'id="feedback-thanks"' in page


@override_settings(FEEDBACK_RATE_LIMIT=(1000, 3600))
@hypothesis.settings(max_examples=40, deadline=None)
@hypothesis.given(
    helpful=strategies.text(max_size=30),
    reason=strategies.text(max_size=30),
    website=strategies.text(max_size=10),
)
def test_any_values_get_a_clear_answer_never_a_500(helpful, reason, website):
    before = sum(PageFeedback.objects.values_list("count", flat=True))
    data = {"helpful": helpful, "reason": reason, "website": website}
    response = Client(HTTP_ORIGIN=OWN, REMOTE_ADDR="198.51.100.9").post(URL, data)
    assert response.status_code in (303, 400)
    valid = helpful in ("yes", "no") and reason in {"", *Reason.values} and "\x00" not in website
    counted = sum(PageFeedback.objects.values_list("count", flat=True)) - before
    expected = 1 if response.status_code == 303 and valid and not website.strip() else 0
    assert counted == expected
    if response.status_code == 400:
        assert not valid
