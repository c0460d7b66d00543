"""An intake coordinator signs in with two factors, finds a request, marks it contacted, adds a note."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations.choices import Status
from consultations.models import AuditEvent, ConsultationRequest
from tests.browser.conftest import browser_test
from tests.conftest import restore_roles
from tests.consultations.conftest import create_request

pytestmark = browser_test

PASSWORD = "a long staff password"


@pytest.fixture
def coordinator(django_user_model, migrated_roles):
    assert "Intake coordinator" in migrated_roles, "the data migration made no such role"
    restore_roles()
    user = django_user_model.objects.create_user(
        "jordan", email="jordan@clinic.example.com", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Intake coordinator"))
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user, device


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def a_request_from_the_website(**fields) -> ConsultationRequest:
    return create_request(
        full_name=fields.get("full_name", "Sam Example"),
        contact_method="phone",
        province="ON",
        help_wanted=["depression"],
    )


def test_a_coordinator_finds_a_request_by_reference_marks_it_contacted_and_adds_a_note(
    live_server, page, coordinator
):
    user, device = coordinator
    wanted = a_request_from_the_website()
    a_request_from_the_website(full_name="Someone Else")

    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_label("Username").fill("jordan")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    changelist = reverse("admin:consultations_consultationrequest_changelist")
    page.locator(f"#content-main a[href='{changelist}']").first.click()

    search = page.locator("#searchbar")
    search.fill(wanted.reference.lower())  # as read out over the phone, in any case
    with page.expect_navigation():
        search.press("Enter")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert rows.first.get_by_role("link", name=wanted.reference).is_visible()

    rows.first.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Mark contacted")
    with page.expect_navigation():
        page.get_by_role("button", name="Go").click()
    assert page.locator(".messagelist .success").inner_text().startswith("Marked contacted")

    page.get_by_role("link", name=wanted.reference).click()
    note = "Left a message asking Sam to call back; try again Thursday morning."
    page.get_by_role("textbox", name="Note").fill(note)
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist .success").inner_text()

    wanted.refresh_from_db()
    assert wanted.status == Status.CONTACTED
    moved = wanted.audit_events.get(action=AuditEvent.Action.STATUS_CHANGED)
    assert (moved.actor_user_id, moved.detail) == (user.pk, "new → contacted")
    assert list(wanted.notes.values_list("body", "author")) == [(note, user.pk)]
