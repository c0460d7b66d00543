"""Helpers for the appointment tests: days on the clinic's clock, booking, reading invitations.

Dates are always counted from today (never a fixed year), so the tests mean the same whatever
day they run on.
"""

import datetime as dt

from django.utils import timezone
from icalendar import Calendar

from consultations import appointments, clinictime
from consultations.choices import AppointmentMode
from consultations.models import Appointment, ConsultationRequest

NOTE = "Please arrive 10 minutes early. Ring the bell at the side door."


def clinic_day(days_from_today: int) -> dt.date:
    return clinictime.local(timezone.now() + dt.timedelta(days=days_from_today)).date()


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """That wall-clock time on the clinic's clock, as a UTC moment."""
    return clinictime.moment(day, dt.time(hour, minute))


def book(
    item: ConsultationRequest,
    *,
    by,
    starts_at: dt.datetime | None = None,
    minutes: int = 60,
    mode: str = AppointmentMode.IN_PERSON,
    note: str = NOTE,
) -> Appointment:
    return appointments.appointment_book(
        consultation_request=item,
        starts_at=starts_at or at(clinic_day(5), 10),
        duration_minutes=minutes,
        mode=mode,
        patient_note=note,
        by=by,
    )


def move(appointment: Appointment, *, by, starts_at: dt.datetime, **changes) -> bool:
    fields = {
        "duration_minutes": appointment.duration_minutes,
        "mode": appointment.mode,
        "patient_note": appointment.patient_note,
        **changes,
    }
    return appointments.appointment_move(
        appointment=appointment, starts_at=starts_at, by=by, **fields
    )


def calendar_parts(received) -> list:
    """The text/calendar parts of a message the test SMTP server received."""
    return [part for part in received.message.walk() if part.get_content_type() == "text/calendar"]


def calendars(received_messages) -> list[Calendar]:
    """Each message's invitation, parsed by icalendar (one per message that has one)."""
    found = []
    for received in received_messages:
        for part in calendar_parts(received):
            found.append(Calendar.from_ical(part.get_content()))
    return found


def event_of(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def clock_changes(*, after: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The next day clocks go forward and the next day they go back on the clinic's clock,
    both at least two days from now (so an appointment and its reminder the day before are
    still ahead)."""
    start = after or clinic_day(2)
    zone = clinictime.zone()
    forward = back = None
    for offset in range(0, 400):
        day = start + dt.timedelta(days=offset)
        before = dt.datetime.combine(day, dt.time(0, 0), zone).utcoffset()
        after_ = dt.datetime.combine(day, dt.time(23, 0), zone).utcoffset()
        if after_ > before and forward is None:
            forward = day
        elif after_ < before and back is None:
            back = day
        if forward and back:
            return forward, back
    raise AssertionError(f"{zone.key} has no daylight-saving changes in the next year")
