"""`manage.py purge_consultations`: exactly the finished requests past the retention period, and
open ones nobody has touched past their stale period and its grace."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultations.choices import Status
from consultations.models import AuditEvent, ConsultationRequest, Email, StaffNote
from tests.consultations.conftest import changelist_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_of_all_ages(make_request, settings):
    settings.CONSULTATION_RETENTION_DAYS = 365
    now = timezone.now()
    old, recent = now - dt.timedelta(days=366), now - dt.timedelta(days=364)
    made = {}
    for status in Status.values:
        made[f"old {status}"] = make_request(status=status, received_at=old)
        made[f"recent {status}"] = make_request(status=status, received_at=recent)
    return made


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_consultations", *args, stdout=out)
    return out.getvalue()


FINISHED = (Status.CLOSED, Status.DECLINED, Status.SPAM, Status.WITHDRAWN)


def test_it_deletes_old_finished_requests_and_nothing_else(requests_of_all_ages):
    output = purge()
    remaining = {item.reference for item in ConsultationRequest.objects.all()}
    expected_gone = {f"old {status}" for status in FINISHED}
    for label, item in requests_of_all_ages.items():
        assert (item.reference in remaining) == (label not in expected_gone), label
    assert "Deleted 4 consultation requests: finished ones received more than 365 days" in output
    for label in ("Closed: 1", "Declined: 1", "Spam: 1", "Withdrawn by the patient: 1"):
        assert label in output


def test_a_dry_run_deletes_nothing_and_says_what_it_would_delete(requests_of_all_ages):
    output = purge("--dry-run")
    assert ConsultationRequest.objects.count() == len(requests_of_all_ages)
    assert "Would delete 4 consultation requests" in output


def touched(item, days_ago: int):
    moment = timezone.now() - dt.timedelta(days=days_ago)
    ConsultationRequest.objects.filter(pk=item.pk).update(last_activity_at=moment)


def test_an_open_request_nobody_touched_shows_as_stale_then_is_purged_after_the_grace(
    make_request, settings, coordinator_client
):
    settings.CONSULTATION_STALE_DAYS, settings.CONSULTATION_STALE_GRACE_DAYS = 180, 30
    fresh, stale, forgotten = make_request(), make_request(), make_request()
    touched(fresh, 179)
    touched(stale, 181)
    touched(forgotten, 211)
    assert set(ConsultationRequest.objects.stale()) == {stale, forgotten}
    listed = coordinator_client.get(changelist_url() + "?stale=yes").context["cl"].result_list
    assert set(listed) == {stale, forgotten}
    output = purge()
    assert set(ConsultationRequest.objects.all()) == {fresh, stale}
    assert "New (stale): 1" in output


def test_staff_activity_keeps_an_old_request_from_going_stale(make_request, coordinator):
    from consultations import services

    item = make_request()
    touched(item, 400)
    services.consultation_note_create(consultation_request=item, author=coordinator, body="Called")
    assert not ConsultationRequest.objects.stale().exists()
    purge()
    assert ConsultationRequest.objects.filter(pk=item.pk).exists()


def test_open_requests_staff_work_on_are_kept_however_old_they_are(make_request, settings):
    settings.CONSULTATION_RETENTION_DAYS = 1
    ancient = timezone.now() - dt.timedelta(days=5000)
    for status in (Status.NEW, Status.CONTACTED, Status.BOOKED):
        make_request(status=status, received_at=ancient)
    purge()
    assert ConsultationRequest.objects.count() == 3


def test_it_follows_the_retention_setting(make_request, settings):
    settings.CONSULTATION_RETENTION_DAYS = 30
    make_request(status=Status.CLOSED, received_at=timezone.now() - dt.timedelta(days=31))
    kept = make_request(status=Status.CLOSED, received_at=timezone.now() - dt.timedelta(days=29))
    assert "Deleted 1 consultation request:" in purge()
    assert list(ConsultationRequest.objects.all()) == [kept]


def test_notes_and_history_go_with_the_request(make_request, settings, coordinator):
    settings.CONSULTATION_RETENTION_DAYS = 30
    item = make_request(status=Status.DECLINED, received_at=timezone.now() - dt.timedelta(days=60))
    StaffNote.objects.create(consultation_request=item, author=coordinator, body="note")
    purge()
    assert not StaffNote.objects.exists()
    assert not Email.objects.exists()


def test_the_audit_log_records_each_deletion_by_the_system_and_keeps_earlier_entries(
    make_request, settings, coordinator
):
    settings.CONSULTATION_RETENTION_DAYS = 30
    item = make_request(status=Status.DECLINED, received_at=timezone.now() - dt.timedelta(days=60))
    AuditEvent.objects.create(
        actor="coordinator",
        actor_user_id=coordinator.pk,
        action=AuditEvent.Action.VIEWED,
        reference=item.reference,
        consultation_request=item,
    )
    purge()
    events = {
        (e.action, e.actor, e.reference, e.consultation_request_id)
        for e in AuditEvent.objects.exclude(action=AuditEvent.Action.RECEIVED)
    }
    assert events == {
        (AuditEvent.Action.VIEWED, "coordinator", item.reference, None),
        (AuditEvent.Action.DELETED, AuditEvent.SYSTEM, item.reference, None),
    }


def test_a_dry_run_records_nothing_in_the_audit_log(requests_of_all_ages):
    purge("--dry-run")
    assert not AuditEvent.objects.exclude(action=AuditEvent.Action.RECEIVED).exists()


def test_with_nothing_to_delete_it_says_so(db):
    assert "Deleted 0 consultation requests" in purge()
