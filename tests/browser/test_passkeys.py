"""A coordinator adds a passkey and signs in with it instead of a code, in Chromium with its
virtual authenticator (a passkey on the "device", through the DevTools protocol).

WebAuthn needs a secure context and a relying party ID that is a domain name, not an address:
the live server, listening on 127.0.0.1, is browsed as http://localhost:<port>.
"""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from clinic_site.staff_login import REFUSED
from consultations.models import AuditEvent
from tests.browser.conftest import browser_test
from tests.conftest import restore_roles
from tests.consultations.conftest import create_request

pytestmark = browser_test

PASSWORD = "a long staff password"


@pytest.fixture
def coordinator(django_user_model, migrated_roles):
    restore_roles()
    user = django_user_model.objects.create_user(
        "jordan", email="jordan@clinic.example.com", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Intake coordinator"))
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user, device


@pytest.fixture
def page(new_page):
    """A page that fails the test on any Content-Security-Policy refusal."""
    opened = new_page()
    refusals = []
    opened.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield opened
    assert refusals == []


def sign_in(page, site, *, password=PASSWORD, code: str | None = None):
    page.goto(site + reverse("admin:index"))
    page.get_by_label("Username").fill("jordan")
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        if code is None:
            page.get_by_role("button", name="Use a passkey instead of a code").click()
        else:
            page.get_by_label("Code from your authenticator app").fill(code)
            page.get_by_role("button", name="Sign in").click()


def current_code(totp_device) -> str:
    return f"{totp(totp_device.bin_key):06d}"


def add_a_passkey(page, site, totp_device, name="Work laptop"):
    sign_in(page, site, code=current_code(totp_device))
    with page.expect_navigation():
        page.locator("#user-tools").get_by_role("link", name="Passkeys").click()
    expect(page.get_by_text("You have no passkeys yet.")).to_be_visible()
    page.get_by_label("Name").fill(name)
    with page.expect_navigation():
        page.get_by_role("button", name="Add a passkey").click()


def test_a_coordinator_adds_a_passkey_then_signs_in_with_it_instead_of_a_code(
    page, localhost_site, virtual_authenticator, coordinator
):
    user, totp_device = coordinator
    waiting = create_request(full_name="Sam Example", contact_method="phone", province="ON")

    add_a_passkey(page, localhost_site, totp_device)
    assert "Added “Work laptop”" in page.locator(".messagelist").inner_text()
    row = page.locator("#passkeys tbody tr")
    assert row.count() == 1 and row.first.locator("td").first.inner_text() == "Work laptop"
    devtools, authenticator = virtual_authenticator
    held = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert [c["isResidentCredential"] for c in held["credentials"]] == [True]

    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    sign_in(page, localhost_site)  # the password, then the passkey: no code
    changelist = reverse("admin:consultations_consultationrequest_changelist")
    with page.expect_navigation():
        page.locator(f"#content-main a[href='{changelist}']").first.click()
    assert page.locator("#result_list").get_by_role("link", name=waiting.reference).is_visible()

    passkey = WebAuthnCredential.objects.get(user=user)
    assert passkey.last_used_at is not None and passkey.sign_count >= 1
    signed_in = AuditEvent.objects.filter(action=AuditEvent.Action.SIGNED_IN, actor="jordan")
    assert signed_in.count() == 2
    added = AuditEvent.objects.filter(action=AuditEvent.Action.DEVICE_ADDED)
    assert list(added.values_list("detail", flat=True)) == [
        "WebAuthn credential",
        "TOTP device",  # the authenticator app, first
    ]


def test_a_wrong_password_with_the_passkey_gets_the_wrong_codes_answer(
    page, localhost_site, virtual_authenticator, coordinator
):
    user, totp_device = coordinator
    add_a_passkey(page, localhost_site, totp_device)
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()

    sign_in(page, localhost_site, password="not the password")
    with_passkey = page.locator(".errornote").inner_text()
    wrong = f"{(int(current_code(totp_device)) + 1) % 1_000_000:06d}"
    sign_in(page, localhost_site, code=wrong)
    with_wrong_code = page.locator(".errornote").inner_text()
    assert with_passkey == with_wrong_code == REFUSED
    assert page.get_by_label("Username").is_visible(), "still the sign-in page"
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED, actor="jordan")
    assert failed.count() == 2
    assert AccessAttempt.objects.get(username="jordan").failures_since_start == 2


def test_without_javascript_the_page_offers_the_code_alone(new_page, live_server, coordinator):
    user, totp_device = coordinator
    page = new_page(javascript=False)
    page.goto(live_server.url + reverse("admin:index"))
    assert not page.get_by_role("button", name="Use a passkey instead of a code").is_visible()
    page.get_by_label("Username").fill("jordan")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(current_code(totp_device))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + reverse("admin:passkeys"))
    assert page.get_by_text("Adding a passkey needs a browser that supports passkeys").is_visible()
    assert not page.get_by_role("button", name="Add a passkey").is_visible()
