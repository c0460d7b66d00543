"""WCAG 2.2 AA in a real browser: each page type, visited once, must fit a 320 px phone without
scrolling sideways and pass axe-core at phone (375 px) and desktop (1280 px) widths.

With SCREENSHOTS=1 (`make screenshots`) each width also leaves a full-page screenshot in
var/screenshots/ for a person to review.
"""

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations import contacts, links, services
from consultations.models import ConsultationRequest
from reviews.feedback import feedback_record
from tests.browser.conftest import (
    DESKTOP,
    FORM_URL,
    PHONE,
    WCAG_TAGS,
    browser_test,
    fill_consultation_form,
    screenshot,
)
from tests.browser.test_staff_journey import PASSWORD, current_code
from tests.conftest import ContentTree, restore_roles
from tests.consultations.booking import book
from tests.consultations.conftest import create_request, sign_in, staff_user

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


def article_feedback_sent(page, base):
    """An article after "Was this page helpful?" was answered: the thanks in place of the form."""
    page.goto(base + ARTICLE)
    page.locator("#feedback").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Send my answer").click()
    page.wait_for_url("**#feedback-thanks")


def review_desk(page, base):
    """The content review desk, for a clinical reviewer signed in with both factors."""
    restore_roles()
    user = get_user_model().objects.create_user("casey", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Clinical reviewer"))
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    feedback_record(slug="side-effects", helpful=False, reason="hard")
    page.goto(base + reverse("review_desk"))
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Content review desk").wait_for()


PAGE_TYPES = {
    "home": visit("/"),
    "article-list": visit("/articles/"),
    "topic": visit("/articles/topic/safety-and-risks/"),
    "article": visit(ARTICLE),
    "article-feedback-sent": article_feedback_sent,
    "search": visit("/search/"),
    "search-with-results": visit("/search/?q=side+effects"),
    "search-without-results": visit("/search/?q=xylophone"),
    "search-did-you-mean-with-a-myth": visit("/search/?q=adictive"),
    "search-with-the-crisis-block": visit("/search/?q=suicide"),
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
    "review-desk": review_desk,
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
    fits_a_phone_and_passes_axe(page, page_type)


def test_a_staff_draft_preview_fits_a_phone_and_passes_axe_at_wcag_2_2_aa(
    live_server, new_page, settings, tmp_path, django_user_model
):
    """A page type of its own: it needs a draft in the content and a staff member's session."""
    root = tmp_path / "content"
    shutil.copytree(settings.ARTICLES_CONTENT_DIR, root)
    ContentTree(root).write("a-draft-in-review", title="A draft in review", extra="draft: true\n")
    settings.ARTICLES_CONTENT_DIR = root
    staff = sign_in(Client(), staff_user(django_user_model, "previewer", "Clinical reviewer"))
    page = new_page(width=NARROWEST)
    session = staff.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.goto(live_server.url + "/articles/a-draft-in-review/")
    assert page.locator(".draft-banner").inner_text().startswith("Draft — not published.")
    fits_a_phone_and_passes_axe(page, "draft-preview")


def fits_a_phone_and_passes_axe(page, page_type: str) -> None:
    # Measured once every stylesheet has loaded: a page reached by a click (the review desk,
    # after sign-in) may be in the DOM before its own stylesheet, and measure wider than it is.
    page.wait_for_load_state("load")
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


# --- The staff pages: the queue, a request, Log contact ---


def a_busy_queue(staff) -> ConsultationRequest:
    """A queue as a morning might find it: long names and messages, every status open, an
    appointment, a referral, an assignee, a logged contact. Returns the urgent request."""
    long_message = (
        "I have been struggling for a very long time with treatment-resistant depression and "
        "my family doctor suggested I look into this clinic.\nSecond line."
    )
    urgent = create_request(
        full_name="Alexandrine Marie-Claude Beauchemin-Tremblay",
        message="I want to kill myself. Please call me as soon as you can, after 4 p.m.",
        contact_method="phone",
    )
    create_request(message=long_message, province="QC")
    contacted = create_request(full_name="Sam Contacted", message="Hello")
    services.consultation_request_change_status(
        consultation_request=contacted, to_status="contacted", by=staff
    )
    booked = create_request(full_name="Robin Booked", message="Questions about cost")
    book(booked, by=staff)
    assigned = create_request(full_name="Kim Assigned", message="Some days I can't see the point")
    assigned.assigned_to = staff
    services.consultation_request_update(
        consultation_request=assigned, by=staff, changed=["assigned_to"]
    )
    contacts.contact_attempt_log(consultation_request=urgent, by=staff, outcome="no_answer")
    return urgent


def signed_in_staff(page, base):
    """A coordinator's session in this browser, as if they had signed in with both factors."""
    user = staff_user(get_user_model(), "robin", "Intake coordinator")
    client = sign_in(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    return user


def staff_queue(page, base):
    a_busy_queue(signed_in_staff(page, base))
    page.goto(base + reverse("admin:consultations_consultationrequest_changelist"))


def staff_request(page, base):
    urgent = a_busy_queue(signed_in_staff(page, base))
    services.consultation_note_create(
        consultation_request=urgent, author=urgent.contact_attempts.get().author, body="Tried once"
    )
    page.goto(base + reverse("admin:consultations_consultationrequest_change", args=[urgent.pk]))


def staff_log_contact(page, base):
    urgent = a_busy_queue(signed_in_staff(page, base))
    page.goto(base + reverse("admin:consultations_consultationrequest_contact", args=[urgent.pk]))
    page.get_by_role("button", name="Log contact").click()  # nothing chosen: the error shows
    page.locator(".errornote").wait_for()


STAFF_PAGES = {
    "admin-queue": staff_queue,
    "admin-request": staff_request,
    "admin-log-contact": staff_log_contact,
}
WIDER_THAN_THE_SCREEN = """() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
})"""


@pytest.mark.parametrize("page_type", STAFF_PAGES)
def test_the_staff_pages_pass_axe_and_never_scroll_the_page_sideways(
    live_server, new_page, page_type
):
    """At 1280 px everything fits; on a phone the queue's table scrolls inside its own box
    (Django's admin does that), never the whole page."""
    page = new_page(width=DESKTOP, height=800)
    STAFF_PAGES[page_type](page, live_server.url)
    axe = Axe()
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"{page_type}-{width}")
        overflow = page.evaluate(WIDER_THAN_THE_SCREEN)
        assert overflow["scroll"] <= overflow["width"], f"scrolls sideways at {width} px"
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.response["violations"] == [], f"at {width} px:\n{axe_report(results)}"
        assert results.response["passes"], "axe ran no checks at all"


def test_the_queue_fits_1280_by_800_without_scrolling_sideways(live_server, new_page):
    page = new_page(width=DESKTOP, height=800)
    staff_queue(page, live_server.url)
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 5
    table = page.evaluate(
        """() => {
            const table = document.querySelector("#result_list").getBoundingClientRect();
            return {right: table.right, width: document.documentElement.clientWidth,
                    scroll: document.documentElement.scrollWidth,
                    box: document.querySelector(".results").scrollWidth
                         - document.querySelector(".results").clientWidth};
        }"""
    )
    assert table["scroll"] <= table["width"], f"the page scrolls sideways: {table}"
    assert table["right"] <= table["width"], table
    assert table["box"] <= 0, f"the table scrolls inside its box: {table}"
