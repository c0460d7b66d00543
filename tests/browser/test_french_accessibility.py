"""The French site passes the same browser checks as the English: each public page type, in
French, fits a 320 px phone without scrolling sideways and passes axe-core (WCAG 2.2 AA) at
phone and desktop widths. (The staff admin is English only.)"""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from consultations import links
from tests.browser.conftest import browser_test
from tests.browser.test_accessibility import NARROWEST, fits_a_phone_and_passes_axe, visit
from tests.consultations.booking import book
from tests.consultations.conftest import create_request, staff_user

pytestmark = browser_test

FORM = "/fr/consultations/request/"
ARTICLE = "/fr/articles/effets-secondaires/"


def tick(page, field_id):
    """Choose a radio button or tick a box as a person does: by its label (the box itself is
    drawn by the stylesheet)."""
    page.locator(f"label[for={field_id}]").click()


def send(page):
    with page.expect_navigation():
        page.locator("main button[type=submit]").last.click()


def form_with_errors(page, base):
    page.goto(base + FORM)
    page.locator("#id_email").fill("pas une adresse")
    send(page)
    page.locator("#error-summary").wait_for()
    assert "Entrez une adresse courriel" in page.locator("#error-summary").inner_text()


def confirmation(page, base):
    page.goto(base + FORM)
    page.locator("#id_full_name").fill("Camille Gagnon")
    page.locator("#id_email").fill("camille@exemple.ca")
    page.locator("#id_phone").fill("514-555-0142")
    tick(page, "id_contact_method_1")  # by phone: then when, and whether to leave a message
    tick(page, "id_contact_times_0")
    tick(page, "id_voicemail_ok_1")
    page.locator("#id_province").select_option("QC")
    tick(page, "id_is_adult")
    tick(page, "id_help_wanted_0")
    tick(page, "id_referred_by_clinician_1")
    tick(page, "id_consent")
    send(page)
    assert page.url.endswith("/fr/consultations/request/received/")


def referral_with_errors(page, base):
    page.goto(base + "/fr/consultations/refer/")
    page.locator("#id_referrer_email").fill("pas une adresse")
    send(page)
    page.locator("#error-summary").wait_for()


def your_appointment(page, base):
    item = create_request(language="fr")
    book(item, by=staff_user(get_user_model(), "booker", "Intake coordinator"))
    with translation.override(item.language):  # as the patient's French email links to it
        path = links.your_request_path(item)
    page.goto(base + path + "appointment/")
    send(page)
    page.locator("#error-summary").wait_for()


def article_feedback_sent(page, base):
    page.goto(base + ARTICLE)
    tick(page, "feedback-yes")
    page.locator("#feedback button[type=submit]").click()
    page.wait_for_url("**#feedback-thanks")


PAGE_TYPES = {
    "home": visit("/fr/"),
    "article-list": visit("/fr/articles/"),
    "topic": visit("/fr/articles/topic/safety-and-risks/"),
    "article": visit(ARTICLE),
    "article-feedback-sent": article_feedback_sent,
    "search": visit("/fr/search/"),
    "search-with-results": visit("/fr/search/?q=effets+secondaires"),
    "search-without-results": visit("/fr/search/?q=xylophone"),
    "search-did-you-mean": visit("/fr/search/?q=dependence"),
    "search-with-the-crisis-block": visit("/fr/search/?q=suicide"),
    "get-help-now": visit("/fr/get-help-now/"),
    "our-clinic": visit("/fr/our-clinic/"),
    "about": visit("/fr/about/"),
    "privacy": visit("/fr/privacy/"),
    "accessibility": visit("/fr/accessibility/"),
    "faq": visit("/fr/faq/"),
    "glossary": visit("/fr/glossary/"),
    "consultation-form": visit(FORM),
    "consultation-form-with-errors": form_with_errors,
    "consultation-received": confirmation,
    "referral-form": visit("/fr/consultations/refer/"),
    "referral-form-with-errors": referral_with_errors,
    "your-appointment": your_appointment,
    "not-found": visit("/fr/articles/pas-un-article/"),
}


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_french_page_type_fits_a_phone_and_passes_axe(live_server, new_page, page_type):
    page = new_page(width=NARROWEST)
    PAGE_TYPES[page_type](page, live_server.url)
    assert page.locator("html").get_attribute("lang") == "fr-CA"
    fits_a_phone_and_passes_axe(page, f"fr-{page_type}")
