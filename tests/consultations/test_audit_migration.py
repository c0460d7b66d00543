"""Migration 0003 carries the earlier access and status records into the audit log."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("consultations", "0002_staff_roles")]
AFTER = [("consultations", "0004_delete_staffaccess")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_access_records_and_staff_status_changes_become_audit_events():
    old = migrate(BEFORE)
    try:
        user = old.get_model("auth", "User").objects.create(username="kim", is_staff=True)
        item = old.get_model("consultations", "ConsultationRequest").objects.create(
            reference="KT-ABCDEF",
            full_name="Sam Example",
            email="sam@example.com",
            phone="+16135550100",
            contact_method="email",
            province="ON",
            message="Private words",
            consent_given_at=timezone.now(),
            privacy_notice_version="2026-11-20",
        )
        old.get_model("consultations", "StaffAccess").objects.create(
            consultation_request=item, user=user, kind="viewed"
        )
        old.get_model("consultations", "StaffAccess").objects.create(
            consultation_request=item, user=None, kind="exported"
        )
        changes = old.get_model("consultations", "StatusChange").objects
        changes.create(consultation_request=item, from_status="", to_status="new")
        changes.create(
            consultation_request=item,
            from_status="new",
            to_status="declined",
            reason="Private reason",
            changed_by=user,
        )

        new = migrate(AFTER)
        events = set(
            new.get_model("consultations", "AuditEvent").objects.values_list(
                "actor", "actor_user_id", "action", "reference", "detail", "consultation_request"
            )
        )
        assert events == {
            ("kim", user.pk, "viewed", "KT-ABCDEF", "", item.pk),
            ("unknown", None, "exported", "KT-ABCDEF", "", item.pk),
            ("kim", user.pk, "status_changed", "KT-ABCDEF", "new → declined", item.pk),
        }
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_move_to_the_task_worker_keeps_urgency_reasons_and_what_the_emails_did():
    """Migrations 0006–0008: the urgent flag becomes the urgent risk level, the last reason for
    declining moves onto the request, and the two email statuses become Email rows (a pending
    email becomes a failed one staff can see and send again)."""
    old = migrate([("consultations", "0005_auditevent_sqlite_trigger")])
    try:
        requests = old.get_model("consultations", "ConsultationRequest").objects
        common = dict(
            full_name="Sam Example", email="sam@example.com", phone="+16135550100",
            contact_method="email", province="ON", consent_given_at=timezone.now(),
            privacy_notice_version="2026-11-20",
        )  # fmt: skip
        requests.create(
            reference="KT-URGENT", is_urgent=True, status="new",
            patient_email_status="sent", clinic_email_status="failed",
            clinic_email_error="SMTPServerDisconnected", **common,
        )  # fmt: skip
        declined = requests.create(
            reference="KT-DECLIN", status="declined",
            patient_email_status="pending", clinic_email_status="sent", **common,
        )  # fmt: skip
        spam = requests.create(
            reference="KT-SPAMMY", status="spam",
            patient_email_status="skipped", clinic_email_status="skipped", **common,
        )  # fmt: skip
        changes = old.get_model("consultations", "StatusChange").objects
        changes.create(consultation_request=declined, from_status="new", to_status="declined",
                       reason="Lives outside Ontario")  # fmt: skip

        new = migrate([("consultations", "0008_intake_drop_old_fields")])
        requests = new.get_model("consultations", "ConsultationRequest").objects
        assert requests.get(reference="KT-URGENT").risk == "urgent"
        assert requests.get(reference="KT-DECLIN").decline_reason == "Lives outside Ontario"
        emails = new.get_model("consultations", "Email").objects
        rows = set(emails.values_list("consultation_request__reference", "kind", "state", "error"))
        assert rows == {
            ("KT-URGENT", "acknowledgement", "sent", ""),
            ("KT-URGENT", "clinic_alert", "failed", "SMTPServerDisconnected"),
            (
                "KT-DECLIN",
                "acknowledgement",
                "failed",
                "Not sent before the move to the task worker",
            ),
            ("KT-DECLIN", "clinic_alert", "sent", ""),
        }
        assert not emails.filter(consultation_request_id=spam.pk).exists()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
