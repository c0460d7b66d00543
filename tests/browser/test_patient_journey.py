"""A patient finds an article and asks for a consultation with the keyboard alone: no clicks."""

from consultations.models import ConsultationRequest
from tests.browser.conftest import DESKTOP, REFERENCE, browser_test, focused, tab_to

pytestmark = browser_test


def is_link(text):
    return lambda description: description.startswith("a") and description.endswith(text)


def is_field(field_id):
    return lambda description: description.split(" ")[0].endswith(f"#{field_id}")


def press(page, *keys):
    for key in keys:
        page.keyboard.press(key)


def fill(page, field_id, text):
    tab_to(page, is_field(field_id))
    page.keyboard.type(text)


def test_a_patient_goes_from_home_to_an_article_to_a_sent_request_with_the_keyboard_alone(
    live_server, new_page
):
    page = new_page(width=DESKTOP)
    page.goto(live_server.url + "/")

    # The first Tab shows the skip link; it jumps past the header to the page's content.
    press(page, "Tab")
    assert focused(page).endswith("Skip to main content")
    assert page.get_by_role("link", name="Skip to main content").is_visible()
    press(page, "Enter")
    assert focused(page).startswith("main#main")

    tab_to(page, is_link("Safety and risks"))
    with page.expect_navigation():
        press(page, "Enter")
    assert page.url.endswith("/articles/topic/safety-and-risks/")

    tab_to(page, is_link("Side effects of ketamine and esketamine"))
    with page.expect_navigation():
        press(page, "Enter")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Side effects of ketamine and esketamine"
    )

    # Past the header, through the article, to the invitation at its end.
    press(page, "Tab", "Enter")
    tab_to(page, lambda d: d.startswith("a") and "Request a consultation" in d, limit=200)
    assert page.evaluate("document.activeElement.closest('.cta') !== null")
    with page.expect_navigation():
        press(page, "Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Request a consultation"

    # A first try with a mistyped email and a phone number that is too short.
    fill(page, "id_full_name", "Alex Tremblay")
    fill(page, "id_email", "alex@example")
    fill(page, "id_phone", "555-0142")
    with page.expect_navigation():
        press(page, "Enter")
    assert focused(page).startswith("div#error-summary")
    summary = page.locator("#error-summary").inner_text()
    assert "Enter an email address like name@example.com." in summary
    assert "10-digit phone number" in summary
    assert page.get_by_label("Full name").input_value() == "Alex Tremblay"

    # The summary's links lead to each field; fix the email there.
    tab_to(page, is_link("Enter an email address like name@example.com."))
    press(page, "Enter")
    assert focused(page).startswith("input#id_email")
    press(page, "Control+a")
    page.keyboard.type("alex@example.com")
    press(page, "Tab")  # from the email field straight on to the phone field
    assert focused(page).startswith("input#id_phone")
    press(page, "Control+a")
    page.keyboard.type("613-555-0142")

    tab_to(page, is_field("id_contact_method_0"))  # into the radio group: arrows choose
    press(page, "ArrowDown")
    assert page.get_by_label("Phone", exact=True).is_checked()
    tab_to(page, is_field("id_contact_times_0"))  # shown once "Phone" is chosen
    press(page, "Space")
    tab_to(page, is_field("id_voicemail_ok_0"))
    press(page, "Space")  # "Yes"
    tab_to(page, is_field("id_province"))
    page.keyboard.type("Ont")
    assert page.locator("#id_province").input_value() == "ON"
    tab_to(page, is_field("id_is_adult"))
    press(page, "Space")
    tab_to(page, is_field("id_help_wanted_0"))
    press(page, "Space")
    tab_to(page, is_field("id_referred_by_clinician_0"))
    press(page, "ArrowDown")  # "No"
    fill(page, "id_message", "I would like to know whether it could help me.")
    tab_to(page, is_field("id_consent"))
    press(page, "Space")
    tab_to(page, lambda d: d.startswith("button") and d.endswith("Send my request"))
    with page.expect_navigation():
        press(page, "Enter")

    assert page.get_by_role("heading", level=1).inner_text() == "We received your request"
    reference = page.locator(".reference").inner_text()
    assert REFERENCE.match(reference), reference
    sent = ConsultationRequest.objects.get(reference=reference)
    assert (sent.email, sent.phone, sent.province) == ("alex@example.com", "+16135550142", "ON")
    assert sent.referred_by_clinician is False and sent.consent_given_at is not None
