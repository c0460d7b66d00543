"""The form asks only what it needs, in a real browser, with JavaScript on and off: an email-only
self-referral, and a request a clinician refers, each sent and confirmed as chosen."""

import pytest

from consultations.models import ConsultationRequest
from tests.browser.conftest import FORM_URL, PHONE, browser_test

pytestmark = browser_test

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])


def about_you(page, *, method: str) -> None:
    page.get_by_label("Full name").fill("Sam Roy")
    page.get_by_label("Email address").fill("sam@example.com")
    page.get_by_label("Phone number").fill("613-555-0177")
    page.get_by_label(method, exact=True).check()


def the_rest(page, *, voicemail: str, referred: str) -> None:
    page.get_by_label(voicemail).check()
    page.get_by_label("Province or territory where you live").select_option("QC")
    page.get_by_label("I am 18 or older").check()
    page.get_by_label("Depression").check()
    page.get_by_label(referred, exact=True).check()


def send(page) -> None:
    page.get_by_label("I agree to be contacted").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my request").click()


def next_steps(page) -> str:
    return " ".join(page.locator("main").inner_text().split())


@JS
def test_an_email_only_self_referral(live_server, new_page, javascript):
    page = new_page(width=PHONE, height=800, javascript=javascript)
    page.goto(live_server.url + FORM_URL)
    times, referrer = page.locator("#if-phone"), page.locator("#if-referred")
    if javascript:
        assert times.is_hidden() and referrer.is_hidden()  # until an answer calls for them
    else:
        assert times.is_visible() and referrer.is_visible()
        assert "(if you chose phone)" in times.inner_text()
        assert "(if yes)" in referrer.inner_text()
    about_you(page, method="Email")
    if javascript:
        assert times.is_hidden()
    else:
        page.get_by_label("Weekends").check()  # answered anyway: not kept, since email was chosen
    the_rest(page, voicemail="No: leave no message", referred="No")
    if javascript:
        assert referrer.is_hidden()
    send(page)

    assert page.get_by_role("heading", level=1).inner_text() == "We received your request"
    steps = next_steps(page)
    assert "We will email you within two business days." in steps
    assert "We will call you" not in steps
    sent = ConsultationRequest.objects.get()
    assert (sent.contact_method, sent.contact_times, sent.voicemail_ok) == ("email", [], False)
    assert sent.referred_by_clinician is False and sent.referrer_name == ""


@JS
def test_a_request_a_clinician_refers(live_server, new_page, javascript):
    page = new_page(width=PHONE, height=800, javascript=javascript)
    page.goto(live_server.url + FORM_URL)
    times, referrer = page.locator("#if-phone"), page.locator("#if-referred")
    about_you(page, method="Phone")
    assert times.is_visible()
    page.get_by_label("Weekday evenings").check()
    the_rest(page, voicemail="Yes, that is all right", referred="Yes")
    assert referrer.is_visible()
    send(page)  # without the clinician's name: asked for it, nothing else lost

    summary = page.locator("#error-summary")
    assert "Enter the name of the clinician referring you" in summary.inner_text()
    assert referrer.is_visible() and times.is_visible()
    assert page.get_by_label("Weekday evenings").is_checked()
    page.get_by_label("Referring clinician’s name").fill("Dr. Amina Haddad")
    page.get_by_label("Referring clinician’s phone or email").fill("613-555-0199")
    send(page)

    steps = next_steps(page)
    assert "We will call you within two business days, at one of the times you chose" in steps
    assert "we will leave a short voicemail" in steps
    sent = ConsultationRequest.objects.get()
    assert (sent.contact_times, sent.voicemail_ok) == (["weekday_evening"], True)
    assert sent.referred_by_clinician is True
    assert (sent.referrer_name, sent.referrer_contact) == ("Dr. Amina Haddad", "613-555-0199")


def test_with_javascript_a_question_shows_and_hides_as_the_answer_above_changes(live_server, page):
    page.goto(live_server.url + FORM_URL)
    times = page.locator("#if-phone")
    page.get_by_label("Phone", exact=True).check()
    assert times.is_visible()
    assert page.get_by_label("Phone", exact=True).get_attribute("aria-controls") == "if-phone"
    page.get_by_label("Email", exact=True).check()
    assert times.is_hidden()
    page.get_by_label("Yes", exact=True).check()
    assert page.locator("#if-referred").is_visible()
    page.get_by_label("No", exact=True).check()
    assert page.locator("#if-referred").is_hidden()
