"""The audit log: every staff view, change, export and deletion of a request; append-only;
never a health detail."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from consultations.choices import Status
from consultations.models import AppendOnlyError, AuditEvent
from tests.conftest import AUDIT_LOG_MAY_BE_EMPTIED
from tests.consultations.conftest import (
    change_url,
    changelist_url,
    form_fields,
    sign_in,
    staff_user,
)

pytestmark = pytest.mark.django_db

SECRET = "hopeless since my brother died"  # stands for any health detail


def staff_log():
    """What staff did with requests: every entry about one, but the website's "received" and
    the lists it appeared in (tested on their own below)."""
    return AuditEvent.objects.exclude(reference="").exclude(
        action__in=[AuditEvent.Action.RECEIVED, AuditEvent.Action.LISTED]
    )


def events(**filters) -> list[tuple]:
    return list(
        staff_log()
        .filter(**filters)
        .order_by("pk")
        .values_list("actor", "action", "reference", "detail")
    )


def save(client, item, **changes):
    data = form_fields(client.get(change_url(item)).content.decode(), "consultationrequest_form")
    data.update({name: [value] for name, value in changes.items()})
    return client.post(change_url(item), data)


def run_action(client, action, items, **extra):
    data = {"action": action, "_selected_action": [i.pk for i in items], "index": 0, **extra}
    return client.post(changelist_url() + "?status=all", data)


# --- What is recorded ----------------------------------------------------------------------


def test_opening_a_request_records_who_which_and_when(
    coordinator_client, coordinator, make_request
):
    item = make_request()
    coordinator_client.get(change_url(item))
    event = staff_log().get()
    assert (event.actor, event.actor_user_id, event.action, event.reference) == (
        "coordinator",
        coordinator.pk,
        AuditEvent.Action.VIEWED,
        item.reference,
    )
    assert event.consultation_request == item and event.at is not None


def listed(**filters) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(action=AuditEvent.Action.LISTED, **filters)
        .order_by("reference")
        .values_list("actor", "reference", "detail")
    )


def test_a_list_page_records_each_request_it_showed(coordinator_client, make_request):
    shown = sorted([make_request().reference, make_request().reference])
    coordinator_client.get(changelist_url())
    assert listed() == [("coordinator", reference, "") for reference in shown]
    assert not staff_log().exists(), "a list is not an opening of each request"


def test_a_searched_or_filtered_list_says_so_but_never_what_was_searched(
    coordinator_client, make_request
):
    item = make_request(full_name="Riley Secret")
    coordinator_client.get(changelist_url() + "?q=Riley+Secret&status=all")
    assert listed() == [("coordinator", item.reference, "searched, filtered")]
    stored = " ".join(str(v) for row in AuditEvent.objects.values_list() for v in row)
    assert "Riley" not in stored and "Secret" not in stored


def test_history_delete_and_confirmation_pages_are_recorded(manager_client, make_request):
    item = make_request()
    manager_client.get(change_url(item).replace("/change/", "/history/"))
    manager_client.get(change_url(item).replace("/change/", "/delete/"))
    run_action(manager_client, "mark_declined", [item])  # shows the "give a reason" page
    assert [e[3] for e in events(action=AuditEvent.Action.VIEWED)] == [
        "history",
        "delete page",
        "mark_declined confirmation",
    ]


def test_the_history_page_is_for_staff_who_may_read_the_audit_log(coordinator_client, make_request):
    item = make_request()
    assert (
        coordinator_client.get(change_url(item).replace("/change/", "/history/")).status_code == 403
    )


def test_the_audit_trail_on_a_request_is_shown_only_to_those_who_may_read_the_log(
    django_user_model, make_request
):
    item = make_request()
    intake = sign_in(Client(), staff_user(django_user_model, "intake", "Intake coordinator"))
    reader = sign_in(Client(), staff_user(django_user_model, "reader", "Clinic manager"))
    assertNotContains(intake.get(change_url(item)), "Audit trail")
    assertContains(reader.get(change_url(item)), "Audit trail")


def test_autocomplete_answers_nothing_about_requests(manager_client):
    for model, field in (
        ("auditevent", "consultation_request"),
        ("staffnote", "consultation_request"),
    ):
        response = manager_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "consultations", "model_name": model, "field_name": field, "term": "a"},
        )
        assert response.status_code == 403, (model, field)


def test_a_change_records_the_field_names_never_the_values(
    coordinator_client, coordinator, make_request
):
    item = make_request(message="I want to die")
    assert item.is_urgent
    response = save(coordinator_client, item, risk="", assigned_to=str(coordinator.pk))
    assert response.status_code == 302
    assert events(action=AuditEvent.Action.CHANGED) == [
        ("coordinator", "changed", item.reference, "assigned_to, risk")
    ]


def test_saving_without_changes_records_no_change(coordinator_client, make_request):
    item = make_request()
    save(coordinator_client, item)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CHANGED).exists()


def test_a_status_change_records_the_move_but_not_the_reason(coordinator_client, make_request):
    item = make_request()
    save(coordinator_client, item, new_status=Status.DECLINED, status_reason=SECRET)
    assert events(action=AuditEvent.Action.STATUS_CHANGED) == [
        ("coordinator", "status_changed", item.reference, "new → declined")
    ]


def test_a_status_action_on_the_list_is_recorded_for_each_request(coordinator_client, make_request):
    first, second = make_request(), make_request()
    run_action(coordinator_client, "mark_contacted", [first, second])
    assert {e[2] for e in events(action=AuditEvent.Action.STATUS_CHANGED)} == {
        first.reference,
        second.reference,
    }


def test_a_note_is_recorded_without_what_it_says(coordinator_client, make_request):
    item = make_request()
    save(coordinator_client, item, **{"notes-0-body": SECRET})
    assert events(action=AuditEvent.Action.NOTE_ADDED) == [
        ("coordinator", "note_added", item.reference, "")
    ]


def test_an_export_records_every_request_exported(manager_client, make_request):
    chosen = [make_request(), make_request(), make_request()]
    make_request()  # not selected
    response = run_action(manager_client, "export_csv", chosen)
    assert response.status_code == 200
    assert sorted(e[2] for e in events(action=AuditEvent.Action.EXPORTED)) == sorted(
        item.reference for item in chosen
    )
    assert {e[0] for e in events(action=AuditEvent.Action.EXPORTED)} == {"manager"}


def test_a_deletion_is_recorded_and_the_log_outlives_the_request(manager_client, make_request):
    item = make_request()
    manager_client.get(change_url(item))
    response = manager_client.post(
        change_url(item).replace("/change/", "/delete/"), {"post": "yes"}
    )
    assert response.status_code == 302
    assert events() == [
        ("manager", "viewed", item.reference, ""),
        ("manager", "deleted", item.reference, ""),
    ]
    assert not AuditEvent.objects.filter(consultation_request__isnull=False).exists()


def test_a_bulk_deletion_is_recorded_for_each_request(manager_client, make_request):
    doomed = [make_request(), make_request()]
    response = run_action(manager_client, "delete_selected", doomed, post="yes")
    assert response.status_code == 302
    assert sorted(e[2] for e in events(action=AuditEvent.Action.DELETED)) == sorted(
        item.reference for item in doomed
    )


def test_the_log_outlives_the_staff_member(coordinator_client, coordinator, make_request):
    item = make_request()
    coordinator_client.get(change_url(item))
    user_id = coordinator.pk
    coordinator.delete()
    event = staff_log().get()
    assert (event.actor, event.actor_user_id, event.reference) == (
        "coordinator",
        user_id,
        item.reference,
    )


def test_the_log_never_holds_what_the_patient_wrote(coordinator_client, coordinator, make_request):
    item = make_request(full_name="Riley Secret", message=SECRET, help_wanted=["ptsd"])
    coordinator_client.get(change_url(item))
    save(
        coordinator_client,
        item,
        new_status=Status.DECLINED,
        status_reason=SECRET,
        assigned_to=str(coordinator.pk),
        **{"notes-0-body": SECRET},
    )
    stored = " ".join(
        str(value)
        for row in AuditEvent.objects.values_list("actor", "action", "detail", "reference")
        for value in row
    )
    assert staff_log().count() >= 4
    for text in (SECRET, "Riley", "ptsd", "PTSD", "sam@example.com", "6135550100"):
        assert text not in stored


# --- Append-only -----------------------------------------------------------------------------


@pytest.fixture
def event(coordinator_client, make_request):
    coordinator_client.get(change_url(make_request()))
    return staff_log().get()


def test_an_entry_refuses_to_be_saved_again(event):
    event.detail = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert staff_log().get().detail == ""


def test_an_entry_refuses_to_be_deleted(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert staff_log().count() == 1


def test_the_log_refuses_bulk_updates_and_deletes(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(actor="someone else")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["actor"])
    assert staff_log().get().actor == "coordinator"


@pytest.fixture
def superuser_client(django_user_model):
    user = django_user_model.objects.create_superuser("root", password="a long test password")
    return sign_in(Client(), user)


def test_not_even_a_superuser_can_add_change_or_delete_entries_in_the_admin(
    superuser_client, event
):
    log_url = reverse("admin:consultations_auditevent_changelist")
    entry_url = reverse("admin:consultations_auditevent_change", args=[event.pk])
    page = superuser_client.get(log_url)
    assert page.status_code == 200
    assert page.context["action_form"] is None
    assert superuser_client.get(log_url + "add/").status_code == 403
    delete_url = entry_url.replace("/change/", "/delete/")
    assert superuser_client.get(delete_url).status_code == 403
    assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 403
    entry = superuser_client.get(entry_url)
    assert entry.status_code == 200 and "<form" in entry.content.decode()
    assert 'name="actor"' not in entry.content.decode()  # read-only, shown as text
    superuser_client.post(entry_url, {"actor": "root", "action": "deleted", "detail": "x"})
    assert staff_log().get().actor == "coordinator"


def test_a_clinic_manager_reads_the_log_and_an_intake_coordinator_cannot(django_user_model, event):
    log_url = reverse("admin:consultations_auditevent_changelist")
    reader = sign_in(Client(), staff_user(django_user_model, "reader", "Clinic manager"))
    assertContains(reader.get(log_url), event.reference)
    intake = sign_in(Client(), staff_user(django_user_model, "intake", "Intake coordinator"))
    assert intake.get(log_url).status_code == 403


def test_the_request_page_shows_its_audit_trail(manager_client, make_request):
    item = make_request()
    manager_client.get(change_url(item))
    response = manager_client.get(change_url(item))
    assertContains(response, "Audit trail")
    assertContains(response, "Viewed")


RAW_UPDATES = [
    "UPDATE consultations_auditevent SET actor = 'someone else'",
    "UPDATE consultations_auditevent SET consultation_request_id = NULL, detail = 'x'",
]
RAW_DELETE = "DELETE FROM consultations_auditevent"


def test_even_raw_sql_cannot_edit_the_log(event, monkeypatch):
    """Both databases refuse a raw UPDATE and a raw DELETE (migrations 0003, 0005, 0010)."""
    monkeypatch.setitem(AUDIT_LOG_MAY_BE_EMPTIED, "now", False)  # as outside the test suite
    for sql in [*RAW_UPDATES, RAW_DELETE]:
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert staff_log().get().actor == "coordinator"
