"""The two staff roles created by the data migration."""

import pytest
from django.contrib.auth.models import Group

from tests.conftest import restore_roles

pytestmark = pytest.mark.django_db


def codenames(role: str) -> set[str]:
    restore_roles()
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_an_intake_coordinator_may_view_and_change_requests_add_notes_and_log_contacts():
    assert codenames("Intake coordinator") == {
        "view_consultationrequest",
        "change_consultationrequest",
        "view_staffnote",
        "add_staffnote",
        "view_contactattempt",
        "add_contactattempt",
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
            "change_contactattempt",
            "delete_contactattempt",
            "add_statuschange",
            "change_statuschange",
            "delete_statuschange",
            "add_consultationrequest",
            "add_auditevent",
            "change_auditevent",
            "delete_auditevent",
        }


def test_a_clinical_reviewer_keeps_no_contact_log_and_sees_no_request():
    assert codenames("Clinical reviewer") == {"view_review_desk"}
