"""The emails a request sets off. They carry no health details: no conditions, no message.

Email is not a secure channel, an address can be mistyped, and someone may glance at the inbox:
so the patient's email does not greet them by name, and no subject names a treatment. The
reference code is what ties an email to its request.
"""

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from consultations import links
from consultations.choices import ContactMethod, EmailKind
from consultations.models import ConsultationRequest, Email
from consultations.urgency import Risk


def _message(*, subject: str, template: str, context: dict, to: str, reply_to: str | None):
    context = {
        **context,
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


def patient_acknowledgement(consultation_request: ConsultationRequest) -> EmailMultiAlternatives:
    return _message(
        subject=f"We received your request ({consultation_request.reference})",
        template="patient_acknowledgement",
        context={
            "reference": consultation_request.reference,
            "reply_time": settings.CONSULTATION_REPLY_TIME,
            "by_phone": consultation_request.contact_method == ContactMethod.PHONE,
            "clinic_email": settings.CLINIC_EMAIL,
            "site_url": settings.SITE_URL,
            "your_request_url": settings.SITE_URL + links.your_request_path(consultation_request),
            "link_days": links.MAX_AGE.days,
        },
        to=consultation_request.email,
        reply_to=settings.CLINIC_EMAIL,
    )


def clinic_alert_subject(consultation_request: ConsultationRequest) -> str:
    reference = consultation_request.reference
    subject = {
        Risk.URGENT: f"Call back today: new request {reference}",
        Risk.POSSIBLE: f"Read today: new request {reference}",
    }.get(consultation_request.risk, f"New request {reference}")
    if consultation_request.needs_check:
        subject += " (looked automated: check it)"
    return subject


def clinic_alert(consultation_request: ConsultationRequest) -> EmailMultiAlternatives:
    path = reverse("admin:consultations_consultationrequest_change", args=[consultation_request.pk])
    return _message(
        subject=clinic_alert_subject(consultation_request),
        template="clinic_notification",
        context={
            "reference": consultation_request.reference,
            "received_at": timezone.localtime(consultation_request.received_at),
            "risk": consultation_request.risk,
            "risk_label": consultation_request.get_risk_display(),
            "needs_check": consultation_request.needs_check,
            "spam_reason": consultation_request.get_spam_reason_display(),
            "admin_url": settings.SITE_URL + path,
        },
        to=settings.CLINIC_NOTIFY_EMAIL,
        reply_to=None,
    )


BUILDERS = {
    EmailKind.ACKNOWLEDGEMENT: patient_acknowledgement,
    EmailKind.CLINIC_ALERT: clinic_alert,
}


def build(email: Email) -> EmailMultiAlternatives:
    return BUILDERS[email.kind](email.consultation_request)


def describe_failure(error: Exception) -> str:
    """What went wrong, for staff and logs, without the addresses SMTP errors often quote."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{name} (SMTP code {error.smtp_code})"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
        return f"{name} (SMTP code {', '.join(map(str, codes))})"
    if isinstance(error, OSError) and error.errno:
        return f"{name} (errno {error.errno})"
    return name


def is_permanent(error: Exception) -> bool:
    """A 5xx answer (no such mailbox, refused): trying again later would not help."""
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return False
