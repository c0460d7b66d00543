"""Booking, moving and cancelling an appointment: what is stored, what the patient receives
through a real SMTP server (an invitation that calendars accept), and what the audit log says."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from consultations import appointments, services, tasks
from consultations.choices import AppointmentMode, EmailKind, EmailState, Status
from consultations.models import Appointment, AuditEvent, ConsultationRequest, Email
from tests.consultations.booking import (
    NOTE,
    at,
    book,
    calendar_parts,
    calendars,
    clinic_day,
    event_of,
    move,
)
from tests.consultations.test_emails import HEALTH_WORDS
from tests.worker import drain

pytestmark = pytest.mark.django_db

PATIENT = "sam@example.com"
# "other" (a code of what help is wanted) is an ordinary word in any email: "another time".
CLINICAL = [word for word in HEALTH_WORDS if word != "other"]


@pytest.fixture
def item(make_request):
    return make_request(
        status=Status.CONTACTED,
        message="My psychiatrist mentioned ketamine after two hospital stays.",
        help_wanted=["depression", "ptsd"],
    )


@pytest.fixture
def booked(item, coordinator, smtp):
    appointment = book(item, by=coordinator, starts_at=at(clinic_day(5), 14, 30))
    drain()
    return appointment


def patient_mail(smtp):
    """What the patient received about appointments (not the request's acknowledgement)."""
    return [r for r in smtp.to(PATIENT) if not r.subject.startswith("We received your request")]


def test_booking_stores_the_time_in_utc_marks_the_request_booked_and_records_who(
    item, coordinator, settings
):
    starts_at = at(clinic_day(5), 14, 30)
    appointment = book(item, by=coordinator, starts_at=starts_at)
    stored = Appointment.objects.get()
    assert stored.starts_at == starts_at and stored.starts_at.utcoffset() == dt.timedelta(0)
    assert (stored.sequence, stored.duration_minutes, stored.mode) == (0, 60, "in_person")
    assert stored.uid == appointment.uid
    assert stored.uid.endswith("@" + urlsplit(settings.SITE_URL).hostname)
    item.refresh_from_db()
    assert item.status == Status.BOOKED
    event = item.audit_events.get(action=AuditEvent.Action.APPOINTMENT_BOOKED)
    assert event.actor_user_id == coordinator.pk
    assert "14:30" in event.detail and "60 min" in event.detail and "in person" in event.detail
    assert NOTE not in event.detail and "arrive" not in event.detail


def test_the_patient_gets_the_invitation_through_the_queue_not_at_once(item, coordinator, smtp):
    book(item, by=coordinator)
    assert smtp.received == [], "nothing is sent while staff wait"
    drain()
    (received,) = patient_mail(smtp)
    assert received.subject.startswith("Appointment with ")
    (calendar,) = calendars([received])
    assert str(calendar["METHOD"]) == "REQUEST"


def test_the_invitation_is_valid_icalendar_with_uid_sequence_organizer_and_utc_times(
    booked, smtp, settings
):
    (received,) = patient_mail(smtp)
    (part,) = calendar_parts(received)
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invitation.ics"
    calendar = calendars([received])[0]
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    event = event_of(calendar)
    assert str(event["UID"]) == booked.uid
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == booked.starts_at
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=60)
    assert event["DTSTART"].to_ical().endswith(b"Z"), "in UTC: every calendar gets it right"
    assert event["DTSTAMP"]
    assert str(event["ORGANIZER"]) == f"mailto:{settings.CLINIC_EMAIL}"
    attendee = event["ATTENDEE"]
    assert str(attendee) == f"mailto:{PATIENT}" and attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert str(event["LOCATION"]) == settings.CLINIC_ADDRESS
    assert str(event["SUMMARY"]) == "Appointment with Example Clinic"


def test_the_email_says_when_how_long_how_and_where_on_the_clinics_clock(booked, smtp, settings):
    (received,) = patient_mail(smtp)
    text = received.text()
    assert "2:30 p.m. E" in text  # EST or EDT, whichever the day has
    assert "60 minutes" in text and settings.CLINIC_ADDRESS in text and NOTE in text
    assert booked.consultation_request.reference in text
    assert "/consultations/your-request/" in text, "the link to ask for a change"
    assert received.message["Reply-To"] == settings.CLINIC_EMAIL


def test_neither_the_email_nor_the_invitation_names_the_treatment_or_a_health_detail(
    booked, smtp, settings
):
    assert "Ketamine" in settings.CLINIC_NAME, "the default clinic name names the treatment"
    (received,) = patient_mail(smtp)
    text = received.text()  # subject, plain text, HTML and the invitation, decoded
    assert "BEGIN:VCALENDAR" in text
    for word in [*CLINICAL, "therapy", "treatment", "Sam Example"]:
        assert word not in text, word
    assert "ketamine" not in text.lower() and "ketamine" not in received.message["From"].lower()


def test_moving_sends_an_update_with_the_same_uid_and_a_higher_sequence(booked, coordinator, smtp):
    assert move(booked, by=coordinator, starts_at=at(clinic_day(6), 9, 15))
    drain()
    first, second = patient_mail(smtp)
    assert second.subject.startswith("Changed: appointment with Example Clinic, now ")
    assert "9:15 a.m." in second.text()
    events = [event_of(calendar) for calendar in calendars([first, second])]
    assert [str(e["UID"]) for e in events] == [booked.uid, booked.uid]
    assert [e["SEQUENCE"] for e in events] == [0, 1]
    assert events[1].decoded("DTSTART") == at(clinic_day(6), 9, 15)


def test_moving_takes_the_old_reminder_off_the_queue_and_schedules_a_new_one(
    booked, coordinator, settings
):
    old = Email.objects.get(kind=EmailKind.REMINDER)
    assert old.next_attempt_at == booked.starts_at - dt.timedelta(hours=24)
    assert DBTaskResult.objects.filter(id=old.task_id, status="READY").exists()
    move(booked, by=coordinator, starts_at=at(clinic_day(7), 11))
    old.refresh_from_db()
    assert old.state == EmailState.SUPERSEDED
    assert not DBTaskResult.objects.filter(id=old.task_id).exists()
    new = Email.objects.get(kind=EmailKind.REMINDER, sequence=1)
    assert new.next_attempt_at == at(clinic_day(7), 11) - dt.timedelta(hours=24)
    assert DBTaskResult.objects.get(id=new.task_id).run_after == new.next_attempt_at


def test_saving_without_a_change_sends_nothing(booked, coordinator, smtp):
    assert not move(booked, by=coordinator, starts_at=booked.starts_at)
    drain()
    assert len(patient_mail(smtp)) == 1
    assert Appointment.objects.get().sequence == 0


def test_changing_only_the_note_or_the_way_is_an_update_too(booked, coordinator, smtp):
    assert move(booked, by=coordinator, starts_at=booked.starts_at, mode=AppointmentMode.VIDEO)
    drain()
    event = event_of(calendars(patient_mail(smtp))[-1])
    assert (event["SEQUENCE"], str(event["LOCATION"])) == (1, "Video call")


def test_cancelling_sends_method_cancel_with_the_same_uid_and_a_higher_sequence(
    booked, coordinator, smtp
):
    move(booked, by=coordinator, starts_at=at(clinic_day(6), 10))
    drain()
    assert appointments.appointment_cancel(appointment=booked, by=coordinator)
    drain()
    messages = patient_mail(smtp)
    assert messages[-1].subject.startswith("Cancelled: appointment with Example Clinic on ")
    (part,) = calendar_parts(messages[-1])
    assert part.get_param("method") == "CANCEL"
    parsed = calendars(messages)
    assert [str(c["METHOD"]) for c in parsed] == ["REQUEST", "REQUEST", "CANCEL"]
    events = [event_of(c) for c in parsed]
    assert {str(e["UID"]) for e in events} == {booked.uid}
    assert [e["SEQUENCE"] for e in events] == [0, 1, 2]
    assert str(events[-1]["STATUS"]) == "CANCELLED"


def test_cancelling_puts_the_request_back_to_contacted_and_is_recorded(booked, coordinator):
    appointments.appointment_cancel(appointment=booked, by=coordinator)
    item = booked.consultation_request
    item.refresh_from_db()
    assert item.status == Status.CONTACTED
    cancelled = item.audit_events.get(action=AuditEvent.Action.APPOINTMENT_CANCELLED)
    assert cancelled.actor_user_id == coordinator.pk and "version 1" in cancelled.detail
    assert not appointments.appointment_cancel(appointment=booked, by=coordinator), "only once"


def test_the_reminder_goes_the_day_before_without_an_invitation(booked, smtp):
    reminder = Email.objects.get(kind=EmailKind.REMINDER)
    with time_machine.travel(reminder.next_attempt_at - dt.timedelta(minutes=1)):
        drain()
    assert len(patient_mail(smtp)) == 1, "not before its time"
    with time_machine.travel(reminder.next_attempt_at + dt.timedelta(minutes=1)):
        drain()
    first, second = patient_mail(smtp)
    assert second.subject.startswith("Reminder: appointment with Example Clinic, ")
    assert "2:30 p.m." in second.text() and calendar_parts(second) == []
    reminder.refresh_from_db()
    assert reminder.state == EmailState.SENT


def test_after_a_cancellation_the_reminder_never_goes_out(booked, coordinator, smtp):
    reminder = Email.objects.get(kind=EmailKind.REMINDER)
    appointments.appointment_cancel(appointment=booked, by=coordinator)
    with time_machine.travel(booked.starts_at - dt.timedelta(hours=1)):
        drain()
    subjects = [received.subject for received in patient_mail(smtp)]
    assert len(subjects) == 2 and subjects[1].startswith("Cancelled:"), subjects
    reminder.refresh_from_db()
    assert reminder.state == EmailState.SUPERSEDED
    assert not DBTaskResult.objects.filter(id=reminder.task_id).exists()


def test_a_reminder_task_left_on_the_queue_checks_the_appointment_before_sending(
    booked, coordinator, smtp
):
    """As if the clean-up had missed it: the email waits and its task is due."""
    reminder = Email.objects.get(kind=EmailKind.REMINDER)
    task_id = reminder.task_id
    appointments.appointment_cancel(appointment=booked, by=coordinator)
    Email.objects.filter(pk=reminder.pk).update(state=EmailState.QUEUED)
    tasks.send_email.using(run_after=reminder.next_attempt_at).enqueue(reminder.pk)
    with time_machine.travel(reminder.next_attempt_at + dt.timedelta(minutes=1)):
        drain()
    assert not any(r.subject.startswith("Reminder") for r in patient_mail(smtp))
    reminder.refresh_from_db()
    assert (reminder.state, reminder.error) == (EmailState.SUPERSEDED, "appointment cancelled")
    assert task_id and not DBTaskResult.objects.filter(id=task_id).exists(), "cleaned up too"


def test_a_reminder_for_an_older_version_is_not_sent_even_if_still_queued(
    booked, coordinator, smtp
):
    reminder = Email.objects.get(kind=EmailKind.REMINDER, sequence=0)
    move(booked, by=coordinator, starts_at=booked.starts_at + dt.timedelta(days=1))
    Email.objects.filter(pk=reminder.pk).update(state=EmailState.QUEUED)
    assert tasks.deliver(reminder.pk) == EmailState.SUPERSEDED
    reminder.refresh_from_db()
    assert reminder.error == "appointment changed since"


def test_a_reminder_the_worker_reaches_only_after_the_start_is_not_sent(booked, smtp):
    with time_machine.travel(booked.starts_at + dt.timedelta(minutes=5)):
        drain()
    assert not any(r.subject.startswith("Reminder") for r in patient_mail(smtp))
    assert Email.objects.get(kind=EmailKind.REMINDER).error.startswith("too late")


def test_an_appointment_booked_less_than_a_day_ahead_gets_no_reminder(item, coordinator):
    book(item, by=coordinator, starts_at=timezone.now() + dt.timedelta(hours=20))
    assert not Email.objects.filter(kind=EmailKind.REMINDER).exists()


def test_the_reminder_lead_time_is_a_setting(item, coordinator, settings):
    settings.CONSULTATION_REMINDER_HOURS = 48
    appointment = book(item, by=coordinator)
    reminder = Email.objects.get(kind=EmailKind.REMINDER)
    assert reminder.next_attempt_at == appointment.starts_at - dt.timedelta(hours=48)


def test_an_update_for_an_appointment_whose_invitation_never_went_reads_as_an_invitation(
    item, coordinator, smtp
):
    appointment = book(item, by=coordinator)
    move(appointment, by=coordinator, starts_at=appointment.starts_at + dt.timedelta(hours=2))
    drain()
    (received,) = patient_mail(smtp)
    assert received.subject.startswith("Appointment with Example Clinic: ")
    assert event_of(calendars([received])[0])["SEQUENCE"] == 1
    assert Email.objects.get(kind=EmailKind.INVITATION).state == EmailState.SUPERSEDED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at": "past"}, "Choose a time in the future."),
        ({"starts_at": "far"}, "Choose a time within the next year."),
        ({"minutes": 5}, "Choose a length between 10 and 240 minutes."),
        ({"minutes": 600}, "Choose a length between 10 and 240 minutes."),
        ({"note": "Bring your depression questionnaire."}, "leave out treatment and health"),
        ({"note": "Your ketamine session"}, "leave out treatment and health"),
        ({"mode": "carrier pigeon"}, "is not a valid choice"),
    ],
)
def test_the_service_refuses_what_the_form_would(item, coordinator, changes, message):
    starts_at = {
        "past": timezone.now() - dt.timedelta(hours=1),
        "far": timezone.now() + dt.timedelta(days=400),
    }.get(changes.pop("starts_at", None))
    with pytest.raises(ValidationError) as refused:
        book(item, by=coordinator, **({"starts_at": starts_at} if starts_at else {}), **changes)
    assert message in " ".join(refused.value.messages)
    assert not Appointment.objects.exists() and not Email.objects.filter(appointment__isnull=False)
    item.refresh_from_db()
    assert item.status == Status.CONTACTED


def test_a_request_with_an_appointment_to_come_cannot_be_booked_twice(booked, coordinator):
    with pytest.raises(ValidationError, match="move it or cancel it"):
        book(booked.consultation_request, by=coordinator)


@pytest.mark.parametrize("status", [Status.CLOSED, Status.DECLINED, Status.SPAM])
def test_a_finished_request_cannot_be_booked(make_request, coordinator, status):
    item = make_request(status=status)
    with pytest.raises(ValidationError, match="can’t be booked"):
        book(item, by=coordinator)


def test_declining_a_booked_request_cancels_its_appointment_and_tells_the_patient(
    booked, coordinator, smtp
):
    services.consultation_request_change_status(
        consultation_request=booked.consultation_request,
        to_status=Status.DECLINED,
        by=coordinator,
        reason="Outside our catchment area.",
    )
    drain()
    booked.refresh_from_db()
    assert booked.is_cancelled and booked.sequence == 1
    assert str(calendars(patient_mail(smtp))[-1]["METHOD"]) == "CANCEL"
    item = ConsultationRequest.objects.get()
    assert item.status == Status.DECLINED
    assert not Email.objects.filter(kind=EmailKind.REMINDER, state=EmailState.QUEUED).exists()


def test_closing_a_request_after_its_appointment_leaves_the_appointment_as_it_was(
    booked, coordinator, smtp
):
    Appointment.objects.filter(pk=booked.pk).update(starts_at=timezone.now() - dt.timedelta(days=1))
    services.consultation_request_change_status(
        consultation_request=booked.consultation_request, to_status=Status.CLOSED, by=coordinator
    )
    booked.refresh_from_db()
    assert not booked.is_cancelled and booked.sequence == 0


def test_a_withdrawal_ends_the_appointment_silently_and_erases_its_notes(booked, smtp):
    reminder = Email.objects.get(kind=EmailKind.REMINDER)
    services.consultation_request_withdraw(consultation_request=booked.consultation_request)
    booked.refresh_from_db()
    assert booked.is_cancelled and booked.patient_note == ""
    reminder.refresh_from_db()
    assert reminder.state == EmailState.CANCELLED
    assert not DBTaskResult.objects.filter(id=reminder.task_id).exists()
    with time_machine.travel(booked.starts_at - dt.timedelta(hours=1)):
        drain()
    assert len(smtp.received) == 1 + 2, "the invitation and the request's two emails, nothing more"


def test_deleting_a_request_takes_its_reminder_off_the_queue(booked, manager):
    reminder = Email.objects.get(kind=EmailKind.REMINDER)
    services.consultation_requests_delete(
        consultation_requests=ConsultationRequest.objects.all(), by=manager
    )
    assert not DBTaskResult.objects.filter(id=reminder.task_id).exists()
    assert not Appointment.objects.exists()
