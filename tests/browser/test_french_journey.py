"""A French-speaking patient, with the keyboard alone, goes from the French home page to a French
article to the French form, fixes a mistake, sends it, and gets a French confirmation and a
French email from the real worker through a real SMTP server."""

import re

from consultations.models import ConsultationRequest
from tests.browser.conftest import DESKTOP, REFERENCE, browser_test, focused, tab_to
from tests.browser.test_appointment_journey import mail_server, send_queued_emails  # noqa: F401
from tests.browser.test_patient_journey import fill, is_field, is_link, press

pytestmark = browser_test


def test_a_patient_does_it_all_in_french_with_the_keyboard_alone(
    live_server,
    new_page,
    mail_server,  # noqa: F811
):
    page = new_page(width=DESKTOP)
    page.goto(live_server.url + "/fr/")
    assert page.locator("html").get_attribute("lang") == "fr-CA"

    press(page, "Tab")
    assert focused(page).endswith("Passer au contenu principal")
    press(page, "Enter")
    assert focused(page).startswith("main#main")

    tab_to(page, is_link("Sécurité et risques"))
    with page.expect_navigation():
        press(page, "Enter")
    assert page.url.endswith("/fr/articles/topic/safety-and-risks/")

    tab_to(page, is_link("Effets secondaires de la kétamine et de l'eskétamine"))
    with page.expect_navigation():
        press(page, "Enter")
    assert page.url.endswith("/fr/articles/effets-secondaires/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Effets secondaires de la kétamine et de l'eskétamine"
    )

    press(page, "Tab", "Enter")
    tab_to(page, lambda d: d.startswith("a") and "Demander une consultation" in d, limit=200)
    assert page.evaluate("document.activeElement.closest('.cta') !== null")
    with page.expect_navigation():
        press(page, "Enter")
    assert page.url.endswith("/fr/consultations/request/")
    assert page.get_by_role("heading", level=1).inner_text() == "Demander une consultation"

    # A first try with a mistyped email address.
    fill(page, "id_full_name", "Camille Gagnon")
    fill(page, "id_email", "camille@exemple")
    fill(page, "id_phone", "514-555-0142")
    with page.expect_navigation():
        press(page, "Enter")
    assert focused(page).startswith("div#error-summary")
    summary = page.locator("#error-summary").inner_text()
    assert "Entrez une adresse courriel comme nom@example.com." in summary
    assert page.get_by_label("Nom complet").input_value() == "Camille Gagnon"

    tab_to(page, is_link("Entrez une adresse courriel comme nom@example.com."))
    press(page, "Enter")
    assert focused(page).startswith("input#id_email")
    press(page, "Control+a")
    page.keyboard.type("camille@exemple.ca")

    tab_to(page, is_field("id_contact_method_0"))
    press(page, "ArrowDown")
    assert page.get_by_label("Téléphone", exact=True).is_checked()
    tab_to(page, is_field("id_contact_times_0"))
    press(page, "Space")
    tab_to(page, is_field("id_voicemail_ok_0"))
    press(page, "Space")
    tab_to(page, is_field("id_province"))
    page.keyboard.type("Qu")
    assert page.locator("#id_province").input_value() == "QC"
    tab_to(page, is_field("id_is_adult"))
    press(page, "Space")
    tab_to(page, is_field("id_help_wanted_0"))
    press(page, "Space")
    tab_to(page, is_field("id_referred_by_clinician_0"))
    press(page, "ArrowDown")
    fill(page, "id_message", "J'aimerais savoir si cela pourrait m'aider.")
    tab_to(page, is_field("id_consent"))
    press(page, "Space")
    tab_to(page, lambda d: d.startswith("button") and d.endswith("Envoyer ma demande"))
    with page.expect_navigation():
        press(page, "Enter")

    assert page.url.endswith("/fr/consultations/request/received/")
    assert page.get_by_role("heading", level=1).inner_text() == "Nous avons bien reçu votre demande"
    reference = page.locator(".reference").inner_text()
    assert REFERENCE.match(reference), reference
    sent = ConsultationRequest.objects.get(reference=reference)
    assert (sent.email, sent.province, sent.language) == ("camille@exemple.ca", "QC", "fr")

    send_queued_emails(mail_server)
    [email] = mail_server.to("camille@exemple.ca")
    text = email.text()
    assert reference in email.subject and "demande" in email.subject.lower()
    assert "9-8-8" in text and "/fr/consultations/your-request/" in text
    assert "J'aimerais savoir" not in text, "no health details in an email"
    assert not re.search(r"\bWe received\b|\bYour request\b", text), "no English left in it"


def test_the_language_switcher_leads_to_the_same_page_in_the_other_language(live_server, new_page):
    page = new_page(width=375)
    page.goto(live_server.url + "/articles/side-effects/")
    switch = page.locator(".language-switch")
    assert switch.get_attribute("lang") == "fr-CA" and switch.inner_text() == "Français"
    with page.expect_navigation():
        switch.click()
    assert page.url == live_server.url + "/fr/articles/effets-secondaires/"
    with page.expect_navigation():
        page.locator(".language-switch").click()
    assert page.url == live_server.url + "/articles/side-effects/"
    page.goto(live_server.url + "/fr/consultations/request/")
    with page.expect_navigation():
        page.locator(".language-switch").click()
    assert page.url == live_server.url + "/consultations/request/"
