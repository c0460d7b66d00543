"""The two staff roles created by the data migration."""

import pytest
from django.contrib.auth.models import Group

from tests.conftest import restore_roles

pytestmark = pytest.mark.django_db


def codenames(role: str) -> set[str]:
    restore_roles()
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_an_intake_coordinator_may_view_and_change_requests_and_add_notes():
    assert codenames("Intake coordinator") == {
        "view_consultationrequest",
        "change_consultationrequest",
        "view_staffnote",
        "add_staffnote",
    }


def test_a_clinic_manager_may_also_export_delete_and_read_the_audit_log():
    assert codenames("Clinic manager") == codenames("Intake coordinator") | {
        "delete_consultationrequest",
        "export_consultationrequest",
        "view_auditevent",
        "view_review_desk",  # the content review desk (reviews/migrations/0002)
    }


def test_neither_role_may_rewrite_notes_or_history():
    for role in ("Intake coordinator", "Clinic manager"):
        assert not codenames(role) & {
            "change_staffnote",
            "delete_staffnote",
            "add_statuschange",
            "change_statuschange",
            "delete_statuschange",
            "add_consultationrequest",
            "add_auditevent",
            "change_auditevent",
            "delete_auditevent",
        }
