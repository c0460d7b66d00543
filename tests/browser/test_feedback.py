""" "Was this page helpful?" in a real browser with JavaScript off: sent, counted, thanked in place."""

from reviews.models import PageFeedback
from tests.browser.conftest import browser_test

pytestmark = browser_test

ARTICLE = "/articles/side-effects/"


def test_a_reader_without_javascript_answers_and_is_thanked_at_the_same_place(
    live_server, new_page
):
    page = new_page(javascript=False)
    page.goto(live_server.url + ARTICLE)
    form = page.locator("#feedback")
    form.get_by_label("No", exact=True).check()
    form.get_by_label("It was hard to understand").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Send my answer").click()

    assert page.url == live_server.url + ARTICLE + "#feedback-thanks"
    thanks = page.get_by_role("heading", name="Thank you for your answer")
    assert thanks.is_visible()
    assert not form.get_by_role("button", name="Send my answer").is_visible()
    assert thanks.bounding_box()["y"] < 900  # scrolled to it: the reader is where they were
    assert page.context.cookies() == []
    row = PageFeedback.objects.get()
    assert (row.slug, row.helpful, row.reason, row.count) == ("side-effects", False, "hard", 1)


def test_sending_without_an_answer_is_stopped_by_the_browser_and_counts_nothing(
    live_server, new_page
):
    page = new_page(javascript=False)
    page.goto(live_server.url + ARTICLE)
    page.locator("#feedback").get_by_role("button", name="Send my answer").click()
    page.wait_for_timeout(300)
    assert page.url == live_server.url + ARTICLE
    assert page.get_by_role("heading", name="Was this page helpful?").is_visible()
    assert not PageFeedback.objects.exists()
