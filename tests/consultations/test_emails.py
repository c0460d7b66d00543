"""The acknowledgement and the clinic notification: after commit, no health details, never lost."""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from consultations import services
from consultations.choices import ContactTime, EmailStatus, HelpWanted
from consultations.models import ConsultationRequest

pytestmark = pytest.mark.django_db

MESSAGE = "My psychiatrist mentioned ketamine after two hospital stays."
HEALTH_WORDS = [
    *HelpWanted.values,
    *HelpWanted.labels,
    "Depression",
    "PTSD",
    "OCD",
    "Chronic pain",
    MESSAGE,
    "psychiatrist",
    "hospital",
]


def everything_in(message) -> str:
    html = "".join(content for content, _ in message.alternatives)
    return "\n".join([message.subject, message.body, html])


@pytest.fixture
def sent(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(
            message=MESSAGE,
            help_wanted=["depression", "ptsd", "ocd", "chronic_pain", "anxiety", "other"],
        )
    return ConsultationRequest.objects.get()


def test_both_emails_wait_for_the_commit(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit()
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_the_patient_gets_an_acknowledgement_with_the_reference_and_crisis_lines(sent):
    patient = next(m for m in mail.outbox if m.to == ["alex@example.com"])
    assert sent.reference in patient.subject and sent.reference in patient.body
    assert "within two business days" in patient.body
    assert "9-8-8" in patient.body and "911" in patient.body
    assert patient.reply_to == ["hello@clinic.example.com"]
    html, mimetype = patient.alternatives[0]
    assert mimetype == "text/html" and sent.reference in html and 'href="tel:988"' in html


def test_the_clinic_gets_a_notification_with_a_link_to_the_request_in_the_admin(sent, settings):
    clinic = next(m for m in mail.outbox if m.to == [settings.CLINIC_NOTIFY_EMAIL])
    assert clinic.subject == f"New consultation request {sent.reference}"
    link = f"{settings.SITE_URL}/{settings.ADMIN_PATH}consultations/consultationrequest/{sent.pk}/change/"
    assert link in clinic.body
    assert link in clinic.alternatives[0][0]


def test_neither_email_contains_health_details_or_the_patients_name(sent):
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        text = everything_in(message)
        for word in [*HEALTH_WORDS, "Alex", "Tremblay", "Al,"]:
            assert word not in text, f"{word!r} leaked into {message.subject!r}"
        for label in ContactTime.labels:
            assert label not in text


def test_both_emails_have_a_plain_text_and_an_html_part(sent):
    for message in mail.outbox:
        assert isinstance(message, EmailMultiAlternatives)
        assert message.body.strip()
        assert [mimetype for _, mimetype in message.alternatives] == ["text/html"]


def test_the_outcome_of_sending_is_recorded_on_the_request(sent):
    sent.refresh_from_db()
    assert sent.patient_email_status == sent.clinic_email_status == EmailStatus.SENT
    assert sent.emails_attempted_at is not None


def test_an_urgent_request_is_marked_as_priority_for_the_clinic_only(
    submit, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(message="Lately I want to end my life")
    clinic = next(m for m in mail.outbox if m.to == [settings.CLINIC_NOTIFY_EMAIL])
    patient = next(m for m in mail.outbox if m.to == ["alex@example.com"])
    assert "priority" in clinic.subject
    assert "priority" not in patient.subject
    assert "end my life" not in everything_in(clinic) + everything_in(patient)


def refuse_recipients(self, *args, **kwargs):
    raise smtplib.SMTPRecipientsRefused(
        {"alex@example.com": (550, b"<alex@example.com> no such user")}
    )


def test_a_failing_mail_server_never_loses_the_request(
    submit, client, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_recipients)
    with (
        caplog.at_level(logging.ERROR, logger="consultations"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = submit()
    assert response.status_code == 302
    item = ConsultationRequest.objects.get()
    assert item.patient_email_status == item.clinic_email_status == EmailStatus.FAILED
    assert item.patient_email_error == "SMTPRecipientsRefused (SMTP code 550)"
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert item.reference in logged and "alex@example.com" not in logged
    assert client.get("/consultations/request/received/").status_code == 200


def test_a_mail_server_that_cannot_be_reached_is_recorded(
    submit, django_capture_on_commit_callbacks, monkeypatch
):
    def unreachable(self, *args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(EmailMultiAlternatives, "send", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    assert (
        ConsultationRequest.objects.get().clinic_email_error == "ConnectionRefusedError (errno 111)"
    )


def test_resending_sends_only_what_failed(
    submit, django_capture_on_commit_callbacks, monkeypatch, settings
):
    def fail_for_the_clinic(self, *args, **kwargs):
        if self.to == ["alex@example.com"]:
            mail.outbox.append(self)
            return 1
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(EmailMultiAlternatives, "send", fail_for_the_clinic)
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    item = ConsultationRequest.objects.get()
    assert (item.patient_email_status, item.clinic_email_status) == (
        EmailStatus.SENT,
        EmailStatus.FAILED,
    )
    monkeypatch.undo()
    mail.outbox.clear()
    outcomes = services.consultation_request_send_emails(consultation_request_id=item.pk)
    assert outcomes == {"clinic": EmailStatus.SENT}
    assert [m.to for m in mail.outbox] == [[settings.CLINIC_NOTIFY_EMAIL]]
    item.refresh_from_db()
    assert item.clinic_email_status == EmailStatus.SENT and item.clinic_email_error == ""
