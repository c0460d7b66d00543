"""Phone first, measured in Chromium at 375 x 800: the <h1> near the top of every page type, the
crisis line on one line, the 9-8-8 buttons on the first screen, citation links big enough to tap,
and a menu that opens without JavaScript."""

import pytest

from tests.browser.conftest import (
    DESKTOP,
    FORM_URL,
    PHONE,
    browser_test,
    fill_consultation_form,
    tab_to,
)

pytestmark = browser_test

HEIGHT = 800
ARTICLE = "/articles/side-effects/"
PAGES = {
    "home": "/",
    "article": ARTICLE,
    "topic": "/articles/topic/safety-and-risks/",
    "article-list": "/articles/",
    "faq": "/faq/",
    "glossary": "/glossary/",
    "search": "/search/?q=side+effects",
    "consultation-form": FORM_URL,
    "get-help-now": "/get-help-now/",
    "our-clinic": "/our-clinic/",
    "about": "/about/",
    "privacy": "/privacy/",
    "accessibility": "/accessibility/",
    "not-found": "/articles/no-such-article/",
}
# The top of the <h1>, and the crisis line's height in line boxes (1.0 = a single line).
MEASURE = """() => {
    const strip = document.querySelector(".crisis-strip p");
    const style = getComputedStyle(strip);
    const inner = strip.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return {
        h1: document.querySelector("h1").getBoundingClientRect().top,
        crisisLines: inner / parseFloat(style.lineHeight),
        crisisText: strip.innerText,
    };
}"""


def phone(new_page, **options):
    return new_page(width=PHONE, height=HEIGHT, **options)


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_the_h1_starts_in_the_top_200_px_and_the_crisis_line_is_one_line(
    live_server, new_page, url
):
    page = phone(new_page)
    page.goto(live_server.url + url)
    measured = page.evaluate(MEASURE)
    assert measured["h1"] <= 200, measured
    assert measured["crisisLines"] == pytest.approx(1, abs=0.05), measured
    assert "9-8-8" in measured["crisisText"] and "911" in measured["crisisText"]


def test_the_confirmation_page_has_its_h1_in_the_top_200_px(live_server, new_page):
    page = phone(new_page)
    page.goto(live_server.url + FORM_URL)
    fill_consultation_form(page)
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url("**/received/")
    assert page.evaluate(MEASURE)["h1"] <= 200


def test_the_call_and_text_988_buttons_are_on_the_first_screen_of_get_help_now(
    live_server, new_page
):
    page = phone(new_page)
    page.goto(live_server.url + "/get-help-now/")
    main = page.get_by_role("main")
    for name, href in (("Call 9-8-8", "tel:988"), ("Text 9-8-8", "sms:988")):
        button = main.get_by_role("link", name=name, exact=True)
        assert button.get_attribute("href") == href
        box = button.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT, (name, box)
        assert box["height"] >= 44, (name, box)


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=lambda w: f"{w}px")
def test_citation_and_reference_links_are_at_least_24_px_to_tap(live_server, new_page, width):
    page = new_page(width=width)
    page.goto(live_server.url + ARTICLE)
    sizes = page.eval_on_selector_all(
        ".prose .cite a, .references a",
        "els => els.map(el => { const r = el.getBoundingClientRect();"
        "  return [el.getAttribute('href'), r.width, r.height]; })",
    )
    assert len([s for s in sizes if s[0].startswith("#ref-")]) > 5, sizes
    small = [s for s in sizes if s[1] < 24 or s[2] < 24]
    assert small == [], small


def test_citations_do_not_spread_the_lines_of_the_paragraph_apart(live_server, new_page):
    page = phone(new_page)
    page.goto(live_server.url + ARTICLE)
    heights = page.eval_on_selector_all(
        ".prose li:has(.cite), .prose p:has(.cite)",
        "els => els.map(el => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))",
    )
    assert heights
    assert all(abs(lines - round(lines)) < 0.05 for lines in heights), heights


def test_an_article_opens_with_its_summary_and_in_short_and_ends_with_its_review(
    live_server, new_page
):
    page = phone(new_page)
    page.goto(live_server.url + ARTICLE)
    in_short = page.get_by_role("heading", name="In short", level=2)
    assert in_short.bounding_box()["y"] < HEIGHT, "In short starts on the first screen"
    contents = page.get_by_role("navigation", name="Contents")
    assert in_short.bounding_box()["y"] < contents.bounding_box()["y"]
    assert not contents.get_by_role("link", name="References").is_visible(), "closed at first"
    contents.get_by_text("Contents", exact=True).click()
    links = contents.get_by_role("link")
    top_level = page.eval_on_selector_all(".prose h2", "hs => hs.slice(1).map(h => h.innerText)")
    assert links.all_inner_texts() == [*top_level, "References"]
    references = page.get_by_role("heading", name="References", level=2).bounding_box()["y"]
    review = page.locator(".article-footer").bounding_box()["y"]
    assert review > references
    assert "Last reviewed" in page.locator(".article-footer").inner_text()


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_the_phone_menu_opens_from_the_keyboard_and_leads_to_the_faq(
    live_server, new_page, javascript
):
    page = phone(new_page, javascript=javascript)
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.is_visible(), "closed at first, so the page starts near the top"
    tab_to(page, lambda description: description.startswith("summary") and "Menu" in description)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused Menu button shows it"
    page.keyboard.press("Enter")
    assert nav.is_visible()
    tab_to(
        page, lambda description: description.startswith("a") and "Common questions" in description
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Questions about ketamine therapy"
    assert not page.get_by_role("navigation", name="Main").is_visible(), "closed on the new page"


def test_the_menu_opens_with_a_tap_without_javascript_and_closes_again(live_server, new_page):
    page = phone(new_page, javascript=False)
    page.goto(live_server.url + "/about/")
    menu = page.locator(".menu-toggle summary")
    nav = page.get_by_role("navigation", name="Main")
    menu.click()
    assert nav.get_by_role("link", name="Get help now").is_visible()
    menu.click()
    assert not nav.is_visible()


def test_on_a_desktop_the_menu_is_always_shown_and_the_menu_button_is_gone(live_server, new_page):
    page = new_page(width=DESKTOP, javascript=False)
    page.goto(live_server.url + "/")
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Articles")
        .is_visible()
    )
    assert not page.locator(".menu-toggle").is_visible()
    crisis = page.locator(".crisis-strip").inner_text()
    assert "More ways to get help now" in crisis and "thinking about suicide" in crisis
