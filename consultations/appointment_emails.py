"""An appointment's emails: the invitation, the update when it moves, the cancellation, the
reminder the day before, and the clinic's alert when the patient asks to change it.

The patient's ones say when, how long, how and where, with the clinic's phone and the link to
ask for a change; the invitation, the update and the cancellation carry the .ics. Subjects read
"Appointment with <clinic>: …": no treatment, no health detail, no name.
"""

from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext

from consultations import clinictime, emails, invitations, links, neutral
from consultations.choices import AppointmentMode, ChangeAsked, EmailKind, EmailState
from consultations.models import Appointment, Email


def _calendar_part(ics: bytes, method: str) -> MIMEText:
    """text/calendar with its iTIP method, as mail programs expect an invitation."""
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    return part


def _facts(appointment: Appointment) -> dict:
    return {
        "day": clinictime.day_text(appointment.starts_at),
        "time": clinictime.time_text(appointment.starts_at),
        "duration": appointment.duration_minutes,
        "mode": appointment.mode,
        "mode_label": appointment.get_mode_display(),
        "in_person": appointment.mode == AppointmentMode.IN_PERSON,
        "by_phone": appointment.mode == AppointmentMode.PHONE,
        "address": settings.CLINIC_ADDRESS,
        "note": appointment.patient_note,
    }


def _announced_before(appointment: Appointment) -> bool:
    """Has the patient had an invitation for this appointment? If not, an update is news."""
    return appointment.emails.filter(
        kind__in=(EmailKind.INVITATION, EmailKind.UPDATE), state=EmailState.SENT
    ).exists()


def to_patient(email: Email) -> EmailMultiAlternatives:
    appointment = email.appointment
    consultation_request = appointment.consultation_request
    kind = email.kind
    if kind == EmailKind.UPDATE and not _announced_before(appointment):
        kind = EmailKind.INVITATION
    when, name = clinictime.when_text(appointment.starts_at), neutral.clinic_name()
    subject = {
        EmailKind.INVITATION: gettext("Appointment with %(name)s: %(when)s"),
        EmailKind.UPDATE: gettext("Changed: appointment with %(name)s, now %(when)s"),
        EmailKind.CANCELLATION: gettext("Cancelled: appointment with %(name)s on %(when)s"),
        EmailKind.REMINDER: gettext("Reminder: appointment with %(name)s, %(when)s"),
    }[kind] % {"name": name, "when": when}
    link = emails.your_request_url(consultation_request)
    message = emails.message(
        subject=subject,
        template="appointment",
        context={
            **_facts(appointment),
            "kind": kind,
            "reference": consultation_request.reference,
            "your_request_url": link,
            "link_days": links.MAX_AGE.days,
        },
        to=consultation_request.email,
        reply_to=settings.CLINIC_EMAIL,
    )
    if kind != EmailKind.REMINDER:
        method = invitations.CANCEL if kind == EmailKind.CANCELLATION else invitations.REQUEST
        ics = invitations.invitation(appointment, method=method, your_request_url=link)
        message.attach(_calendar_part(ics, method))
    return message


def change_alert(email: Email) -> EmailMultiAlternatives:
    """To the clinic: the patient asks to move or cancel. Not what they wrote: that is in the
    admin, behind the sign-in."""
    appointment = email.appointment
    consultation_request = appointment.consultation_request
    verb = "cancel" if appointment.change_asked == ChangeAsked.CANCEL else "move"
    prefix = emails.urgency_prefix(consultation_request.risk)
    asks = f"asks to {verb} an appointment: {consultation_request.reference}"
    return emails.message(
        subject=f"{prefix}patient {asks}" if prefix else f"Patient {asks}",
        template="appointment_change_alert",
        context={
            "reference": consultation_request.reference,
            "verb": verb,
            "risk": consultation_request.risk,
            "when": clinictime.staff_text(appointment.starts_at),
            "admin_url": emails.admin_url(consultation_request),
            "language_name": consultation_request.language_name,
        },
        to=settings.CLINIC_NOTIFY_EMAIL,
        reply_to=None,
    )


def build(email: Email) -> EmailMultiAlternatives:
    if email.kind == EmailKind.CHANGE_ALERT:
        return change_alert(email)
    return to_patient(email)
