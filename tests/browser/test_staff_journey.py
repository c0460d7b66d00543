"""An intake coordinator signs in with two factors, finds a request, logs two calls (no answer,
then reached: it is contacted, and "call back today" clears), adds a note."""

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
        message=fields.get("message", ""),
    )


def log_contact(page, outcome: str, note: str = "") -> str:
    with page.expect_navigation():
        page.get_by_role("link", name="Log contact").click()
    page.get_by_label(outcome, exact=True).check()
    if note:
        page.get_by_label("Note (optional)").fill(note)
    with page.expect_navigation():
        page.get_by_role("button", name="Log contact").click()
    return page.locator(".messagelist .success").inner_text()


def test_a_coordinator_finds_a_request_logs_two_calls_and_adds_a_note(
    live_server, new_page, coordinator
):
    user, device = coordinator
    wanted = a_request_from_the_website(message="I want to kill myself")
    a_request_from_the_website(full_name="Someone Else")
    page = new_page(width=1280, height=800)

    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_label("Username").fill("jordan")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    changelist = reverse("admin:consultations_consultationrequest_changelist")
    page.locator(f"#content-main a[href='{changelist}']").first.click()
    page.wait_for_url(f"**{changelist}")
    wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1] == 1280, f"the queue is wider than 1280 px: {wide}"

    search = page.locator("#searchbar")
    search.fill(wanted.reference.lower())  # as read out over the phone, in any case
    with page.expect_navigation():
        search.press("Enter")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert rows.first.get_by_role("link", name=wanted.reference).is_visible()
    assert rows.first.get_by_text("Call back today").is_visible()

    rows.first.get_by_role("link", name=wanted.reference).click()
    phone = page.locator("#reach").get_by_role("link", name="613-555-0100")
    assert phone.get_attribute("href") == "tel:+16135550100"
    assert log_contact(page, "No answer") == f"Logged for {wanted.reference}: no answer."
    assert log_contact(page, "Reached", "Spoke with Sam; call again Thursday") == (
        f"Logged for {wanted.reference}: reached. It is now contacted."
    )
    log = page.locator(".contact-log li")
    assert log.count() == 2
    assert log.first.inner_text().startswith("Reached · jordan, ")

    note = "Left a message asking Sam to call back; try again Thursday morning."
    page.get_by_role("textbox", name="Note").fill(note)
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist .success").inner_text()
    row = page.locator("#result_list tbody tr", has_text=wanted.reference)
    assert row.get_by_text("Call back today").count() == 0
    assert row.get_by_text("reached").is_visible()

    wanted.refresh_from_db()
    assert wanted.status == Status.CONTACTED
    moved = wanted.audit_events.get(action=AuditEvent.Action.STATUS_CHANGED)
    assert (moved.actor_user_id, moved.detail) == (user.pk, "new → contacted")
    logged = wanted.audit_events.filter(action=AuditEvent.Action.CONTACT_LOGGED)
    assert sorted(logged.values_list("detail", flat=True)) == ["no answer", "reached"]
    assert list(wanted.contact_attempts.values_list("outcome", "author")) == [
        ("no_answer", user.pk),
        ("reached", user.pk),
    ]
    assert list(wanted.notes.values_list("body", "author")) == [(note, user.pk)]
