"""The emails a request sets off. They carry no health details: no conditions, no message.

Email is not a secure channel, an address can be mistyped, and someone may glance at the inbox:
so the patient's email does not greet them by name, and no subject names a treatment. The
reference code is what ties an email to its request. The clinic's name in them (and in the From
line) is the one consultations.neutral gives: `CLINIC_EMAIL_SENDER_NAME`, without treatment words.

An appointment's emails (consultations/appointment_emails.py) follow the same rules.

Each is written in the language its reader used: the patient's and the referring clinician's in
the request's `language` (their links then open the pages in that language too), the clinic's
own alerts in English, as the staff admin is. `build` sets the language; the builders render.
"""

import smtplib
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from clinic_site import offer
from clinic_site.locales import current, locale
from consultations import links, neutral
from consultations.choices import ContactMethod, EmailKind
from consultations.models import ConsultationRequest, Email
from consultations.urgency import Risk


def from_address() -> str:
    """DEFAULT_FROM_EMAIL, its name without treatment words."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((neutral.without_treatment_words(name), address)) if name else address


def message(*, subject: str, template: str, context: dict, to: str, reply_to: str | None):
    context = {
        **context,
        "clinic_name": neutral.clinic_name(),
        "clinic_phone": settings.CLINIC_PHONE,
        "html_lang": locale(current()),
    }
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        from_email=from_address(),
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )
    email.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return email


def your_request_url(consultation_request: ConsultationRequest) -> str:
    return settings.SITE_URL + links.your_request_path(consultation_request)


def admin_url(consultation_request: ConsultationRequest) -> str:
    path = reverse("admin:consultations_consultationrequest_change", args=[consultation_request.pk])
    return settings.SITE_URL + path


def reply_promise(consultation_request: ConsultationRequest) -> str:
    """The confirmation page's promise: a request with risk words is answered the same day (it
    says when, not why: no email says a message had risk words)."""
    if consultation_request.risk != Risk.NONE:
        return offer.urgent_promise()
    return offer.reply_promise()


def patient_acknowledgement(consultation_request: ConsultationRequest) -> EmailMultiAlternatives:
    return message(
        subject=gettext("We received your request (%(reference)s)")
        % {"reference": consultation_request.reference},
        template="patient_acknowledgement",
        context={
            "reference": consultation_request.reference,
            "referred": consultation_request.is_referral,
            "reply_promise": reply_promise(consultation_request),
            "by_phone": consultation_request.contact_method == ContactMethod.PHONE,
            "clinic_email": settings.CLINIC_EMAIL,
            "site_url": settings.SITE_URL,
            "your_request_url": your_request_url(consultation_request),
            "link_days": links.MAX_AGE.days,
        },
        to=consultation_request.email,
        reply_to=settings.CLINIC_EMAIL,
    )


def referrer_acknowledgement(consultation_request: ConsultationRequest) -> EmailMultiAlternatives:
    """To the referring clinician: the reference, and nothing about the patient."""
    return message(
        subject=gettext("We received your referral (%(reference)s)")
        % {"reference": consultation_request.reference},
        template="referrer_acknowledgement",
        context={
            "reference": consultation_request.reference,
            "reply_promise": reply_promise(consultation_request),
            "clinic_email": settings.CLINIC_EMAIL,
            "site_url": settings.SITE_URL,
        },
        to=consultation_request.referrer_email,
        reply_to=settings.CLINIC_EMAIL,
    )


def urgency_prefix(risk: str) -> str:
    return {Risk.URGENT: "Call back today: ", Risk.POSSIBLE: "Read today: "}.get(risk, "")


def clinic_alert_subject(consultation_request: ConsultationRequest) -> str:
    what = "referral" if consultation_request.is_referral else "request"
    reference = consultation_request.reference
    prefix = urgency_prefix(consultation_request.risk)
    subject = f"{prefix}new {what} {reference}" if prefix else f"New {what} {reference}"
    if consultation_request.needs_check:
        subject += " (looked automated: check it)"
    return subject


def clinic_alert(consultation_request: ConsultationRequest) -> EmailMultiAlternatives:
    return message(
        subject=clinic_alert_subject(consultation_request),
        template="clinic_notification",
        context={
            "reference": consultation_request.reference,
            "referral": consultation_request.is_referral,
            "received_at": timezone.localtime(consultation_request.received_at),
            "risk": consultation_request.risk,
            "risk_label": consultation_request.get_risk_display(),
            "needs_check": consultation_request.needs_check,
            "spam_reason": consultation_request.get_spam_reason_display(),
            "admin_url": admin_url(consultation_request),
            "language_name": consultation_request.language_name,
        },
        to=settings.CLINIC_NOTIFY_EMAIL,
        reply_to=None,
    )


REQUEST_BUILDERS = {
    EmailKind.ACKNOWLEDGEMENT: patient_acknowledgement,
    EmailKind.CLINIC_ALERT: clinic_alert,
    EmailKind.REFERRER_ACKNOWLEDGEMENT: referrer_acknowledgement,
}


# The emails staff read; every other one goes to the patient or their clinician.
TO_THE_CLINIC = (EmailKind.CLINIC_ALERT, EmailKind.CHANGE_ALERT)


def language_of(email: Email) -> str:
    if email.kind in TO_THE_CLINIC:
        return settings.LANGUAGE_CODE
    return email.consultation_request.language


def build(email: Email) -> EmailMultiAlternatives:
    """The message, rendered in its reader's language (the worker runs outside any request)."""
    with translation.override(language_of(email)):
        if email.kind in REQUEST_BUILDERS:
            return REQUEST_BUILDERS[email.kind](email.consultation_request)
        from consultations import appointment_emails  # which builds on this module

        return appointment_emails.build(email)


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
