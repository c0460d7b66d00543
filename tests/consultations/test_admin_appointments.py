"""Staff book, move and cancel appointments from the request's page; bad input gets a message,
never a 500; the queue shows appointments and patients' requests to change them."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from consultations import appointments, clinictime
from consultations.choices import ChangeAsked, EmailKind, Status
from consultations.models import Appointment, AuditEvent, Email
from tests.consultations.booking import at, book, clinic_day
from tests.consultations.conftest import change_url, changelist_url, sign_in, staff_user

pytestmark = pytest.mark.django_db


def appointment_url(item) -> str:
    return change_url(item).removesuffix("change/") + "appointment/"


def cancel_url(item) -> str:
    return appointment_url(item) + "cancel/"


@pytest.fixture
def item(make_request):
    return make_request(status=Status.CONTACTED)


def good(**overrides) -> dict:
    day = clinic_day(5)
    data = {
        "date": day.isoformat(),
        "time": "14:30",
        "duration_minutes": "45",
        "mode": "video",
        "patient_note": "The link to join: https://meet.example.com/abc",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def test_the_request_page_offers_to_book_an_appointment(coordinator_client, item):
    page = coordinator_client.get(change_url(item))
    assertContains(page, "No appointment booked.")
    assertContains(page, f'href="{appointment_url(item)}"')
    assertContains(page, "Book an appointment")


def test_the_status_field_does_not_offer_booked_it_points_to_the_appointment(
    coordinator_client, item
):
    page = coordinator_client.get(change_url(item))
    choices = dict(page.context["adminform"].form.fields["new_status"].choices)
    assert Status.BOOKED not in choices
    assertContains(page, "To book a consultation, use “Book an appointment”")


def test_the_booking_page_asks_for_clinic_time_and_is_recorded_as_a_view(
    coordinator_client, coordinator, item, settings
):
    page = coordinator_client.get(appointment_url(item))
    assertContains(page, f"Book an appointment for {item.reference}")
    assertContains(page, f"On the clinic’s clock ({settings.CLINIC_TIME_ZONE})")
    assertContains(page, 'type="date"')
    assertContains(page, 'type="time"')
    viewed = item.audit_events.get(action=AuditEvent.Action.VIEWED)
    assert (viewed.actor_user_id, viewed.detail) == (coordinator.pk, "appointment page")


def test_booking_stores_it_books_the_request_and_goes_back_to_its_page(
    coordinator_client, coordinator, item
):
    response = coordinator_client.post(appointment_url(item), good())
    assert response.status_code == 302 and response["Location"] == change_url(item)
    appointment = Appointment.objects.get()
    assert appointment.starts_at == at(clinic_day(5), 14, 30)
    assert (appointment.duration_minutes, appointment.mode) == (45, "video")
    item.refresh_from_db()
    assert item.status == Status.BOOKED
    page = coordinator_client.get(response["Location"])
    assertContains(page, f"Booked {item.reference} for {clinic_day(5):%Y-%m-%d} 14:30")
    assertContains(page, "Move or change it")
    assertContains(page, "version 0")
    booked = item.audit_events.get(action=AuditEvent.Action.APPOINTMENT_BOOKED)
    assert booked.actor_user_id == coordinator.pk
    assert "meet.example.com" not in booked.detail
    assert set(Email.objects.filter(appointment=appointment).values_list("kind", flat=True)) == {
        EmailKind.INVITATION,
        EmailKind.REMINDER,
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": None}, "date", "Enter the date of the appointment."),
        ({"time": ""}, "time", "Enter the start time."),
        ({"duration_minutes": ""}, "duration_minutes", "Enter the length in minutes."),
        ({"mode": None}, "mode", "Choose how the appointment takes place."),
        ({"date": "next tuesday"}, "date", "Enter a date like 2027-03-14."),
        ({"time": "25:99"}, "time", "Enter a time like 14:30 (24-hour clock)."),
        ({"duration_minutes": "5"}, "duration_minutes", "Enter a length between 10 and 240"),
        ({"duration_minutes": "600"}, "duration_minutes", "Enter a length between 10 and 240"),
        ({"duration_minutes": "an hour"}, "duration_minutes", "Enter the length in minutes, like"),
        ({"mode": "carrier pigeon"}, "mode", "Choose in person, video or phone."),
        ({"date": "2001-01-01"}, "date", "Choose a time in the future."),
        ({"date": "9999-12-31"}, "date", "Choose a date within the next year."),
        ({"patient_note": "About your PTSD"}, "patient_note", "leave out treatment and health"),
        ({"patient_note": "x" * 501}, "patient_note", "500 characters or fewer"),
        ({"patient_note": "nul\x00"}, "patient_note", ""),
    ],
)
def test_bad_input_comes_back_with_a_message_and_stores_nothing(
    coordinator_client, item, changes, field, message
):
    response = coordinator_client.post(appointment_url(item), good(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors and message in " ".join(form.errors[field])
    assertContains(response, "Please correct the error below.")
    assert not Appointment.objects.exists()
    item.refresh_from_db()
    assert item.status == Status.CONTACTED


def test_a_time_half_an_hour_ago_is_refused(coordinator_client, item):
    now = clinictime.local(timezone.now())
    earlier = clinictime.local(timezone.now() - dt.timedelta(minutes=30))
    response = coordinator_client.post(
        appointment_url(item),
        good(date=earlier.date().isoformat(), time=earlier.strftime("%H:%M")),
    )
    field = "date" if earlier.date() < now.date() else "time"  # just after midnight: yesterday
    assert response.context["form"].errors[field] == ["Choose a time in the future."]
    assert not Appointment.objects.exists()


def test_a_closed_request_cannot_be_booked_and_says_how_to_reopen_it(
    coordinator_client, make_request
):
    closed = make_request(status=Status.CLOSED)
    page = coordinator_client.get(appointment_url(closed))
    assertContains(page, "so it can’t be booked. To book it, first mark it contacted")
    assertNotContains(page, 'id="appointment-form"')
    response = coordinator_client.post(appointment_url(closed), good())
    assert response.status_code == 200 and not Appointment.objects.exists()


def test_moving_shows_the_current_values_and_saves_a_new_version(
    coordinator_client, coordinator, item
):
    appointment = book(item, by=coordinator, starts_at=at(clinic_day(5), 10))
    page = coordinator_client.get(appointment_url(item))
    assertContains(page, f"Move or change the appointment for {item.reference}")
    assertContains(page, f'value="{clinic_day(5).isoformat()}"')
    assertContains(page, 'value="10:00"')
    response = coordinator_client.post(
        appointment_url(item), good(time="11:15", duration_minutes="60", mode="in_person")
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.sequence, appointment.starts_at) == (1, at(clinic_day(5), 11, 15))
    page = coordinator_client.get(change_url(item))
    assertContains(page, f"now {clinic_day(5):%Y-%m-%d} 11:15")
    moved = item.audit_events.get(action=AuditEvent.Action.APPOINTMENT_MOVED)
    assert moved.detail.startswith("version 1: ") and "→" in moved.detail


def test_saving_the_same_values_again_says_nothing_was_sent(coordinator_client, coordinator, item):
    book(item, by=coordinator, starts_at=at(clinic_day(5), 14, 30), minutes=45, mode="video",
         note="The link to join: https://meet.example.com/abc")  # fmt: skip
    response = coordinator_client.post(appointment_url(item), good(), follow=True)
    assertContains(response, "Nothing was changed, so the patient was not sent anything.")
    assert Appointment.objects.get().sequence == 0


def test_cancelling_asks_first_then_cancels_and_reopens_the_request(
    coordinator_client, coordinator, item
):
    appointment = book(item, by=coordinator)
    page = coordinator_client.get(cancel_url(item))
    assertContains(page, "Yes, cancel the appointment")
    assertContains(page, "Its reminder will not be sent.")
    appointment.refresh_from_db()
    assert not appointment.is_cancelled
    response = coordinator_client.post(cancel_url(item), follow=True)
    assertContains(response, f"Cancelled {item.reference}’s appointment")
    assertContains(response, "No appointment booked.")
    appointment.refresh_from_db()
    item.refresh_from_db()
    assert appointment.is_cancelled and item.status == Status.CONTACTED
    viewed = item.audit_events.filter(action=AuditEvent.Action.VIEWED, detail__contains="cancel")
    assert viewed.count() == 1


def test_the_cancel_page_without_an_appointment_goes_back_with_a_message(coordinator_client, item):
    response = coordinator_client.get(cancel_url(item), follow=True)
    assertContains(response, "There is no appointment to cancel.")


def test_the_appointment_pages_of_a_request_that_does_not_exist_do_not_fail(coordinator_client):
    base = changelist_url()
    for url in (f"{base}999999/appointment/", f"{base}999999/appointment/cancel/", f"{base}x/appointment/"):  # fmt: skip
        assert coordinator_client.get(url).status_code == 302


def test_a_staff_member_who_may_only_view_requests_cannot_book(client, django_user_model, item):
    viewer = staff_user(django_user_model, "viewer", None)
    viewer.user_permissions.add(Permission.objects.get(codename="view_consultationrequest"))
    sign_in(client, viewer)
    assert client.get(appointment_url(item)).status_code == 403
    assert client.post(appointment_url(item), good()).status_code == 403
    assert client.get(cancel_url(item)).status_code == 403
    assert not Appointment.objects.exists()


def test_the_list_shows_the_appointment_and_filters_by_it(
    coordinator_client, coordinator, make_request
):
    ahead = make_request(status=Status.CONTACTED, full_name="Ahead Person")
    none = make_request(status=Status.CONTACTED, full_name="Nobody Booked")
    book(ahead, by=coordinator, starts_at=at(clinic_day(5), 10))
    listed = coordinator_client.get(changelist_url())
    # Short, on the clinic's clock: "Sun Dec 6, 10:00".
    assertContains(listed, f"{clinic_day(5):%a %b %-d}, 10:00")
    upcoming = coordinator_client.get(changelist_url() + "?appointment=upcoming")
    assert [i.pk for i in upcoming.context["cl"].result_list] == [ahead.pk]
    without = coordinator_client.get(changelist_url() + "?appointment=none")
    assert [i.pk for i in without.context["cl"].result_list] == [none.pk]


def test_todays_appointments_are_a_filter_of_their_own(
    coordinator_client, coordinator, make_request
):
    soon = make_request(status=Status.CONTACTED)
    later = make_request(status=Status.CONTACTED)
    book(soon, by=coordinator, starts_at=at(clinic_day(5), 10))
    book(later, by=coordinator, starts_at=at(clinic_day(6), 10))
    with time_machine.travel(at(clinic_day(5), 8)):  # that morning, on the clinic's clock
        sign_in(coordinator_client, coordinator)  # a fresh session: that is days from now
        today = coordinator_client.get(changelist_url() + "?appointment=today")
    assert [i.pk for i in today.context["cl"].result_list] == [soon.pk]


def test_a_patients_request_to_change_shows_in_the_queue_and_on_the_request(
    coordinator_client, coordinator, item
):
    appointment = book(item, by=coordinator)
    appointments.appointment_change_ask(
        appointment=appointment, what=ChangeAsked.MOVE, note="Any afternoon next week"
    )
    listed = coordinator_client.get(changelist_url())
    assertContains(listed, "asks to move")
    assertContains(listed, "<strong>1</strong> patient asking to move or cancel an appointment")
    asked = coordinator_client.get(changelist_url() + "?appointment=change_asked")
    assert [i.pk for i in asked.context["cl"].result_list] == [item.pk]
    page = coordinator_client.get(change_url(item))
    assertContains(page, "The patient asks to move it")
    assertContains(page, "Any afternoon next week")
    assertContains(page, "Patient asked to change the appointment: move")


def test_staff_can_keep_the_appointment_and_mark_the_patients_request_dealt_with(
    coordinator_client, coordinator, item
):
    appointment = book(item, by=coordinator)
    appointments.appointment_change_ask(appointment=appointment, what=ChangeAsked.CANCEL)
    page = coordinator_client.get(appointment_url(item))
    assertContains(page, "The patient asks to cancel it")
    response = coordinator_client.post(appointment_url(item), {"_dealt_with": "1"}, follow=True)
    assertContains(response, "marked as dealt with; the appointment stays as it is")
    appointment.refresh_from_db()
    assert (appointment.change_asked, appointment.sequence, appointment.is_cancelled) == (
        "",
        0,
        False,
    )
    dealt = item.audit_events.get(action=AuditEvent.Action.CHANGE_DEALT_WITH)
    assert dealt.actor_user_id == coordinator.pk


def test_moving_answers_the_patients_request(coordinator_client, coordinator, item):
    appointment = book(item, by=coordinator)
    appointments.appointment_change_ask(appointment=appointment, what=ChangeAsked.MOVE)
    coordinator_client.post(appointment_url(item), good(date=clinic_day(8).isoformat()))
    appointment.refresh_from_db()
    assert appointment.change_asked == "" and appointment.sequence == 1


def test_the_requests_page_lists_every_appointment_it_had(coordinator_client, coordinator, item):
    first = book(item, by=coordinator, starts_at=at(clinic_day(5), 10))
    appointments.appointment_cancel(appointment=first, by=coordinator)
    book(item, by=coordinator, starts_at=at(clinic_day(9), 15))
    page = coordinator_client.get(change_url(item))
    assertContains(page, "Appointments (book, move or cancel")
    assertContains(page, f"{clinic_day(5):%Y-%m-%d} 10:00")
    assertContains(page, f"{clinic_day(9):%Y-%m-%d} 15:00")
    assertContains(page, "Cancelled ")
