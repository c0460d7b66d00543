"""Appointment times on the clinic's clock, stored in UTC, right across daylight-saving changes.

The change dates are the next ones from today on the clinic's clock (never a fixed year), at
least two days ahead so that an appointment on them, and its reminder, are still to come.
"""

import datetime as dt

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from consultations import clinictime
from consultations.admin.forms import AppointmentForm
from consultations.choices import EmailKind, Status
from consultations.models import Appointment, Email
from tests.consultations.booking import at, book, calendars, clock_changes, event_of, move
from tests.consultations.conftest import change_url
from tests.worker import drain

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture(autouse=True)
def toronto(settings):
    """Pinned, so these tests know which offsets to expect (EST −5, EDT −4)."""
    settings.CLINIC_TIME_ZONE = settings.TIME_ZONE = "America/Toronto"


@pytest.fixture
def changes():
    return clock_changes()


@pytest.fixture
def item(make_request):
    return make_request(status=Status.CONTACTED)


def utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), UTC)


def form(day: dt.date, at_time: str, **extra) -> AppointmentForm:
    data = {"date": day.isoformat(), "time": at_time, "duration_minutes": "60", "mode": "phone"}
    bound = AppointmentForm({**data, **extra})
    bound.is_valid()
    return bound


def test_the_next_changes_are_found_from_today_and_fall_on_sundays(changes):
    forward, back = changes
    today = clinictime.local(timezone.now()).date()
    for day in (forward, back):
        assert today + dt.timedelta(days=2) <= day <= today + dt.timedelta(days=368)
        assert day.weekday() == 6, "North American changes happen on a Sunday"
    assert forward.month == 3 and 8 <= forward.day <= 14, "the second Sunday of March"
    assert back.month == 11 and 1 <= back.day <= 7, "the first Sunday of November"


@pytest.mark.parametrize("days", [-1, 0, 1])
def test_ten_in_the_morning_around_the_march_change_is_stored_at_the_right_utc_moment(
    changes, days
):
    forward, _ = changes
    day = forward + dt.timedelta(days=days)
    expected = utc(day, 15) if days < 0 else utc(day, 14)  # EST before, EDT from that day
    assert form(day, "10:00").cleaned_data["starts_at"] == expected


@pytest.mark.parametrize("days", [-1, 0, 1])
def test_ten_in_the_morning_around_the_november_change_is_stored_at_the_right_utc_moment(
    changes, days
):
    _, back = changes
    day = back + dt.timedelta(days=days)
    expected = utc(day, 14) if days < 0 else utc(day, 15)  # EDT before, EST from that day
    assert form(day, "10:00").cleaned_data["starts_at"] == expected


def test_a_time_the_march_change_skips_is_refused_with_a_reason(changes):
    forward, _ = changes
    bound = form(forward, "02:30")
    assert bound.errors["time"] == [
        f"02:30 on March {forward.day} does not exist: the clocks go forward an hour that "
        "night. Choose another time."
    ]


def test_a_time_the_november_change_repeats_is_refused_rather_than_guessed(changes):
    _, back = changes
    bound = form(back, "01:30")
    assert bound.errors["time"] == [
        f"01:30 on November {back.day} happens twice: the clocks go back an hour that night. "
        "Choose a time outside that hour."
    ]


def test_just_outside_the_changing_hour_both_nights_are_fine(changes):
    forward, back = changes
    assert form(forward, "03:00").cleaned_data["starts_at"] == utc(forward, 7)
    assert form(forward, "01:59").cleaned_data["starts_at"] == utc(forward, 6, 59)
    assert form(back, "02:00").cleaned_data["starts_at"] == utc(back, 7)
    assert form(back, "00:59").cleaned_data["starts_at"] == utc(back, 4, 59)


@pytest.mark.parametrize("which", ["march", "november"])
def test_the_patient_reads_the_clinics_clock_time_and_the_invitation_holds_utc(
    item, coordinator, smtp, changes, which
):
    day = changes[0] if which == "march" else changes[1]
    appointment = book(item, by=coordinator, starts_at=at(day, 10))
    drain()
    (received,) = [r for r in smtp.received if r.subject.startswith("Appointment with")]
    zone = "EDT" if which == "march" else "EST"
    assert f"at 10 a.m. {zone}" in received.subject
    event = event_of(calendars([received])[0])
    expected = utc(day, 14) if which == "march" else utc(day, 15)
    assert event.decoded("DTSTART") == expected == appointment.starts_at
    assert event.decoded("DTEND") == expected + dt.timedelta(minutes=60)


@pytest.mark.parametrize("which", ["march", "november"])
def test_the_reminder_goes_24_hours_before_which_is_the_day_before(
    item, coordinator, changes, which
):
    day = changes[0] if which == "march" else changes[1]
    appointment = book(item, by=coordinator, starts_at=at(day, 10))
    reminder = Email.objects.get(kind=EmailKind.REMINDER)
    assert reminder.next_attempt_at == appointment.starts_at - dt.timedelta(hours=24)
    local = clinictime.local(reminder.next_attempt_at)
    assert local.date() == day - dt.timedelta(days=1)
    # The clocks change between the two: 9:00 EST before 10:00 EDT, 11:00 EDT before 10:00 EST.
    assert local.hour == (9 if which == "march" else 11)


def test_moving_across_the_change_keeps_the_wall_clock_time_the_staff_chose(
    item, coordinator, changes
):
    forward, _ = changes
    before = at(forward - dt.timedelta(days=1), 10)
    appointment = book(item, by=coordinator, starts_at=before)
    move(appointment, by=coordinator, starts_at=at(forward + dt.timedelta(days=1), 10))
    stored = Appointment.objects.get()
    assert clinictime.local(stored.starts_at).time() == dt.time(10, 0)
    assert stored.starts_at == utc(forward + dt.timedelta(days=1), 14)
    assert stored.starts_at - before == dt.timedelta(hours=47), "two days on the clock, 47 hours"


def test_the_admin_shows_the_appointment_on_the_clinics_clock(
    item, coordinator, coordinator_client, changes
):
    _, back = changes
    book(item, by=coordinator, starts_at=at(back, 10))
    page = coordinator_client.get(change_url(item))
    assertContains(page, f"{back:%Y-%m-%d} 10:00 EST")
