"""`manage.py grant_database_role`: the application's PostgreSQL role may add to the audit log and
read it, and do nothing else to it, while the rest of the site works as usual."""

import io
import secrets

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from consultations import services
from consultations.models import AuditEvent, ConsultationRequest
from tests.consultations.conftest import create_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_role():
    """A role like the one gunicorn connects as; created inside the test's transaction, so it
    is gone again when the test ends."""
    name = f"clinic_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOLOGIN")
    call_command("grant_database_role", name, stdout=io.StringIO())
    return name


def as_role(role, sql, params=()):
    """Run `sql` as `role`, in a savepoint, so a refusal leaves the test's transaction usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute(sql, params)
        result = cursor.rowcount
        cursor.execute("RESET ROLE")
        return result


@pytest.mark.postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE consultations_auditevent SET detail = 'rewritten'",
        "UPDATE consultations_auditevent SET actor = 'someone else'",
        "DELETE FROM consultations_auditevent",
        "TRUNCATE consultations_auditevent",
        "DROP TRIGGER consultations_auditevent_no_truncate ON consultations_auditevent",
        "ALTER TABLE consultations_auditevent DISABLE TRIGGER ALL",
    ],
)
def test_the_application_role_cannot_rewrite_the_log(app_role, sql):
    create_request()  # its "received" entry
    with pytest.raises(DatabaseError, match="permission denied|must be (the )?owner"):
        as_role(app_role, sql)
    assert AuditEvent.objects.filter(detail="rewritten").count() == 0
    assert AuditEvent.objects.count() == 1


@pytest.mark.postgresql
def test_the_application_role_adds_to_the_log_reads_it_and_runs_the_site(app_role):
    item = create_request()
    assert as_role(app_role, "SELECT * FROM consultations_auditevent") == 1
    inserted = as_role(
        app_role,
        "INSERT INTO consultations_auditevent (at, actor, action, detail, reference) "
        "VALUES (now(), 'jordan', 'viewed', '', %s)",
        [item.reference],
    )
    assert inserted == 1
    assert as_role(app_role, "UPDATE consultations_consultationrequest SET status = 'contacted'")
    # Deleting a request unlinks its entries (Django's SET_NULL is an UPDATE of that one column).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app_role}")
        services.consultation_requests_delete(
            consultation_requests=ConsultationRequest.objects.filter(pk=item.pk), by=None
        )
        cursor.execute("RESET ROLE")
    assert not ConsultationRequest.objects.exists()
    assert set(AuditEvent.objects.values_list("reference", flat=True)) == {item.reference}
    assert not AuditEvent.objects.filter(consultation_request__isnull=False).exists()


def test_a_wrong_database_or_role_is_refused_by_name():
    if connection.vendor == "sqlite":
        with pytest.raises(CommandError, match="is for PostgreSQL"):
            call_command("grant_database_role", "clinic_app")
    else:
        with pytest.raises(CommandError, match="no PostgreSQL role 'nobody_here'"):
            call_command("grant_database_role", "nobody_here")
