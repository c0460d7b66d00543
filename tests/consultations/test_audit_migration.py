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
