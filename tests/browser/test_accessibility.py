"""WCAG 2.2 AA in a real browser: each page type, visited once, must fit a 320 px phone without
scrolling sideways and pass axe-core at phone (375 px) and desktop (1280 px) widths.

With SCREENSHOTS=1 (`make screenshots`) each width also leaves a full-page screenshot in
var/screenshots/ for a person to review.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.urls import reverse

from consultations import links
from tests.browser.conftest import (
    DESKTOP,
    FORM_URL,
    PHONE,
    WCAG_TAGS,
    browser_test,
    fill_consultation_form,
    screenshot,
)
from tests.consultations.booking import book
from tests.consultations.conftest import create_request, staff_user

pytestmark = browser_test

ARTICLE = "/articles/side-effects/"


def visit(url):
    def go(page, base):
        page.goto(base + url)

    return go


def form_with_errors(page, base):
    page.goto(base + FORM_URL)
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Send my request").click()
    page.locator("#error-summary").wait_for()


def confirmation(page, base):
    page.goto(base + FORM_URL)
    fill_consultation_form(page)
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url("**/received/")


def admin_login(page, base):
    page.goto(base + reverse("admin:login"))


REFER_URL = "/consultations/refer/"


def referral_with_errors(page, base):
    page.goto(base + REFER_URL)
    page.get_by_label("Your work email address").fill("not an email")
    page.get_by_role("button", name="Send the referral").click()
    page.locator("#error-summary").wait_for()


def your_appointment(page, base):
    """The patient's page to ask us to move or cancel a booked appointment, with an error."""
    item = create_request()
    staff = staff_user(get_user_model(), "booker", "Intake coordinator")
    book(item, by=staff)
    page.goto(base + links.your_request_path(item) + "appointment/")
    page.get_by_role("button", name="Send my request").click()
    page.locator("#error-summary").wait_for()


PAGE_TYPES = {
    "home": visit("/"),
    "article-list": visit("/articles/"),
    "topic": visit("/articles/topic/safety-and-risks/"),
    "article": visit(ARTICLE),
    "search": visit("/search/"),
    "search-with-results": visit("/search/?q=side+effects"),
    "search-without-results": visit("/search/?q=xylophone"),
    "get-help-now": visit("/get-help-now/"),
    "our-clinic": visit("/our-clinic/"),
    "about": visit("/about/"),
    "privacy": visit("/privacy/"),
    "accessibility": visit("/accessibility/"),
    "faq": visit("/faq/"),
    "glossary": visit("/glossary/"),
    "consultation-form": visit(FORM_URL),
    "consultation-form-with-errors": form_with_errors,
    "consultation-received": confirmation,
    "referral-form": visit(REFER_URL),
    "referral-form-with-errors": referral_with_errors,
    "your-appointment": your_appointment,
    "not-found": visit("/articles/no-such-article/"),
    "admin-login": admin_login,
}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
NARROWEST = 320
SIDEWAYS = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
        .filter(el => el.getBoundingClientRect().right > width + 1)
        .filter(el => !el.closest(".visually-hidden, .hp-field, .skip-link"))
        .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                   + (el.className ? "." + String(el.className).split(" ")[0] : ""));
    return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""


def axe_report(results) -> str:
    lines = []
    for violation in results.response["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {' '.join(node['target'])}" for node in violation["nodes"][:5])
    return "\n".join(lines)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_fits_a_phone_and_passes_axe_at_wcag_2_2_aa(
    live_server, new_page, page_type
):
    page = new_page(width=NARROWEST)
    PAGE_TYPES[page_type](page, live_server.url)
    overflow = page.evaluate(SIDEWAYS)
    assert overflow["scroll"] <= overflow["width"], f"scrolls sideways at 320 px: {overflow}"
    assert overflow["wide"] == [], f"wider than a 320 px screen: {overflow}"
    axe = Axe()
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{page_type}-{width}")
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.response["violations"] == [], f"at {width} px:\n{axe_report(results)}"
        assert results.response["passes"], "axe ran no checks at all"
