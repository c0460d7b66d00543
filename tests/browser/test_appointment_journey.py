"""An intake coordinator signs in with two factors and books, moves and cancels a patient's
appointment in Chromium. The real task worker (`manage.py db_worker`) sends each invitation to
a real SMTP server: three, with one UID and a rising SEQUENCE, that icalendar parses. The
reminder of the moved appointment falls due after the cancellation, and a worker run after that
moment sends nothing: a reminder never follows a cancellation.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from consultations.choices import EmailKind, EmailState, Status
from consultations.models import Appointment, AuditEvent, Email
from perf.mailserver import smtp_server
from tests.browser.conftest import browser_test, screenshot
from tests.browser.test_staff_journey import current_code
from tests.conftest import restore_roles
from tests.consultations.booking import at, calendars, clinic_day, event_of
from tests.consultations.conftest import change_url, create_request
from tests.worker import run_db_worker

pytestmark = browser_test

PASSWORD = "a long staff password"
PATIENT = "sam@example.com"
# The moved appointment's reminder falls due this long after the move: ample time for the
# worker to send the update first, and for the coordinator to cancel, however busy the machine.
# The test does not wait for it: after the cancellation it makes every waiting task due at once.
REMINDER_DUE_AFTER = dt.timedelta(hours=1)


@pytest.fixture
def coordinator(django_user_model):
    restore_roles()
    user = django_user_model.objects.create_user(
        "robin", email="robin@clinic.example.com", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Intake coordinator"))
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user, device


@pytest.fixture
def mail_server():
    with smtp_server() as (port, recorder):
        recorder.port = port
        yield recorder


def send_queued_emails(mail_server):
    result = run_db_worker(smtp_port=mail_server.port)
    assert result.returncode == 0, result.stderr[-2000:]


def invitations(mail_server):
    return [r for r in mail_server.to(PATIENT) if r.subject.startswith(("Appointment", "Changed", "Cancelled", "Reminder"))]  # fmt: skip


def sign_in(page, base, user, device):
    page.goto(base + reverse("admin:index"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def success(page) -> str:
    return page.locator(".messagelist .success").inner_text()


def test_a_coordinator_books_moves_and_cancels_and_the_reminder_never_follows(
    live_server, page, coordinator, mail_server, settings
):
    user, device = coordinator
    item = create_request()
    day, next_day = clinic_day(4), clinic_day(5)
    sign_in(page, live_server.url, user, device)
    page.goto(live_server.url + change_url(item))

    # Book: Thursday at 10:00 (say), an hour, in person, with a note.
    page.get_by_role("link", name="Book an appointment").click()
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Length (minutes)").fill("60")
    page.get_by_label("In person, at the clinic").check()
    page.get_by_label("Note for the patient (optional)").fill("Please arrive 10 minutes early.")
    screenshot(page, "staff-appointment-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Book and send the invitation").click()
    assert success(page).startswith(f"Booked {item.reference} for {day:%Y-%m-%d} 10:00")
    screenshot(page, "staff-request-with-appointment")
    send_queued_emails(mail_server)
    assert len(invitations(mail_server)) == 1

    # Move it to the next day at 11:30; its reminder will fall due in a few seconds.
    with page.expect_navigation():
        page.get_by_role("link", name="Move or change it").click()
    assert page.get_by_label("Start time").input_value() == "10:00"
    page.get_by_label("Date").fill(next_day.isoformat())
    page.get_by_label("Start time").fill("11:30")
    moved_to = at(next_day, 11, 30)
    lead = moved_to - (timezone.now() + REMINDER_DUE_AFTER)
    settings.CONSULTATION_REMINDER_HOURS = lead / dt.timedelta(hours=1)
    with page.expect_navigation():
        page.get_by_role("button", name="Save the change and tell the patient").click()
    assert f"now {next_day:%Y-%m-%d} 11:30" in success(page)
    reminder = Email.objects.get(kind=EmailKind.REMINDER, sequence=1)
    send_queued_emails(mail_server)
    assert timezone.now() < reminder.next_attempt_at, "the update went before the reminder was due"
    assert len(invitations(mail_server)) == 2

    # Cancel it.
    with page.expect_navigation():
        page.get_by_role("link", name="Cancel it").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, cancel the appointment").click()
    assert success(page).startswith(f"Cancelled {item.reference}’s appointment")

    # The real worker, once the reminder's moment has come: every task still waiting is due
    # now, as it would be an hour from now, so a reminder that escaped the cancellation runs.
    made_due = DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    assert made_due >= 1, "the cancellation's own email at least is waiting"
    send_queued_emails(mail_server)

    received = invitations(mail_server)
    assert [r.subject.split(":")[0] for r in received] == [
        "Appointment with Example Clinic",
        "Changed",
        "Cancelled",
    ], "three invitations and no reminder"
    parsed = calendars(received)
    assert [str(c["METHOD"]) for c in parsed] == ["REQUEST", "REQUEST", "CANCEL"]
    events = [event_of(c) for c in parsed]
    appointment = Appointment.objects.get()
    assert {str(e["UID"]) for e in events} == {appointment.uid}
    assert [e["SEQUENCE"] for e in events] == [0, 1, 2]
    assert events[0].decoded("DTSTART") == at(day, 10)
    assert events[1].decoded("DTSTART") == events[2].decoded("DTSTART") == moved_to
    assert str(events[2]["STATUS"]) == "CANCELLED"

    assert set(Email.objects.filter(kind=EmailKind.REMINDER).values_list("state", flat=True)) == {
        EmailState.SUPERSEDED
    }
    assert not DBTaskResult.objects.filter(status="READY").exists(), "nothing left to send"
    item.refresh_from_db()
    assert item.status == Status.CONTACTED
    actions = list(
        item.audit_events.filter(action__startswith="appt_")
        .order_by("pk")
        .values_list("action", "actor_user_id")
    )
    assert actions == [
        (AuditEvent.Action.APPOINTMENT_BOOKED, user.pk),
        (AuditEvent.Action.APPOINTMENT_MOVED, user.pk),
        (AuditEvent.Action.APPOINTMENT_CANCELLED, user.pk),
    ]
