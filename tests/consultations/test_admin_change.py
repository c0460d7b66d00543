"""One request in the admin: read-only submission, status through the workflow, notes, history."""

import pytest
from django.contrib.admin.models import LogEntry
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from consultations.choices import EmailKind, EmailState, Status
from consultations.models import AuditEvent, Email, StaffNote
from tests.consultations.conftest import change_url, form_fields

pytestmark = pytest.mark.django_db

FORM_ID = "consultationrequest_form"


def page_and_fields(client, item):
    response = client.get(change_url(item))
    assert response.status_code == 200
    return response, form_fields(response.content.decode(), FORM_ID)


def status_moves(item) -> list[tuple]:
    return list(
        item.audit_events.filter(action=AuditEvent.Action.STATUS_CHANGED)
        .order_by("pk")
        .values_list("actor", "detail")
    )


def save(client, item, **changes):
    _, data = page_and_fields(client, item)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return client.post(change_url(item), data)


def test_what_the_patient_sent_and_the_consent_record_are_read_only(
    coordinator_client, make_request
):
    item = make_request(full_name="Kim Original", message="Original words")
    response, data = page_and_fields(coordinator_client, item)
    for field in (
        "full_name",
        "email",
        "phone",
        "message",
        "province",
        "help_wanted",
        "consent_given_at",
    ):
        assert field not in data
    for text in (
        "Kim Original",
        "Original words",
        "613-555-0100",
        "British Columbia",
        "Anxiety",
        item.privacy_notice_version,
        "Consent record (read-only)",
    ):
        assertContains(response, text)
    save(
        coordinator_client,
        item,
        full_name="Changed",
        message="Changed",
        privacy_notice_version="1999",
    )
    item.refresh_from_db()
    assert (item.full_name, item.message) == ("Kim Original", "Original words")
    assert item.privacy_notice_version != "1999"


def test_markup_the_patient_typed_is_shown_as_text(coordinator_client, make_request):
    item = make_request(message="<script>alert('x')</script> and <b>bold</b>")
    response = coordinator_client.get(change_url(item))
    assertNotContains(response, "<script>alert('x')</script>")
    assertContains(response, escape("<script>alert('x')</script>"))


def test_changing_the_status_on_the_form_goes_through_the_workflow_and_is_recorded(
    coordinator_client, coordinator, make_request
):
    item = make_request()
    response = save(
        coordinator_client, item, new_status=Status.CONTACTED, status_reason="Left a voicemail."
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.CONTACTED
    assert status_moves(item) == [("coordinator", "new → contacted")]
    note = StaffNote.objects.get()
    assert (note.body, note.author) == ("Contacted: Left a voicemail.", coordinator)


def test_the_form_offers_only_the_moves_the_workflow_allows(coordinator_client, make_request):
    item = make_request(status=Status.CLOSED)
    response = coordinator_client.get(change_url(item))
    choices = [
        value for value, _ in response.context["adminform"].form.fields["new_status"].choices
    ]
    assert choices == [Status.CLOSED, Status.CONTACTED]
    assert save(coordinator_client, item, new_status=Status.BOOKED).status_code == 200  # refused
    item.refresh_from_db()
    assert item.status == Status.CLOSED


def test_declining_on_the_form_needs_a_reason(coordinator_client, make_request):
    item = make_request()
    response = save(coordinator_client, item, new_status=Status.DECLINED, status_reason="")
    assertContains(response, "Give a reason for declining the request.")
    item.refresh_from_db()
    assert item.status == Status.NEW
    save(coordinator_client, item, new_status=Status.DECLINED, status_reason="Under 18.")
    item.refresh_from_db()
    assert item.status == Status.DECLINED


def test_a_reason_without_a_new_status_is_not_silently_dropped(coordinator_client, make_request):
    item = make_request()
    response = save(coordinator_client, item, status_reason="Called twice, no answer")
    assertContains(
        response, "Choose a new status for this reason, or write it as a staff note below."
    )
    assert status_moves(item) == []


def test_saving_without_changing_the_status_records_no_status_change(
    coordinator_client, make_request
):
    item = make_request()
    save(coordinator_client, item)
    assert status_moves(item) == []


def test_staff_assign_a_request_and_the_change_is_logged(
    coordinator_client, coordinator, make_request
):
    item = make_request()
    save(coordinator_client, item, assigned_to=str(coordinator.pk))
    item.refresh_from_db()
    assert item.assigned_to == coordinator
    changed = item.audit_events.get(action=AuditEvent.Action.CHANGED)
    assert (changed.actor, changed.detail) == ("coordinator", "assigned_to")
    assert not LogEntry.objects.exists(), "one record of the change: the audit log"


def test_staff_can_clear_an_urgent_flag_that_was_a_false_alarm(coordinator_client, make_request):
    item = make_request(message="Is there a risk of an overdose on ketamine?")
    assert item.risk == "possible"
    save(coordinator_client, item, risk="")
    item.refresh_from_db()
    assert item.risk == ""


def test_a_note_is_saved_with_its_author_and_time(coordinator_client, coordinator, make_request):
    item = make_request()
    response = save(coordinator_client, item, **{"notes-0-body": "Prefers calls after 4 p.m."})
    assert response.status_code == 302
    note = StaffNote.objects.get()
    assert (note.consultation_request, note.author, note.body) == (
        item,
        coordinator,
        "Prefers calls after 4 p.m.",
    )
    assert note.created_at is not None
    page = coordinator_client.get(change_url(item))
    assertContains(page, "Prefers calls after 4 p.m.")
    assertContains(page, "coordinator")


def test_a_saved_note_cannot_be_edited_or_deleted(coordinator_client, manager, make_request):
    item = make_request()
    StaffNote.objects.create(consultation_request=item, author=manager, body="Original note")
    _, data = page_and_fields(coordinator_client, item)
    assert not any(name.startswith("notes-0-body") for name in data)  # shown as text, not a field
    data.update({"notes-0-body": ["Rewritten"], "notes-0-DELETE": ["on"]})
    coordinator_client.post(change_url(item), data)
    assert StaffNote.objects.get().body == "Original note"


def test_the_status_history_shows_who_changed_what_and_when(
    coordinator_client, coordinator, make_request
):
    item = make_request()
    save(coordinator_client, item, new_status=Status.CONTACTED, status_reason="First call")
    response = coordinator_client.get(change_url(item))
    assertContains(response, "Status history")
    html = response.content.decode()
    history = html[html.index("Status history") :]
    for text in ("Received from the website", "new → contacted", "coordinator"):
        assert text in history
    assertContains(response, "Contacted: First call")  # the reason, kept as a note


def test_opening_a_request_is_recorded(coordinator_client, coordinator, make_request):
    item = make_request()
    coordinator_client.get(change_url(item))
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEWED)
    assert (event.consultation_request, event.actor, event.action) == (
        item,
        "coordinator",
        AuditEvent.Action.VIEWED,
    )


def test_a_failed_email_is_shown_on_the_request(coordinator_client, make_request):
    item = make_request()
    Email.objects.filter(consultation_request=item, kind=EmailKind.ACKNOWLEDGEMENT).update(
        state=EmailState.FAILED, error="SMTPServerDisconnected", attempts=6
    )
    response = coordinator_client.get(change_url(item))
    assertContains(response, "Failed; not sent")
    assertContains(response, "SMTPServerDisconnected")
    assertContains(response, "Send failed emails again")


def test_the_consent_time_is_shown_in_clinic_time(coordinator_client, make_request):
    item = make_request()
    assertContains(coordinator_client.get(change_url(item)), "Consent given (clinic time)")


def test_a_logged_out_visitor_cannot_change_a_request(client, make_request):
    item = make_request()
    response = client.post(change_url(item), {"new_status": Status.SPAM})
    assert response.status_code == 302 and "/login/" in response["Location"]
    item.refresh_from_db()
    assert item.status == Status.NEW
