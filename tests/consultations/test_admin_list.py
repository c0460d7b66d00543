"""The staff list: who may see it, filters, search, queue order, the numbers at a glance."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from consultations.choices import Status
from tests.consultations.conftest import change_url, changelist_url, sign_in, staff_user

pytestmark = pytest.mark.django_db


def references(response) -> list[str]:
    """References in the order the list shows them."""
    return [row.reference for row in response.context["cl"].result_list]


def test_a_logged_out_visitor_is_sent_to_the_login_page(client, make_request):
    item = make_request()
    for url in (changelist_url(), change_url(item)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    assertNotContains(client.get(changelist_url(), follow=True), item.full_name)


def test_staff_without_a_role_cannot_see_requests(client, django_user_model, make_request):
    item = make_request()
    sign_in(client, staff_user(django_user_model, "newcomer", role=None))
    assert client.get(changelist_url()).status_code == 403
    assert client.get(change_url(item)).status_code == 403


@pytest.mark.parametrize("role_client", ["coordinator_client", "manager_client"])
def test_both_roles_see_the_list_with_its_columns(request, role_client, make_request):
    client = request.getfixturevalue(role_client)
    item = make_request(full_name="Dana Whitehorse", province="YT", message="I want to die")
    response = client.get(changelist_url())
    assert response.status_code == 200
    for text in (
        item.reference,
        "Dana Whitehorse",
        '<span class="pill pill-new">New</span>',
        "<strong>Call back today</strong>",
        "Email · Yukon",
        "I want to die",
    ):
        assertContains(response, text)
    for header in ("Waiting", "Message (first line)", "Assigned to", "Risk words", "Status"):
        assertContains(response, header)


def test_the_received_time_is_shown_in_the_clinics_time_zone(
    coordinator_client, make_request, settings
):
    settings.TIME_ZONE = "America/Toronto"
    item = make_request(received_at=dt.datetime(2026, 11, 20, 15, 30, tzinfo=ZoneInfo("UTC")))
    assertContains(coordinator_client.get(changelist_url()), "since Fri Nov 20, 10:30")
    assertContains(coordinator_client.get(change_url(item)), "2026-11-20 10:30 EST")


def test_spam_and_finished_requests_are_out_of_the_default_queue(coordinator_client, make_request):
    waiting = make_request()
    spam = make_request(spam_reason="honeypot")
    closed = make_request(status=Status.CLOSED)
    shown = references(coordinator_client.get(changelist_url()))
    assert shown == [waiting.reference]
    assert references(coordinator_client.get(changelist_url() + "?status=spam")) == [spam.reference]
    assert set(references(coordinator_client.get(changelist_url() + "?status=all"))) == {
        waiting.reference,
        spam.reference,
        closed.reference,
    }


@pytest.mark.parametrize("status", Status.values)
def test_the_list_filters_by_each_status(coordinator_client, make_request, status):
    wanted = make_request(status=status)
    make_request(status=Status.CONTACTED if status != Status.CONTACTED else Status.NEW)
    assert references(coordinator_client.get(changelist_url() + f"?status={status}")) == [
        wanted.reference
    ]


def test_the_list_filters_by_urgency(coordinator_client, make_request):
    urgent = make_request(message="thinking of suicide")
    make_request()
    assert references(coordinator_client.get(changelist_url() + "?risk=urgent")) == [
        urgent.reference
    ]


def test_the_list_filters_by_province(coordinator_client, make_request):
    quebec = make_request(province="QC")
    make_request(province="ON")
    assert references(coordinator_client.get(changelist_url() + "?province__exact=QC")) == [
        quebec.reference
    ]


def test_the_list_filters_by_help_wanted(coordinator_client, make_request):
    ocd = make_request(help_wanted=["ocd", "anxiety"])
    make_request(help_wanted=["depression"])
    make_request(help_wanted=["other"])
    assert references(coordinator_client.get(changelist_url() + "?help=ocd")) == [ocd.reference]
    assert len(references(coordinator_client.get(changelist_url() + "?help=other"))) == 1


def test_the_list_filters_by_received_date(coordinator_client, make_request):
    recent = make_request()
    make_request(received_at=timezone.now() - dt.timedelta(days=40))
    page = coordinator_client.get(changelist_url())
    received = next(spec for spec in page.context["cl"].filter_specs if spec.title == "received")
    past_week = dict(received.links)["Past 7 days"]
    assert references(coordinator_client.get(changelist_url(), past_week)) == [recent.reference]


@pytest.mark.parametrize(
    "query",
    [
        "KT-",
        "Morgan",
        "morgan.l@example",
        "416-555-0199",
        "(416) 555-0199",
        "4165550199",
        "+1 416 555 0199",
        "555-0199",
    ],
)
def test_search_finds_a_request_by_reference_name_email_or_phone(
    coordinator_client, make_request, query
):
    wanted = make_request(
        full_name="Morgan Lavoie", email="morgan.l@example.com", phone="+14165550199"
    )
    make_request(full_name="Other Person", email="other@example.com", phone="+16135550100")
    query = wanted.reference if query == "KT-" else query
    assert references(coordinator_client.get(changelist_url(), {"q": query})) == [wanted.reference]


def test_search_looks_through_finished_requests_too(coordinator_client, make_request):
    closed = make_request(status=Status.CLOSED, full_name="Robin Closed")
    assert references(coordinator_client.get(changelist_url(), {"q": closed.reference})) == [
        closed.reference
    ]


def test_the_queue_shows_newest_urgent_first_then_oldest_waiting(coordinator_client, make_request):
    now = timezone.now()

    def at(hours_ago, **fields):
        return make_request(received_at=now - dt.timedelta(hours=hours_ago), **fields).reference

    old_waiting = at(50)
    urgent_older = at(30, message="I want to kill myself")
    newer_waiting = at(10)
    urgent_newest = at(2, message="self-harm again")
    contacted = at(40, status=Status.CONTACTED)
    closed_urgent = at(1, status=Status.CLOSED, message="suicide")
    assert references(coordinator_client.get(changelist_url())) == [
        urgent_newest,
        urgent_older,
        old_waiting,
        contacted,
        newer_waiting,
    ]
    assert references(coordinator_client.get(changelist_url() + "?status=all"))[-1] == closed_urgent


def test_the_list_shows_new_urgent_and_oldest_waiting_at_a_glance(coordinator_client, make_request):
    make_request(received_at=timezone.now() - dt.timedelta(days=3, hours=2))
    make_request(message="I want to kill myself")
    make_request(status=Status.CONTACTED, message="I have saved up pills to overdose")
    make_request(status=Status.CLOSED, message="I want to kill myself")
    make_request(message="Some days I can't see the point of going on")
    make_request(spam_reason="honeypot")
    response = coordinator_client.get(changelist_url())
    glance = response.context["glance"]
    assert (glance["new"], glance["urgent_open"], glance["possible_open"]) == (3, 2, 1)
    html = response.content.decode()
    assert "<strong>3</strong> new" in html
    assert "<strong>2</strong> urgent and open" in html
    assert "<strong>1</strong> that may indicate risk" in html
    assert "Oldest new request has waited <strong>3\xa0days, 2\xa0hours</strong>" in html


def test_an_empty_queue_says_nobody_is_waiting(coordinator_client):
    assertContains(coordinator_client.get(changelist_url()), "No request is waiting")


def test_staff_cannot_add_requests_in_the_admin(manager_client):
    assert (
        manager_client.get(
            changelist_url().replace("/consultationrequest/", "/consultationrequest/add/")
        ).status_code
        == 403
    )
