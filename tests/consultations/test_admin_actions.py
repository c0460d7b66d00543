"""Bulk actions on the staff list, and who may use which."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from pytest_django.asserts import assertContains

from consultations.choices import EmailKind, EmailState, Status
from consultations.models import AuditEvent, ConsultationRequest, Email, StaffNote
from tests.consultations.conftest import changelist_url
from tests.worker import drain

pytestmark = pytest.mark.django_db


def run_action(client, action: str, items, **extra):
    data = {"action": action, "_selected_action": [item.pk for item in items], "index": 0, **extra}
    return client.post(changelist_url() + "?status=all", data)


def confirm_action(client, action: str, items, **extra):
    """A second POST from an intermediate page (no "index"), as Django's own confirmations do."""
    data = {"action": action, "_selected_action": [item.pk for item in items], **extra}
    return client.post(changelist_url() + "?status=all", data)


def action_names(client) -> set[str]:
    choices = client.get(changelist_url()).context["action_form"].fields["action"].choices
    return {name for name, _ in choices if name}


def test_an_intake_coordinator_has_the_workflow_actions_but_not_export_or_delete(
    coordinator_client,
):
    assert action_names(coordinator_client) == {
        "mark_contacted",
        "book_appointment",
        "mark_declined",
        "mark_spam",
        "send_emails_again",
    }


def test_a_clinic_manager_also_has_export_and_delete(manager_client):
    assert {"export_csv", "delete_selected"} <= action_names(manager_client)


def status_moves(item) -> list[tuple]:
    return list(
        item.audit_events.filter(action=AuditEvent.Action.STATUS_CHANGED)
        .order_by("pk")
        .values_list("actor_user_id", "detail")
    )


def test_marking_contacted_records_who_and_when_once(coordinator_client, coordinator, make_request):
    first, second = make_request(), make_request()
    response = run_action(coordinator_client, "mark_contacted", [first, second])
    assert response.status_code == 302
    for item in (first, second):
        item.refresh_from_db()
        assert item.status == Status.CONTACTED
        assert status_moves(item) == [(coordinator.pk, "new → contacted")]
    assert not LogEntry.objects.exists(), "one record of the move: the audit log"


def test_booking_from_the_list_opens_the_requests_appointment_page_and_books_nothing_yet(
    coordinator_client, make_request
):
    item = make_request(status=Status.CONTACTED)
    response = run_action(coordinator_client, "book_appointment", [item])
    assert response["Location"] == f"{changelist_url()}{item.pk}/appointment/"
    item.refresh_from_db()
    assert item.status == Status.CONTACTED, "booked means a time: nothing moves until one is set"


def test_booking_several_requests_at_once_is_refused_with_a_message(
    coordinator_client, make_request
):
    first, second = make_request(), make_request()
    response = run_action(coordinator_client, "book_appointment", [first, second])
    followed = coordinator_client.get(response["Location"])
    assertContains(followed, "Choose one request to book: each appointment needs its own time.")
    assert set(ConsultationRequest.objects.values_list("status", flat=True)) == {Status.NEW}


def test_a_move_the_workflow_does_not_allow_is_refused_with_a_message(
    coordinator_client, make_request
):
    spam = make_request(status=Status.SPAM)
    response = run_action(coordinator_client, "mark_contacted", [spam])
    spam.refresh_from_db()
    assert spam.status == Status.SPAM
    assert status_moves(spam) == []
    followed = coordinator_client.get(response["Location"])
    assertContains(
        followed, f"Not changed, because their status does not allow it: {spam.reference}."
    )


def test_declining_asks_for_a_reason_first(coordinator_client, make_request):
    item = make_request()
    response = run_action(coordinator_client, "mark_declined", [item])
    assert response.status_code == 200
    assertContains(response, "Reason for declining")
    assertContains(response, item.reference)
    item.refresh_from_db()
    assert item.status == Status.NEW


def test_declining_without_a_reason_is_refused(coordinator_client, make_request):
    item = make_request()
    response = confirm_action(
        coordinator_client, "mark_declined", [item], confirm="yes", reason="  "
    )
    assertContains(response, "Give a reason for declining the request.")
    item.refresh_from_db()
    assert item.status == Status.NEW


def test_declining_with_a_reason_records_it(coordinator_client, coordinator, make_request):
    item = make_request()
    response = confirm_action(
        coordinator_client,
        "mark_declined",
        [item],
        confirm="yes",
        reason="Lives outside our service area.",
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.DECLINED
    assert item.decline_reason == "Lives outside our service area."
    assert status_moves(item) == [(coordinator.pk, "new → declined")]


def test_marking_spam_takes_a_request_out_of_the_queue(coordinator_client, make_request):
    item = make_request()
    run_action(coordinator_client, "mark_spam", [item])
    assert not ConsultationRequest.objects.open().exists()


def test_an_intake_coordinator_cannot_export(coordinator_client, make_request):
    item = make_request()
    response = run_action(coordinator_client, "export_csv", [item])
    assert response.status_code == 302
    assert not response.get("Content-Type", "").startswith("text/csv")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_a_clinic_manager_exports_the_selected_requests_to_csv(
    manager_client, manager, make_request
):
    chosen = make_request(
        full_name='=HYPERLINK("http://evil")', phone="+14165550199", help_wanted=["ocd"]
    )
    make_request(full_name="Not Chosen")
    response = run_action(manager_client, "export_csv", [chosen])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="consultation-requests-'
    )
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["Reference"] == chosen.reference
    assert row["Full name"] == '\'=HYPERLINK("http://evil")'  # a spreadsheet will not run it
    assert row["Phone"] == "416-555-0199"
    assert row["Help wanted"] == "OCD (obsessive-compulsive disorder)"
    assert row["Privacy notice version"] == chosen.privacy_notice_version
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED).actor_user_id == manager.pk


def test_a_clinic_manager_can_delete_requests_with_their_notes_and_history(
    manager_client, manager, make_request
):
    item = make_request()
    StaffNote.objects.create(consultation_request=item, author=manager, body="Called, no answer.")
    confirmation = run_action(manager_client, "delete_selected", [item])
    assert confirmation.status_code == 200
    response = confirm_action(manager_client, "delete_selected", [item], post="yes")
    assert response.status_code == 302
    assert not ConsultationRequest.objects.exists()
    assert not StaffNote.objects.exists() and not Email.objects.exists()


def test_an_intake_coordinator_cannot_delete(coordinator_client, make_request):
    item = make_request()
    run_action(coordinator_client, "delete_selected", [item])
    assert ConsultationRequest.objects.filter(pk=item.pk).exists()
    delete_url = changelist_url() + f"{item.pk}/delete/"
    assert coordinator_client.get(delete_url).status_code == 403
    assert coordinator_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ConsultationRequest.objects.filter(pk=item.pk).exists()


def test_a_logged_out_visitor_cannot_run_actions(client, make_request):
    item = make_request()
    response = run_action(client, "export_csv", [item])
    assert response.status_code == 302 and "/login/" in response["Location"]
    run_action(client, "mark_spam", [item])
    item.refresh_from_db()
    assert item.status == Status.NEW


def test_sending_failed_emails_again_from_the_list(coordinator_client, make_request, smtp):
    smtp.refuse = "554 5.7.1 Service unavailable"
    item = make_request()
    drain()
    assert set(item.emails.values_list("state", flat=True)) == {EmailState.FAILED}
    smtp.refuse = ""
    response = run_action(coordinator_client, "send_emails_again", [item])
    assertContains(
        coordinator_client.get(response["Location"]), f"Queued to send again: {item.reference}."
    )
    drain()
    assert set(item.emails.values_list("state", flat=True)) == {EmailState.SENT}
    assert len(smtp.received) == 2
    run_action(coordinator_client, "send_emails_again", [item])
    drain()
    assert len(smtp.received) == 2, "an email that went out is never sent again"


def test_sending_again_never_emails_about_spam(coordinator_client, make_request, smtp):
    spam = make_request(spam_reason="honeypot")
    response = run_action(coordinator_client, "send_emails_again", [spam])
    assertContains(coordinator_client.get(response["Location"]), "Nothing to send again")
    drain()
    assert smtp.received == [] and not spam.emails.filter(kind=EmailKind.ACKNOWLEDGEMENT).exists()
