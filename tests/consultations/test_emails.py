"""The acknowledgement and the clinic's alert: sent by the worker through a real SMTP server,
off the patient's request, never twice, never lost, with nothing for a glance at an inbox."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from consultations import services, tasks
from consultations.choices import ContactTime, EmailKind, EmailState, HelpWanted
from consultations.models import ConsultationRequest, Email
from tests.consultations.conftest import FORM_URL, valid_form
from tests.worker import drain

pytestmark = pytest.mark.django_db

MESSAGE = "My psychiatrist mentioned ketamine after two hospital stays."
HEALTH_WORDS = [
    *HelpWanted.values,
    *HelpWanted.labels,
    "PTSD",
    MESSAGE,
    "psychiatrist",
    "hospital",
]
PATIENT = "alex@example.com"


def states(item) -> dict[str, str]:
    return dict(item.emails.values_list("kind", "state"))


@pytest.fixture
def sent(submit, smtp):
    """A request sent through the form, and the worker run: both emails delivered."""
    submit(message=MESSAGE, help_wanted=["depression", "ptsd", "ocd", "chronic_pain", "other"])
    drain()
    return ConsultationRequest.objects.get()


def test_the_patient_is_answered_before_any_email_is_sent(submit, smtp):
    assert submit().status_code == 302
    assert smtp.received == [] and mail.outbox == []
    item = ConsultationRequest.objects.get()
    assert states(item) == {EmailKind.ACKNOWLEDGEMENT: "queued", EmailKind.CLINIC_ALERT: "queued"}
    assert DBTaskResult.objects.count() == 2


def test_the_worker_sends_the_acknowledgement_and_the_alert_through_smtp(sent, smtp, settings):
    (patient,) = smtp.to(PATIENT)
    (clinic,) = smtp.to(settings.CLINIC_NOTIFY_EMAIL)
    assert patient.subject == f"We received your request ({sent.reference})"
    assert "within two business days" in patient.text() and "9-8-8" in patient.text()
    assert patient.message["Reply-To"] == "hello@clinic.example.com"
    assert clinic.subject == f"New request {sent.reference}"
    link = f"{settings.SITE_URL}/{settings.ADMIN_PATH}consultations/consultationrequest/{sent.pk}/change/"
    assert link in clinic.text()
    assert states(sent) == {EmailKind.ACKNOWLEDGEMENT: "sent", EmailKind.CLINIC_ALERT: "sent"}


def test_neither_email_holds_health_details_or_the_patients_name(sent, smtp):
    assert len(smtp.received) == 2
    for received in smtp.received:
        text = received.text()
        for word in [*HEALTH_WORDS, "Alex", "Tremblay", "Al,"]:
            assert word not in text, f"{word!r} leaked into {received.subject!r}"
        for label in ContactTime.labels:
            assert label not in text


def test_a_glance_at_the_inbox_shows_the_chosen_sender_name_and_no_treatment(
    submit, smtp, settings
):
    settings.DEFAULT_FROM_EMAIL = "Riverside Health <hello@clinic.example.com>"
    submit()
    drain()
    (patient,) = smtp.to(PATIENT)
    assert patient.message["From"] == "Riverside Health <hello@clinic.example.com>"
    preview = patient.message.get_body(("plain",)).get_content().strip().splitlines()[0]
    assert "reference code is KT-" in preview
    for word in ("ketamine", "Ketamine", "consultation", "therapy", "treatment"):
        assert word not in patient.subject and word not in preview


def test_the_sender_name_comes_from_the_environment(monkeypatch):
    from tests.production import settings_module

    module = settings_module(
        monkeypatch, DJANGO_DEBUG="1", CLINIC_EMAIL_SENDER_NAME="Riverside Health"
    )
    assert module["DEFAULT_FROM_EMAIL"] == "Riverside Health <hello@clinic.example.com>"


@pytest.mark.parametrize(
    ("message", "subject"),
    [
        ("Lately I want to end my life", "Call back today: new request"),
        ("Some days I can't see the point of going on", "Read today: new request"),
    ],
    ids=["urgent", "may indicate risk"],
)
def test_the_clinic_alert_says_how_soon_to_act_and_the_patients_email_does_not(
    submit, smtp, settings, message, subject
):
    submit(message=message)
    drain()
    (clinic,) = smtp.to(settings.CLINIC_NOTIFY_EMAIL)
    (patient,) = smtp.to(PATIENT)
    assert clinic.subject.startswith(subject)
    assert patient.subject.startswith("We received your request")
    for text in (clinic.text(), patient.text()):
        assert message not in text and "end my life" not in text


def test_a_refusing_server_fails_the_email_once_and_staff_can_send_it_again(submit, smtp, caplog):
    smtp.refuse = "550 5.1.1 <alex@example.com>: no such mailbox"
    submit()
    with caplog.at_level(logging.WARNING, logger="consultations"):
        drain()
    item = ConsultationRequest.objects.get()
    acknowledgement = item.emails.get(kind=EmailKind.ACKNOWLEDGEMENT)
    assert acknowledgement.state == EmailState.FAILED and acknowledgement.attempts == 1
    assert acknowledgement.error == "SMTPDataError (SMTP code 550)"
    assert DBTaskResult.objects.filter(status="READY").count() == 0, "a 5xx is not retried"
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert item.reference in logged and PATIENT not in logged
    smtp.refuse = ""
    services.emails_send_again(emails=item.emails.all())
    drain()
    assert len(smtp.to(PATIENT)) == 1 and len(smtp.received) == 2
    assert set(states(item).values()) == {"sent"}


def test_a_server_that_is_down_is_tried_again_later_and_delivers_once(submit, settings):
    from perf.mailserver import free_port, smtp_server

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    submit()
    drain()
    item = ConsultationRequest.objects.get()
    for email in item.emails.all():
        assert email.state == EmailState.RETRYING and email.error.startswith("ConnectionRefused")
        assert email.next_attempt_at > timezone.now()
    drain()  # nothing is due yet
    assert item.emails.filter(attempts=1).count() == 2
    with smtp_server() as (port, recorder):
        settings.EMAIL_PORT = port
        with time_machine.travel(timezone.now() + timedelta(minutes=2)):
            drain()
            drain()
    assert len(recorder.received) == 2
    assert set(states(item).values()) == {"sent"}
    assert list(item.emails.values_list("attempts", flat=True)) == [2, 2]


def test_after_the_last_retry_the_email_is_given_up_and_shown_failed(submit, settings):
    from perf.mailserver import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    submit()
    moment = timezone.now()
    for wait in (timedelta(0), *tasks.RETRY_WAITS):
        moment += wait + timedelta(seconds=1)
        with time_machine.travel(moment):
            drain()
    email = ConsultationRequest.objects.get().emails.get(kind=EmailKind.ACKNOWLEDGEMENT)
    assert email.state == EmailState.FAILED and email.attempts == len(tasks.RETRY_WAITS) + 1
    assert DBTaskResult.objects.filter(status="READY").count() == 0


def test_an_email_can_be_claimed_only_once(submit, smtp):
    submit()
    email = Email.objects.get(kind=EmailKind.ACKNOWLEDGEMENT)
    assert tasks.claim(email.pk) is not None
    assert tasks.claim(email.pk) is None, "a second worker finds it taken"
    assert tasks.deliver(email.pk) == "not claimed"
    assert smtp.received == []


def test_sending_again_never_resends_an_email_that_went_out(sent, smtp):
    queued = services.emails_send_again(emails=sent.emails.all())
    drain()
    assert queued == [] and len(smtp.received) == 2


def test_a_task_run_twice_sends_its_email_once(submit, smtp):
    submit()
    email = Email.objects.get(kind=EmailKind.ACKNOWLEDGEMENT)
    tasks.send_email.enqueue(email.pk)  # a duplicate task, as a second enqueue would make
    drain()
    assert len(smtp.to(PATIENT)) == 1


def test_spam_sends_nothing(client, smtp):
    client.post(FORM_URL, valid_form(website="http://spam.example"))
    drain()
    assert ConsultationRequest.objects.get().emails.count() == 0
    assert smtp.received == []


def test_acknowledgements_to_one_address_are_limited_so_the_form_cannot_flood_it(
    client, smtp, settings
):
    settings.CONSULTATION_ACKNOWLEDGEMENT_LIMIT = (3, 86400)
    for address in ("Pat@Example.com", "pat@example.com", "PAT@example.com", "pat@example.COM"):
        client.post(FORM_URL, valid_form(email=address))
    client.post(FORM_URL, valid_form(email="someone.else@example.com"))
    drain()
    acknowledgements = Email.objects.filter(kind=EmailKind.ACKNOWLEDGEMENT)
    assert acknowledgements.filter(state=EmailState.SENT).count() == 4
    assert acknowledgements.filter(state=EmailState.THROTTLED).count() == 1
    assert len(smtp.to(settings.CLINIC_NOTIFY_EMAIL)) == 5, "the clinic hears of every one"
    assert len(smtp.to("someone.else@example.com")) == 1


def test_the_acknowledgement_links_to_the_patients_own_page(sent, smtp, client, settings):
    (patient,) = smtp.to(PATIENT)
    url = re.search(r"https?://\S+/consultations/your-request/\S+/", patient.text()).group(0)
    assert url.startswith(settings.SITE_URL)
    assert "alex" not in url.lower() and "tremblay" not in url.lower()
    page = client.get(url.removeprefix(settings.SITE_URL))
    assert page.status_code == 200 and sent.reference in page.content.decode()
