"""The patient's own page, from the signed link in their email: they can withdraw, and what they
told us is erased at once."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from consultations import links
from consultations.choices import EmailState, Status
from consultations.models import AuditEvent, ConsultationRequest, StaffNote
from tests.consultations.conftest import change_url, changelist_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(make_request, coordinator):
    made = make_request(
        full_name="Riley Okafor",
        email="riley@example.com",
        message="I have had depression for years.",
        referred_by_clinician=True,
        referrer_name="Dr. Lee",
        help_wanted=["depression"],
    )
    StaffNote.objects.create(consultation_request=made, author=coordinator, body="Called once")
    return made


def page_url(item) -> str:
    return links.your_request_path(item)


def withdraw_url(item) -> str:
    return page_url(item) + "withdraw/"


def test_the_patients_page_shows_the_reference_and_where_it_is_but_nothing_they_wrote(client, item):
    response = client.get(page_url(item))
    assertContains(response, item.reference)
    assertContains(response, "Waiting for our intake team")
    for private in ("Riley", "riley@example.com", "depression", "Dr. Lee"):
        assertNotContains(response, private)
    assert "no-store" in response["Cache-Control"]
    assertContains(response, 'name="robots" content="noindex"')


def test_withdrawing_asks_first_and_changes_nothing_until_confirmed(client, item):
    response = client.get(withdraw_url(item))
    assertContains(response, "Yes, withdraw and erase my details")
    item.refresh_from_db()
    assert item.status == Status.NEW and item.full_name == "Riley Okafor"


def test_withdrawing_erases_the_personal_details_at_once_and_keeps_the_audit_trail(client, item):
    received_at, reference = item.received_at, item.reference
    response = client.post(withdraw_url(item))
    assert response.status_code == 302 and response["Location"] == page_url(item)
    item.refresh_from_db()
    assert (item.status, item.reference, item.received_at) == (
        Status.WITHDRAWN,
        reference,
        received_at,
    )
    assert item.withdrawn_at is not None
    for name in ("full_name", "preferred_name", "email", "phone", "message", "referrer_name"):
        assert getattr(item, name) == "", name
    assert item.help_wanted == [] and item.contact_times == []
    assert not StaffNote.objects.exists(), "notes about the patient go too"
    assert set(item.emails.values_list("state", flat=True)) == {EmailState.CANCELLED}
    event = item.audit_events.get(action=AuditEvent.Action.WITHDRAWN)
    assert (event.actor, event.reference) == (AuditEvent.PATIENT, reference)
    assertContains(client.get(page_url(item)), "You withdrew this request")


def test_staff_see_a_withdrawn_request_as_withdrawn_by_the_patient(
    client, item, coordinator_client
):
    client.post(withdraw_url(item))
    listed = coordinator_client.get(changelist_url() + "?status=withdrawn")
    assertContains(listed, item.reference)
    page = coordinator_client.get(change_url(item))
    assertContains(page, "Withdrawn by the patient")
    assertNotContains(page, "Riley")
    assert not ConsultationRequest.objects.open().exists()


def test_withdrawing_twice_is_harmless(client, item):
    client.post(withdraw_url(item))
    assert client.post(withdraw_url(item)).status_code == 302
    assert item.audit_events.filter(action=AuditEvent.Action.WITHDRAWN).count() == 1


def test_the_withdrawal_needs_the_pages_own_csrf_token(item):
    response = Client(enforce_csrf_checks=True).post(withdraw_url(item))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == Status.NEW


@pytest.mark.parametrize(
    "token",
    ["not-a-token", "MTIz:1xYItb:forgedsignature", links.SALT],
    ids=["junk", "forged", "salt"],
)
def test_a_forged_link_finds_nothing(client, item, token):
    assert client.get(f"/consultations/your-request/{token}/").status_code == 404
    assert client.post(f"/consultations/your-request/{token}/withdraw/").status_code == 404
    item.refresh_from_db()
    assert item.status == Status.NEW


def test_the_link_expires(client, item):
    url = page_url(item)
    with time_machine.travel(timezone.now() + links.MAX_AGE + timedelta(days=1)):
        assert client.get(url).status_code == 404
        assert client.post(url + "withdraw/").status_code == 404
    assert client.get(url).status_code == 200


def test_a_link_to_a_request_stored_as_spam_finds_nothing(client, make_request):
    spam = make_request(spam_reason="honeypot")
    assert client.get(page_url(spam)).status_code == 404


def test_the_privacy_notice_says_how_to_withdraw(client):
    html = client.get("/privacy/").content.decode()
    assert "withdraw" in html and "erase" in html
