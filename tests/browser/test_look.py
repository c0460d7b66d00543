"""The look, measured in a real browser: text size and measure, weight, print, icons, no JS."""

import gzip

import pytest

from tests.browser.conftest import DESKTOP, PHONE, browser_test, screenshot

pytestmark = browser_test

ARTICLE = "/articles/side-effects/"
BUDGET = 60 * 1024  # compressed CSS and JavaScript an article page may transfer

# The characters on each rendered line of the matched elements, found from where each glyph lands.
LINES_JS = """(selector) => {
  const lines = [];
  for (const block of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let line = "", bottom = -Infinity, node;
    while ((node = walker.nextNode())) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect || rect.width === 0) { line += " "; continue; }
        if (rect.top >= bottom - 1 && line.trim()) { lines.push(line); line = ""; }
        bottom = Math.max(rect.top >= bottom - 1 ? -Infinity : bottom, rect.bottom);
        line += node.data[i];
      }
    }
    if (line.trim()) lines.push(line);
  }
  return lines.map(l => l.replace(/\\s+/g, " ").trim());
}"""


@pytest.mark.parametrize("width", [320, PHONE, DESKTOP], ids=lambda w: f"{w}px")
def test_body_text_is_at_least_18_px_at_every_width(live_server, new_page, width):
    page = new_page(width=width)
    for url, selector in [(ARTICLE, ".prose p, .prose li, .lede"), ("/", "main p, main li")]:
        page.goto(live_server.url + url)
        sizes = page.eval_on_selector_all(
            selector,
            "els => els.filter(el => !el.matches('.hint, .meta'))"
            "  .map(el => parseFloat(getComputedStyle(el).fontSize))",
        )
        assert sizes and min(sizes) >= 18, (url, sorted(set(sizes)))


def test_article_lines_hold_at_most_about_75_characters(live_server, page):
    page.goto(live_server.url + ARTICLE)
    lines = page.evaluate(LINES_JS, ".prose p, .prose li, .lede")
    assert len(lines) > 50, "the measurement found too few lines to mean anything"
    longest = max(lines, key=len)
    assert len(longest) <= 76, f"{len(longest)} characters: {longest!r}"


def test_an_article_page_transfers_at_most_60_kb_of_compressed_css_and_javascript(
    live_server, page
):
    assets = []

    def keep_css_and_js(response):
        if response.request.resource_type in ("stylesheet", "script"):
            assets.append(response)

    page.on("response", keep_css_and_js)
    page.goto(live_server.url + ARTICLE, wait_until="networkidle")
    assert assets, "the page loaded no stylesheet at all"
    # WhiteNoise serves each file pre-compressed (gzip level 9, or smaller Brotli) in production;
    # the test server sends them raw, so compress them here the same way.
    sizes = {response.url: len(gzip.compress(response.body(), 9)) for response in assets}
    assert sum(sizes.values()) <= BUDGET, sizes


def test_every_request_a_page_makes_goes_to_our_own_origin(live_server, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for url in ("/", ARTICLE, "/consultations/request/"):
        page.goto(live_server.url + url, wait_until="networkidle")
    foreign = [u for u in requested if not u.startswith(live_server.url + "/")]
    assert requested and foreign == []


def test_the_favicon_is_served_from_our_origin(live_server, page):
    page.goto(live_server.url + "/")
    icons = page.eval_on_selector_all(
        "link[rel~=icon], link[rel=apple-touch-icon]", "els => els.map(el => el.href)"
    )
    assert any(href.endswith(".ico") for href in icons), icons
    for href in icons:
        response = page.request.get(href)
        assert response.ok and response.headers["content-type"].startswith("image/"), href


def test_an_article_prints_without_navigation_and_with_references_and_link_targets(
    live_server, page
):
    page.goto(live_server.url + ARTICLE)
    page.emulate_media(media="print")
    screenshot(page, "article-print")
    for hidden in (".site-header", "nav[aria-label=Main]", ".site-footer", ".toc", ".cta"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.get_by_role("heading", name="References").is_visible()
    assert page.locator(".references li").first.is_visible()
    assert page.locator(".crisis-strip").is_visible(), "crisis lines stay on paper"
    targets = page.eval_on_selector_all(
        ".references a, .prose a[href^='/']",
        "els => els.map(el => [el.getAttribute('href'), getComputedStyle(el, '::after').content])",
    )
    assert targets, "the article has no links to print"
    for href, after in targets:
        assert href in after, (href, after)
    assert page.get_by_text("Printed from http").is_visible()


def test_the_print_note_stays_hidden_on_screen(live_server, page):
    page.goto(live_server.url + ARTICLE)
    assert not page.get_by_text("Printed from").is_visible()


def test_pages_work_with_javascript_turned_off(live_server, new_page):
    page = new_page(width=PHONE, javascript=False)
    page.goto(live_server.url + "/")
    page.get_by_role("search").get_by_label("Search the site").fill("blood pressure")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=blood+pressure")
    with page.expect_navigation():
        page.get_by_role("link", name="Side effects of ketamine and esketamine").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Side effects")
    with page.expect_navigation():
        page.get_by_role("link", name="Request a consultation").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Request a consultation"
