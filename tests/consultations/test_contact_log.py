"""Log contact: one action on the request's page, an outcome and a short note, kept as the
contact log, recorded in the audit log, and the status follows where it should."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from consultations import contacts, services
from consultations.admin.display import clinic_time
from consultations.choices import ContactOutcome, Status
from consultations.models import AuditEvent, ContactAttempt
from tests.consultations.conftest import change_url, sign_in, staff_user

pytestmark = pytest.mark.django_db


def contact_url(item) -> str:
    return reverse("admin:consultations_consultationrequest_contact", args=[item.pk])


def log(client, item, **data):
    return client.post(contact_url(item), data)


# --- The service ---


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        (ContactOutcome.REACHED, Status.CONTACTED),
        (ContactOutcome.NO_ANSWER, Status.NEW),
        (ContactOutcome.VOICEMAIL, Status.NEW),
        (ContactOutcome.WRONG_NUMBER, Status.NEW),
    ],
)
def test_only_reaching_the_patient_moves_a_new_request_to_contacted(
    coordinator, make_request, outcome, status
):
    item = make_request()
    contacts.contact_attempt_log(consultation_request=item, by=coordinator, outcome=outcome)
    item.refresh_from_db()
    assert item.status == status
    moves = item.audit_events.filter(action=AuditEvent.Action.STATUS_CHANGED)
    assert [e.detail for e in moves] == (["new → contacted"] if status == Status.CONTACTED else [])


@pytest.mark.parametrize("status", [Status.CONTACTED, Status.BOOKED, Status.CLOSED])
def test_reaching_the_patient_leaves_any_other_status_as_it_was(coordinator, make_request, status):
    item = make_request(status=status)
    contacts.contact_attempt_log(consultation_request=item, by=coordinator, outcome="reached")
    item.refresh_from_db()
    assert item.status == status


def test_each_attempt_is_kept_with_its_author_and_time_and_recorded_without_the_note(
    coordinator, make_request
):
    item = make_request()
    attempt = contacts.contact_attempt_log(
        consultation_request=item, by=coordinator, outcome="voicemail", note="  Try after 4  "
    )
    assert (attempt.author, attempt.outcome, attempt.note) == (
        coordinator,
        "voicemail",
        "Try after 4",
    )
    assert attempt.created_at is not None
    event = item.audit_events.get(action=AuditEvent.Action.CONTACT_LOGGED)
    assert (event.actor, event.actor_user_id, event.detail) == (
        "coordinator",
        coordinator.pk,
        "voicemail left",
    )
    assert "Try after 4" not in "".join(AuditEvent.objects.values_list("detail", flat=True))


@pytest.mark.parametrize(
    ("outcome", "note", "field"),
    [
        ("", "", "outcome"),
        ("answered", "", "outcome"),
        ("REACHED", "", "outcome"),
        ("reached", "x" * 301, "note"),
        ("reached", "bad\x00byte", "note"),
        ("reached", "line\nbreak", "note"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_kept(
    coordinator, make_request, outcome, note, field
):
    item = make_request()
    with pytest.raises(ValidationError) as refused:
        contacts.contact_attempt_log(
            consultation_request=item, by=coordinator, outcome=outcome, note=note
        )
    assert field in refused.value.message_dict
    assert not ContactAttempt.objects.exists()
    assert not item.audit_events.filter(action=AuditEvent.Action.CONTACT_LOGGED).exists()
    item.refresh_from_db()
    assert item.status == Status.NEW


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.SPAM])
def test_nobody_can_be_logged_as_contacted_on_a_withdrawn_or_spam_request(
    coordinator, make_request, status
):
    item = make_request(status=status)
    with pytest.raises(ValidationError, match="withdrew|spam"):
        contacts.contact_attempt_log(consultation_request=item, by=coordinator, outcome="reached")
    assert not ContactAttempt.objects.exists()


def test_a_withdrawal_erases_the_notes_of_the_contact_log(coordinator, make_request):
    item = make_request()
    contacts.contact_attempt_log(
        consultation_request=item, by=coordinator, outcome="reached", note="Spoke to Sam"
    )
    services.consultation_request_withdraw(consultation_request=item)
    assert list(item.contact_attempts.values_list("outcome", "note")) == [("reached", "")]


# --- The pages ---


def test_the_request_page_leads_with_how_to_reach_the_patient(coordinator_client, make_request):
    item = make_request(
        full_name="Kim Lavoie",
        preferred_name="Kim",
        email="kim@example.com",
        phone="+16135550142",
        message="I want to kill myself\nPlease call",
    )
    html = coordinator_client.get(change_url(item)).content.decode()
    reach = html[html.index('id="reach"') : html.index("Workflow")]
    for text in (
        "Kim Lavoie (goes by Kim)",
        '<a href="tel:+16135550142">613-555-0142</a>',
        '<a href="mailto:kim@example.com">kim@example.com</a>',
        "<strong>Urgent – call back today</strong>",
        "I want to kill myself<br>Please call",
        f'<a class="button" href="{contact_url(item)}">Log contact</a>',
        "Nobody has logged a contact yet.",
    ):
        assert text in reach, text


def test_logging_a_contact_from_its_page_shows_it_on_the_request(
    coordinator_client, coordinator, make_request
):
    item = make_request()
    page = coordinator_client.get(contact_url(item))
    assertContains(page, "How did it go?")
    for label in ("Reached", "No answer", "Voicemail left", "Wrong number"):
        assertContains(page, label)
    response = log(coordinator_client, item, outcome="reached", note="Booked a call back")
    assert response.status_code == 302 and response["Location"] == change_url(item)
    shown = coordinator_client.get(change_url(item))
    assertContains(shown, f"Logged for {item.reference}: reached. It is now contacted.")
    attempt = ContactAttempt.objects.get()
    assert (attempt.author, attempt.outcome) == (coordinator, "reached")
    assertContains(
        shown,
        f"<strong>Reached</strong> · coordinator, {clinic_time(attempt.created_at)}"
        "<br>Booked a call back",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose how it went: reached, no answer, voicemail left or wrong number."),
        ({"outcome": "maybe"}, "Choose how it went: reached, no answer, voicemail left"),
        ({"outcome": "reached", "note": "x" * 301}, "Keep the note to 300 characters or fewer"),
        ({"outcome": "reached", "note": "a\x07b"}, "Remove the invisible control characters"),
    ],
)
def test_bad_input_on_the_page_comes_back_with_a_clear_message(
    coordinator_client, make_request, data, message
):
    item = make_request()
    response = log(coordinator_client, item, **data)
    assert response.status_code == 200
    assertContains(response, message)
    assert not ContactAttempt.objects.exists()


def test_the_page_of_a_withdrawn_request_says_why_nothing_can_be_logged(
    coordinator_client, make_request
):
    item = make_request()
    services.consultation_request_withdraw(consultation_request=item)
    assertContains(coordinator_client.get(contact_url(item)), "The patient withdrew this request")
    response = log(coordinator_client, item, outcome="reached")
    assert response.status_code == 200
    assertContains(response, "their contact details are erased")
    assert not ContactAttempt.objects.exists()
    assertNotContains(coordinator_client.get(change_url(item)), ">Log contact</a>")


def test_an_unknown_request_sends_staff_back_to_the_list(coordinator_client):
    response = coordinator_client.get(
        reverse("admin:consultations_consultationrequest_contact", args=[999999])
    )
    assert response.status_code == 302


def test_opening_the_page_is_recorded_in_the_audit_log(coordinator_client, make_request):
    item = make_request()
    coordinator_client.get(contact_url(item))
    assert item.audit_events.filter(
        action=AuditEvent.Action.VIEWED, detail="log contact page"
    ).exists()


def test_staff_without_the_contact_log_permission_cannot_log(
    client, django_user_model, make_request
):
    item = make_request()
    user = staff_user(django_user_model, "viewer", None)
    user.user_permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            codename__in=["view_consultationrequest", "change_consultationrequest"]
        )
    )
    sign_in(client, user)
    assert client.get(contact_url(item)).status_code == 403
    assert log(client, item, outcome="reached").status_code == 403
    assert not ContactAttempt.objects.exists()
    assertNotContains(client.get(change_url(item)), ">Log contact</a>")


def test_the_migration_fills_in_when_finished_requests_stopped_waiting(coordinator, make_request):
    migration = importlib.import_module("consultations.migrations.0012_contact_log")
    closed = make_request()
    services.consultation_request_change_status(
        consultation_request=closed, to_status=Status.CLOSED, by=coordinator
    )
    spam = make_request(spam_reason="honeypot")
    still_open = make_request()
    model = apps.get_model("consultations", "ConsultationRequest")
    model.objects.update(finished_at=None)
    migration.fill_in_finished_at(apps, None)
    moved = closed.audit_events.get(action=AuditEvent.Action.STATUS_CHANGED).at
    assert model.objects.get(pk=closed.pk).finished_at == moved
    assert model.objects.get(pk=spam.pk).finished_at == spam.received_at
    assert model.objects.get(pk=still_open.pk).finished_at is None


def test_markup_in_a_note_is_shown_as_text(coordinator_client, coordinator, make_request):
    item = make_request()
    contacts.contact_attempt_log(
        consultation_request=item, by=coordinator, outcome="reached", note="<script>x()</script>"
    )
    for url in (change_url(item), contact_url(item)):
        response = coordinator_client.get(url)
        assertNotContains(response, "<script>x()</script>")
        assertContains(response, "&lt;script&gt;x()&lt;/script&gt;")


def test_the_contact_log_is_in_the_requests_audit_trail(manager_client, manager, make_request):
    item = make_request()
    contacts.contact_attempt_log(consultation_request=item, by=manager, outcome="wrong_number")
    html = manager_client.get(change_url(item)).content.decode()
    trail = html[html.index("Audit trail") :]
    assert "Contact logged" in trail and "wrong number" in trail
