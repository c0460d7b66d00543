"""The two emails a request sets off. They carry no health details: no conditions, no message.

Email is not a secure channel, and an address can be mistyped, so the patient's email does not
even greet them by name; the reference code is what ties it to the request.
"""

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from consultations.models import ConsultationRequest


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
        subject=f"We received your consultation request ({consultation_request.reference})",
        template="patient_acknowledgement",
        context={
            "reference": consultation_request.reference,
            "reply_time": settings.CONSULTATION_REPLY_TIME,
            "by_phone": consultation_request.contact_method == "phone",
            "clinic_email": settings.CLINIC_EMAIL,
            "site_url": settings.SITE_URL,
        },
        to=consultation_request.email,
        reply_to=settings.CLINIC_EMAIL,
    )


def clinic_notification(consultation_request: ConsultationRequest) -> EmailMultiAlternatives:
    path = reverse("admin:consultations_consultationrequest_change", args=[consultation_request.pk])
    priority = " – priority, review today" if consultation_request.is_urgent else ""
    return _message(
        subject=f"New consultation request {consultation_request.reference}{priority}",
        template="clinic_notification",
        context={
            "reference": consultation_request.reference,
            "received_at": timezone.localtime(consultation_request.received_at),
            "is_urgent": consultation_request.is_urgent,
            "admin_url": settings.SITE_URL + path,
        },
        to=settings.CLINIC_NOTIFY_EMAIL,
        reply_to=None,
    )


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
