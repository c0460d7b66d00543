"""The queue says what to do first: waiting time, the message's first line, assignee, status
pill, and "call back today" until someone reaches the patient."""

import datetime as dt

import pytest
import time_machine
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from consultations import contacts, services
from consultations.admin.display import first_line, waiting_time
from consultations.choices import Status
from consultations.models import ConsultationRequest
from tests.consultations.conftest import changelist_url, staff_user

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
SENTENCE = "I can't sleep, and nothing helps. "


@pytest.mark.parametrize(
    ("elapsed", "shown"),
    [
        (dt.timedelta(0), "0 min"),
        (dt.timedelta(seconds=59), "0 min"),
        (dt.timedelta(minutes=1), "1 min"),
        (dt.timedelta(minutes=59, seconds=59), "59 min"),
        (dt.timedelta(hours=1), "1 h 0 min"),
        (dt.timedelta(hours=5, minutes=12), "5 h 12 min"),
        (dt.timedelta(hours=23, minutes=59, seconds=59), "23 h 59 min"),
        (dt.timedelta(days=1), "1 d 0 h"),
        (dt.timedelta(days=2, hours=3, minutes=59), "2 d 3 h"),
        (dt.timedelta(days=400, hours=23), "400 d 23 h"),
        (dt.timedelta(minutes=-5), "0 min"),  # a clock a little behind never shows a minus
    ],
)
def test_the_waiting_time_reads_at_a_glance(elapsed, shown):
    assert waiting_time(START, START + elapsed) == shown


@pytest.mark.parametrize(
    ("message", "line"),
    [
        ("", ""),
        ("   \n\n  ", ""),
        ("Hello", "Hello"),
        ("\n\n  First words  \nSecond line", "First words"),
        ("Tabs\tand   many    spaces", "Tabs and many spaces"),
        ("x" * 70, "x" * 70),
        ("x" * 71, "x" * 69 + "…"),
        ("word " * 30, ("word " * 13).strip() + "…"),
        (SENTENCE * 3, SENTENCE + SENTENCE.rstrip(" .") + "…"),
    ],
)
def test_the_first_line_is_the_first_that_says_something_cut_at_a_word(message, line):
    assert first_line(message) == line
    assert len(first_line(message)) <= 70


def admin_for_list():
    return admin.site._registry[ConsultationRequest]


def request_by(user):
    request = RequestFactory().get(changelist_url())
    request.user = user
    return request


def waiting_cell(response, item) -> str:
    html = response.content.decode()
    row = html[html.index(f">{item.reference}<") :]
    return row[row.index('class="field-waiting"') :][:120]


def test_the_list_shows_how_long_each_request_has_waited(coordinator_client, make_request):
    with time_machine.travel(START, tick=False):
        item = make_request()
    with time_machine.travel(START + dt.timedelta(days=2, hours=3, minutes=10), tick=False):
        response = coordinator_client.get(changelist_url())
    assert "2 d 3 h" in waiting_cell(response, item)


def test_the_waiting_time_stops_when_the_request_is_closed(
    coordinator_client, coordinator, make_request
):
    with time_machine.travel(START, tick=False):
        item = make_request()
    with time_machine.travel(START + dt.timedelta(hours=5), tick=False):
        services.consultation_request_change_status(
            consultation_request=item, to_status=Status.CLOSED, by=coordinator
        )
    with time_machine.travel(START + dt.timedelta(days=9), tick=False):
        response = coordinator_client.get(changelist_url() + "?status=all")
    assert "5 h 0 min" in waiting_cell(response, item)
    item.refresh_from_db()
    assert item.finished_at == START + dt.timedelta(hours=5)


def test_reopening_a_request_starts_its_clock_again(coordinator, make_request):
    item = make_request()
    for status in (Status.CLOSED, Status.CONTACTED):
        services.consultation_request_change_status(
            consultation_request=item, to_status=status, by=coordinator
        )
    item.refresh_from_db()
    assert item.finished_at is None


def test_spam_and_withdrawn_requests_stop_waiting_too(make_request):
    spam = make_request(spam_reason="honeypot")
    assert spam.status == Status.SPAM and spam.finished_at is not None
    item = make_request()
    services.consultation_request_withdraw(consultation_request=item)
    item.refresh_from_db()
    assert item.finished_at == item.withdrawn_at


def test_the_list_shows_the_first_line_of_the_message_and_the_assignee(
    coordinator_client, coordinator, make_request
):
    coordinator.first_name, coordinator.last_name = "Jordan", "Lee"
    coordinator.save()
    item = make_request(message="Looking for help with <b>sleep</b>.\nMore details follow.")
    item.assigned_to = coordinator
    services.consultation_request_update(
        consultation_request=item, by=coordinator, changed=["assigned_to"]
    )
    response = coordinator_client.get(changelist_url())
    assertContains(response, "Looking for help with &lt;b&gt;sleep&lt;/b&gt;.")
    assertNotContains(response, "More details follow")
    assertContains(response, '<td class="field-assignee">Jordan Lee</td>', html=False)


def test_a_withdrawn_request_shows_no_name_or_message(coordinator_client, make_request):
    item = make_request(full_name="Gone Person", message="Erased words")
    services.consultation_request_withdraw(consultation_request=item)
    response = coordinator_client.get(changelist_url() + "?status=withdrawn")
    assertNotContains(response, "Gone Person")
    assertNotContains(response, "Erased words")
    assertContains(response, '<span class="pill pill-finished">Withdrawn by the patient</span>')


@pytest.mark.parametrize(
    ("status", "pill"),
    [
        (Status.NEW, "pill-new"),
        (Status.CONTACTED, "pill-contacted"),
        (Status.BOOKED, "pill-booked"),
        (Status.CLOSED, "pill-finished"),
        (Status.DECLINED, "pill-finished"),
    ],
)
def test_each_status_is_a_pill_with_its_word(coordinator_client, make_request, status, pill):
    make_request(status=status)
    response = coordinator_client.get(changelist_url() + "?status=all")
    assertContains(response, f'<span class="pill {pill}">{Status(status).label}</span>')


def test_call_back_today_stays_after_an_unanswered_call_and_clears_once_reached(
    coordinator_client, coordinator, make_request
):
    item = make_request(message="I want to kill myself")
    contacts.contact_attempt_log(consultation_request=item, by=coordinator, outcome="no_answer")
    response = coordinator_client.get(changelist_url())
    assertContains(response, "<strong>Call back today</strong>")
    assertContains(response, "last try: no answer")
    contacts.contact_attempt_log(consultation_request=item, by=coordinator, outcome="reached")
    response = coordinator_client.get(changelist_url())
    assertNotContains(response, "Call back today</strong>")
    assertContains(response, "Urgent<br><small>reached ")


def test_read_today_clears_once_reached_too(coordinator_client, coordinator, make_request):
    item = make_request(message="Some days I can't see the point of going on")
    assertContains(coordinator_client.get(changelist_url()), "<strong>Read today</strong>")
    contacts.contact_attempt_log(consultation_request=item, by=coordinator, outcome="reached")
    response = coordinator_client.get(changelist_url())
    assertNotContains(response, "<strong>Read today</strong>")
    assertContains(response, "May indicate risk<br><small>reached ")


def test_once_reached_an_urgent_request_queues_with_the_others(
    coordinator_client, coordinator, make_request
):
    now = timezone.now()
    waiting = make_request(received_at=now - dt.timedelta(hours=30))
    urgent = make_request(received_at=now - dt.timedelta(hours=2), message="I want to die")
    urgent_too = make_request(received_at=now - dt.timedelta(hours=1), message="self-harm")

    def order():
        response = coordinator_client.get(changelist_url())
        return [row.pk for row in response.context["cl"].result_list]

    assert order() == [urgent_too.pk, urgent.pk, waiting.pk]
    contacts.contact_attempt_log(consultation_request=urgent_too, by=coordinator, outcome="reached")
    assert order() == [urgent.pk, waiting.pk, urgent_too.pk]


@pytest.mark.parametrize("role", ["Intake coordinator", "Clinic manager"])
def test_both_roles_may_read_messages_so_both_see_the_first_line(django_user_model, role):
    user = staff_user(django_user_model, "someone", role)
    shown = admin_for_list().get_list_display(request_by(user))
    assert "message_start" in shown


@pytest.mark.parametrize("role", [None, "Clinical reviewer"])
def test_staff_who_may_not_open_requests_never_get_the_first_line(django_user_model, role):
    user = staff_user(django_user_model, "newcomer", role)
    shown = admin_for_list().get_list_display(request_by(user))
    assert "message_start" not in shown
    assert "reference_code" in shown and "waiting" in shown


@pytest.mark.parametrize("order", ["2", "-2", "3", "5", "6", "7", "1.2", "9", "x"])
def test_sorting_by_any_column_or_a_junk_order_never_fails(
    coordinator_client, coordinator, make_request, order
):
    older = make_request(received_at=timezone.now() - dt.timedelta(days=2))
    newer = make_request()
    newer.assigned_to = coordinator
    services.consultation_request_update(
        consultation_request=newer, by=coordinator, changed=["assigned_to"]
    )
    response = coordinator_client.get(changelist_url() + f"?o={order}")
    assert response.status_code == 200
    shown = [row.pk for row in response.context["cl"].result_list]
    assert sorted(shown) == sorted([older.pk, newer.pk])
    if order == "2":  # "Waiting", shortest first
        assert shown == [newer.pk, older.pk]
    if order == "-2":
        assert shown == [older.pk, newer.pk]


def test_at_a_glance_counts_the_urgent_requests_nobody_has_reached_yet(
    coordinator_client, coordinator, make_request
):
    first = make_request(message="I want to kill myself")
    make_request(message="self-harm again")
    contacts.contact_attempt_log(consultation_request=first, by=coordinator, outcome="voicemail")
    response = coordinator_client.get(changelist_url())
    assert response.context["glance"]["urgent_to_call"] == 2
    assertContains(response, "2 to call back today (nobody has reached them yet)")
    contacts.contact_attempt_log(consultation_request=first, by=coordinator, outcome="reached")
    response = coordinator_client.get(changelist_url())
    assert (
        response.context["glance"]["urgent_open"],
        response.context["glance"]["urgent_to_call"],
    ) == (2, 1)
    assertContains(response, "1 to call back today")
