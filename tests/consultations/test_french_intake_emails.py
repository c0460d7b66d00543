"""A patient who wrote in French gets every email in French, whoever or whatever sends it (the
worker runs outside any page); the clinic's own alerts stay English and name the language."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import translation

from consultations import appointments, emails
from consultations.choices import EmailKind
from consultations.models import ConsultationRequest, Email
from tests.consultations.booking import at, book, calendars, clinic_day, event_of
from tests.consultations.conftest import valid_form
from tests.consultations.test_emails import HEALTH_WORDS
from tests.worker import drain

pytestmark = pytest.mark.django_db

PATIENT = "alex@example.com"
MESSAGE = "Mon psychiatre m’a parlé de la kétamine après deux hospitalisations."


def html_part(received) -> str:
    (part,) = [p for p in received.message.walk() if p.get_content_type() == "text/html"]
    return part.get_content()


@pytest.fixture
def sent_in_french(client, smtp):
    response = client.post("/fr/consultations/request/", valid_form(message=MESSAGE))
    assert response.status_code == 302
    with translation.override("en"):  # the worker's own language is no help
        drain()
    return ConsultationRequest.objects.get()


def test_the_acknowledgement_of_a_french_request_is_in_french(sent_in_french, smtp):
    (patient,) = smtp.to(PATIENT)
    reference = sent_in_french.reference
    assert patient.subject == f"Nous avons bien reçu votre demande ({reference})"
    text = patient.text()
    assert "Merci de nous avoir écrit." in text
    assert f"Votre code de référence est {reference}." in text
    assert "appelez ou textez le 9-8-8 en tout temps" in text
    assert "Thank you for getting in touch" not in text
    assert '<html lang="fr-CA">' in html_part(patient)


def test_its_links_open_the_french_pages(sent_in_french, smtp, settings, client):
    (patient,) = smtp.to(PATIENT)
    links = set(
        re.findall(re.escape(settings.SITE_URL) + r"(/\S*your-request/[^\s\"<]+)", patient.text())
    )
    assert links and all(link.startswith("/fr/consultations/your-request/") for link in links)
    page = client.get(links.pop())
    assert "Retirer ma demande" in page.content.decode()


def test_the_french_acknowledgement_holds_no_health_details_and_no_name(sent_in_french, smtp):
    (patient,) = smtp.to(PATIENT)
    text = patient.text()
    for word in [*HEALTH_WORDS, MESSAGE, "psychiatre", "kétamine", "hospitalisation", "Alex"]:
        assert word not in text, word


def test_the_clinic_alert_stays_english_and_names_the_patients_language(
    sent_in_french, smtp, settings
):
    (clinic,) = smtp.to(settings.CLINIC_NOTIFY_EMAIL)
    assert clinic.subject == f"New request {sent_in_french.reference}"
    assert "Patient's language: French" in clinic.text()
    assert '<html lang="en-CA">' in html_part(clinic)


def test_an_english_request_gets_english_emails(client, smtp, settings):
    client.post("/consultations/request/", valid_form())
    drain()
    (patient,) = smtp.to(PATIENT)
    assert patient.subject.startswith("We received your request")
    assert '<html lang="en-CA">' in html_part(patient)
    assert "/fr/" not in patient.text()
    (clinic,) = smtp.to(settings.CLINIC_NOTIFY_EMAIL)
    assert "Patient's language: English" in clinic.text()


@pytest.fixture
def booked_in_french(make_request, coordinator, smtp):
    item = make_request(language="fr", email="camille@example.com")
    appointment = book(item, by=coordinator, starts_at=at(clinic_day(5), 14, 30))
    drain()
    return appointment


def test_an_appointment_invitation_for_a_french_request_is_in_french(booked_in_french, smtp):
    (invitation,) = [r for r in smtp.to("camille@example.com") if "Rendez-vous" in r.subject]
    # A long subject with accents is folded into encoded words: a reader drops the fold's space.
    assert invitation.subject.strip().startswith("Rendez-vous avec Example Clinic\u00a0: ")
    text = invitation.text()
    assert "Votre rendez-vous avec Example Clinic est fixé au" in text
    assert "14 h 30" in text and "pour 60 minutes" in text
    assert "/fr/consultations/your-request/" in text
    assert '<html lang="fr-CA">' in html_part(invitation)
    event = event_of(calendars([invitation])[0])
    assert str(event["SUMMARY"]) == "Rendez-vous avec Example Clinic"
    assert "Référence" in str(event["DESCRIPTION"])


def test_the_reminder_and_the_cancellation_are_in_french_too(booked_in_french, coordinator, smtp):
    reminder = Email.objects.get(kind=EmailKind.REMINDER)
    with time_machine.travel(reminder.next_attempt_at + dt.timedelta(minutes=1)):
        drain()
    appointments.appointment_cancel(appointment=booked_in_french, by=coordinator)
    drain()
    subjects = [r.subject.strip() for r in smtp.to("camille@example.com")]
    assert any(s.startswith("Rappel\u00a0: rendez-vous avec Example Clinic") for s in subjects)
    assert any(s.startswith("Annulé\u00a0: rendez-vous avec Example Clinic") for s in subjects)


def test_the_clinics_alert_about_a_change_stays_english(booked_in_french, smtp, settings):
    appointments.appointment_change_ask(appointment=booked_in_french, what="move", note="")
    (alert,) = Email.objects.filter(kind=EmailKind.CHANGE_ALERT)
    message = emails.build(alert)
    assert message.subject.startswith("Patient asks to move an appointment")
    assert "Patient's language: French" in message.body
