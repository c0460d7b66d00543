"""Staff sign-ins, failures, lockouts, sign-outs and second-factor changes are in the audit log,
with the client's address (through a trusted proxy too), and never a password or a code. The
log's own triggers refuse to let anything rewrite or empty it."""

import sqlite3
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains

from consultations.models import AuditEvent
from consultations.staff_audit import UNKNOWN
from tests.conftest import AUDIT_LOG_MAY_BE_EMPTIED
from tests.consultations.conftest import changelist_url

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"
HOME = "203.0.113.10"
ACTIONS = AuditEvent.Action


@pytest.fixture
def device(coordinator):
    return TOTPDevice.objects.create(user=coordinator, name="Authenticator app", confirmed=True)


def sign_in(client, username="coordinator", *, password=PASSWORD, code=None, **extra):
    if code is None:
        found = TOTPDevice.objects.filter(user__username=username).first()
        code = f"{totp(found.bin_key):06d}" if found else ""
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "otp_token": code},
        **{"REMOTE_ADDR": HOME, **extra},
    )


DEVICES = (ACTIONS.DEVICE_ADDED, ACTIONS.DEVICE_REMOVED)


def staff_events(*, devices: bool = False) -> list[tuple]:
    """The log's entries about staff rather than requests (about their devices only if asked)."""
    events = AuditEvent.objects.filter(reference="")
    events = events.filter(action__in=DEVICES) if devices else events.exclude(action__in=DEVICES)
    return list(events.order_by("pk").values_list("actor", "action", "address"))


def test_a_sign_in_and_a_sign_out_are_recorded_with_the_address(client, device):
    assert sign_in(client).status_code == 302
    response = client.post(reverse("admin:logout"), REMOTE_ADDR=HOME)
    assert staff_events() == [
        ("coordinator", ACTIONS.SIGNED_IN, HOME),
        ("coordinator", ACTIONS.SIGNED_OUT, HOME),
    ]
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_a_failure_is_recorded_without_the_password_or_the_code(client, device):
    sign_in(client, password="my secret attempt", code="654321")
    sign_in(client, code="000000")
    sign_in(client, "my-password-by-mistake", code="111111")
    assert staff_events() == [
        ("coordinator", ACTIONS.SIGN_IN_FAILED, HOME),
        ("coordinator", ACTIONS.SIGN_IN_FAILED, HOME),
        (UNKNOWN, ACTIONS.SIGN_IN_FAILED, HOME),
    ]
    stored = " ".join(str(v) for row in AuditEvent.objects.values_list() for v in row)
    for secret in ("my secret attempt", "654321", "000000", "my-password-by-mistake"):
        assert secret not in stored


def test_a_lockout_is_recorded(client, device):
    for attempt in range(5):
        sign_in(client, password=f"wrong {attempt}")
    assert (("coordinator", ACTIONS.LOCKED_OUT, HOME)) in staff_events()


def test_through_a_trusted_proxy_the_log_has_the_clients_address(client, device, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    sign_in(client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.77")
    client.get(changelist_url(), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert staff_events() == [("coordinator", ACTIONS.SIGNED_IN, "198.51.100.77")]


def test_a_forged_forwarded_for_from_an_untrusted_peer_is_not_logged_as_the_address(client, device):
    sign_in(client, HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert staff_events() == [("coordinator", ACTIONS.SIGNED_IN, HOME)]


def test_adding_and_replacing_an_authenticator_app_is_recorded(coordinator):
    call_command("enrol_totp", "coordinator", "--no-qr", stdout=StringIO())
    call_command("enrol_totp", "coordinator", "--no-qr", "--replace", stdout=StringIO())
    assert [action for _, action, _ in staff_events(devices=True)] == [
        ACTIONS.DEVICE_ADDED,
        ACTIONS.DEVICE_REMOVED,
        ACTIONS.DEVICE_ADDED,
    ]


def test_staff_pages_keep_searches_out_of_autofill_and_return_to_sign_in_when_idle(
    coordinator_client, settings
):
    html = coordinator_client.get(changelist_url()).content.decode()
    assert 'id="searchbar" autocomplete="off"' in html
    idle = settings.STAFF_SESSION_IDLE_MINUTES * 60
    assert f'staff-idle.js" defer data-idle-seconds="{idle}"' in html
    assertContains(Client().get(reverse("admin:login")), "Sign in")  # no script when signed out
    assert "staff-idle.js" not in Client().get(reverse("admin:login")).content.decode()


# --- The log cannot be rewritten or emptied ---------------------------------------------------


@pytest.fixture
def an_entry(device, client):
    sign_in(client)
    return AuditEvent.objects.get(action=ACTIONS.SIGNED_IN)


def test_a_raw_delete_is_refused_by_the_database(an_entry, monkeypatch):
    monkeypatch.setitem(AUDIT_LOG_MAY_BE_EMPTIED, "now", False)  # as everywhere but the test suite
    with pytest.raises(DatabaseError, match="append-only: DELETE refused"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM consultations_auditevent")
    assert AuditEvent.objects.filter(pk=an_entry.pk).exists()


def test_outside_the_test_suite_nothing_can_empty_the_log(an_entry):
    """SQLite: a connection the test suite did not set up (a shell, a script) cannot DELETE.
    PostgreSQL: the TRUNCATE trigger refuses in any database not named test_… (tested on a
    scratch database in the PostgreSQL-only test below)."""
    if connection.vendor != "sqlite":
        assert _postgres_triggers() >= {"consultations_auditevent_no_truncate"}
        return
    raw = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        with pytest.raises(sqlite3.OperationalError, match="audit_log_may_be_emptied"):
            raw.execute("DELETE FROM consultations_auditevent")
    finally:
        raw.close()
    assert AuditEvent.objects.filter(pk=an_entry.pk).exists()


def _postgres_triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'consultations_auditevent'::regclass"
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.postgresql
def test_on_postgresql_truncate_is_refused_outside_a_test_database():
    import importlib
    import secrets

    import psycopg

    migration = importlib.import_module("consultations.migrations.0010_audit_sign_ins")
    db = connection.settings_dict
    server = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    name = f"clinic_audit_check_{secrets.token_hex(4)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
        try:
            with psycopg.connect(f"{server}/{name}", autocommit=True) as scratch:
                scratch.execute("CREATE TABLE consultations_auditevent (id integer)")
                for sql in migration.POSTGRES_ADD:
                    scratch.execute(sql)
                with pytest.raises(psycopg.errors.RaiseException, match="TRUNCATE refused"):
                    scratch.execute("TRUNCATE consultations_auditevent")
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
