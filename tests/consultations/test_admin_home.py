"""The admin speaks the clinic's language: its name, the queue first, the security models
together after it, notes headed by author and clinic time, nothing that cannot be done offered."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from consultations import services
from consultations.models import StaffNote
from tests.consultations.conftest import change_url, sign_in, staff_user

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def sections(response) -> list[tuple[str, list[str]]]:
    """Each group on the admin home, with the names of its models, in the order shown."""
    html = response.content.decode()
    found = []
    for block in html.split("<caption>")[1:]:
        name = re.sub(r"<[^>]+>", "", block[: block.index("</caption>")]).strip()
        models = re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>([^<]+)</a>', block)
        found.append((name, models))
    return found


def test_the_clinics_name_replaces_django_administration(coordinator_client, settings):
    settings.CLINIC_NAME = "Rideau Wellness"
    response = coordinator_client.get(INDEX)
    assertContains(response, '<div id="site-name"><a href="/admin/">Rideau Wellness: staff</a>')
    assertContains(response, "<title>Staff pages | Rideau Wellness staff</title>")
    assertNotContains(response, "Django")
    login = Client().get(reverse("admin:login"))
    assertContains(login, "Rideau Wellness: staff")
    assertNotContains(login, "Django administration")


def test_a_superuser_sees_the_queue_first_and_the_security_models_grouped_after_it(
    client, django_user_model
):
    boss = django_user_model.objects.create_superuser("boss", "boss@clinic.example.com", "pw")
    response = sign_in(client, boss).get(INDEX)
    assert sections(response) == [
        ("Intake", ["Consultation requests"]),
        ("Content reviews", ["Content review desk"]),
        (
            "Security and records",
            [
                "Users",
                "Groups",
                "TOTP devices",
                "Access attempts",
                "Access logs",
                "Access failures",
                "Task Results",
                "Audit log",
            ],
        ),
    ]


def test_a_coordinator_sees_only_the_queue_a_manager_the_desk_and_audit_log_too(
    coordinator_client, django_user_model
):
    assert sections(coordinator_client.get(INDEX)) == [("Intake", ["Consultation requests"])]
    manager = sign_in(Client(), staff_user(django_user_model, "manager", "Clinic manager"))
    assert sections(manager.get(INDEX)) == [
        ("Intake", ["Consultation requests"]),
        ("Content reviews", ["Content review desk"]),
        ("Security and records", ["Audit log"]),
    ]
    reviewer = sign_in(Client(), staff_user(django_user_model, "reviewer", "Clinical reviewer"))
    assert sections(reviewer.get(INDEX)) == [("Content reviews", ["Content review desk"])]


def test_each_apps_own_page_still_lists_its_models(client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@clinic.example.com", "pw")
    sign_in(client, boss)
    for app_label, model in [
        ("consultations", "Audit log"),
        ("auth", "Users"),
        ("axes", "Access logs"),
    ]:
        response = client.get(reverse("admin:app_list", args=[app_label]))
        assert response.status_code == 200
        assertContains(response, model)


def test_the_sign_in_page_sends_nobody_to_the_readme(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assertNotContains(response, "README")
    assertNotContains(response, "manage.py")


def test_notes_are_headed_by_author_and_clinic_time_without_ids_or_a_delete_control(
    coordinator_client, coordinator, make_request, settings
):
    settings.TIME_ZONE = "America/Toronto"
    item = make_request()
    note = services.consultation_note_create(
        consultation_request=item, author=coordinator, body="Prefers evenings"
    )
    StaffNote.objects.filter(pk=note.pk).update(created_at="2026-11-20T15:30:00Z")
    html = coordinator_client.get(change_url(item)).content.decode()
    notes = html[html.index('id="notes-group"') :]
    notes = notes[: notes.index("</fieldset>")]
    assert "<h3" in notes and "coordinator, 2026-11-20 10:30 EST</h3>" in notes
    assert "Prefers evenings" in notes
    assert f"Note on {item.pk}" not in html and "#1" not in notes
    assert "DELETE" not in notes and "delete" not in notes.lower()
    assert "js-inline-admin-formset" not in notes  # no script adding "Add another" or "Remove"
    assert 'name="notes-1-body"' in notes  # and one box for a new note


def test_the_admin_home_has_no_empty_recent_actions_panel(coordinator_client):
    """Django's panel reads a change log this site does not keep; it would always say 'None'."""
    html = coordinator_client.get(INDEX).content.decode()
    assert "Intake" in html
    assert "Recent actions" not in html
    assert "None available" not in html
