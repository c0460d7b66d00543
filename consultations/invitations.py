"""The calendar invitation (.ics, RFC 5545 and its iTIP methods, RFC 5546) for an appointment.

Built with icalendar, which folds long lines and escapes text. Times are in UTC, so every
calendar shows the right moment in its own time zone, across daylight-saving changes. The UID
is the appointment's own and never changes; SEQUENCE is its version, raised by every move and
by the cancellation, so a calendar replaces the entry it holds instead of adding another.

What it says is what anyone glancing at a calendar may see: "Appointment with <clinic>", where,
and the note staff wrote (which may name no treatment or health detail: consultations.neutral).
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event, vCalAddress

from consultations import clinictime, neutral
from consultations.choices import AppointmentMode
from consultations.models import Appointment

PRODID = "-//clinic-site//Appointments//EN"
REQUEST, CANCEL = "REQUEST", "CANCEL"


def summary() -> str:
    return gettext("Appointment with %(name)s") % {"name": neutral.clinic_name()}


def location(appointment: Appointment) -> str:
    return {
        AppointmentMode.IN_PERSON: settings.CLINIC_ADDRESS,
        AppointmentMode.VIDEO: gettext("Video call"),
        AppointmentMode.PHONE: gettext("Phone call"),
    }[appointment.mode]


def _organizer() -> vCalAddress:
    organizer = vCalAddress(f"mailto:{settings.CLINIC_EMAIL}")
    organizer.params["CN"] = neutral.clinic_name()
    return organizer


def _attendee(address: str) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{address}")
    attendee.params.update(
        {"CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION"}
    )
    attendee.params["RSVP"] = "FALSE"  # replies go by phone or the patient's link
    return attendee


def description(appointment: Appointment, *, your_request_url: str) -> str:
    phone = settings.CLINIC_PHONE
    reference = gettext("Reference: %(reference)s") % {
        "reference": appointment.consultation_request.reference
    }
    if appointment.is_cancelled:
        cancelled = gettext("Cancelled. To book again, call %(phone)s.") % {"phone": phone}
        return f"{reference}\n{cancelled}"
    lines = [reference, gettext("How: %(mode)s") % {"mode": appointment.get_mode_display()}]
    if appointment.patient_note:
        lines.append(appointment.patient_note)
    lines.append(
        gettext("To ask us to move or cancel it: %(url)s or call %(phone)s.")
        % {"url": your_request_url, "phone": phone}
    )
    return "\n".join(lines)


def invitation(appointment: Appointment, *, method: str, your_request_url: str) -> bytes:
    """The calendar for this version of the appointment: REQUEST (new or moved) or CANCEL."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unknown iTIP method {method!r}")
    event = Event.new(
        uid=appointment.uid,
        sequence=appointment.sequence,
        stamp=timezone.now().astimezone(clinictime.UTC).replace(microsecond=0),
        start=appointment.starts_at.astimezone(clinictime.UTC),
        end=appointment.ends_at.astimezone(clinictime.UTC),
        summary=summary(),
        location=location(appointment),
        description=description(appointment, your_request_url=your_request_url),
        organizer=_organizer(),
        attendees=[_attendee(appointment.consultation_request.email)],
        status="CANCELLED" if method == CANCEL else "CONFIRMED",
    )
    calendar = Calendar.new(prodid=PRODID, method=method, subcomponents=[event])
    calendar.pop("UID", None)  # the event's UID is the one that matters; no second, random one
    return calendar.to_ical()
