"""A clinic manager signs in with a code (or a passkey), searches, exports and opens a request; the audit log
then holds exactly those events, each with the address the request really came from."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from consultations.models import AuditEvent
from tests.browser.conftest import browser_test
from tests.browser.test_staff_journey import PASSWORD, a_request_from_the_website, current_code
from tests.conftest import restore_roles

pytestmark = browser_test

A = AuditEvent.Action
CLIENT = "203.0.113.9"  # the patient-facing world's address, as nginx would pass it on


@pytest.fixture
def manager(django_user_model, migrated_roles):
    restore_roles()
    user = django_user_model.objects.create_user(
        "robin", email="robin@clinic.example.com", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Clinic manager"))
    return user, TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(base_url, page, device=None):
    """With the authenticator app's code, or (without `device`) with a passkey."""
    page.goto(base_url + reverse("admin:index"))
    page.get_by_label("Username").fill("robin")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        if device is None:
            page.get_by_role("button", name="Use a passkey instead of a code").click()
        else:
            page.get_by_label("Code from your authenticator app").fill(current_code(device))
            page.get_by_role("button", name="Sign in").click()


def sign_in_search_export_and_open(base_url, page, device, wanted):
    sign_in(base_url, page, device)

    changelist = reverse("admin:consultations_consultationrequest_changelist")
    with page.expect_navigation():
        page.locator(f"#content-main a[href='{changelist}']").first.click()
    search = page.locator("#searchbar")
    search.fill(wanted.reference)
    with page.expect_navigation():
        search.press("Enter")
    assert page.locator("#result_list tbody tr").count() == 1

    page.locator("#result_list input.action-select").check()
    page.locator("select[name=action]").select_option(label="Export selected to CSV")
    with page.expect_download() as download:
        page.get_by_role("button", name="Go").click()
    assert wanted.reference in download.value.path().read_text(encoding="utf-8-sig")

    with page.expect_navigation():
        page.get_by_role("link", name=wanted.reference).click()
    assert page.get_by_role("heading", name=wanted.reference).count() >= 1


def events_of(user, *, after=A.DEVICE_ADDED):
    """What the log holds about `user` since the last `after` event (which is in it too)."""
    since = AuditEvent.objects.filter(actor_user_id=user.pk, action=after).latest("pk")
    return [
        (event.action, event.reference, event.detail, event.address)
        for event in AuditEvent.objects.filter(actor_user_id=user.pk, pk__gt=since.pk).order_by(
            "at", "pk"
        )
    ]


def expected(user, wanted, other, address):
    signed_in = [(A.SIGNED_IN, "", "", address)]
    first_list = {(A.LISTED, item.reference, "", address) for item in (wanted, other)}
    searched = [(A.LISTED, wanted.reference, "searched", address)]
    return (
        signed_in,
        first_list,
        searched
        + [
            (A.EXPORTED, wanted.reference, "", address),
            (A.VIEWED, wanted.reference, "", address),
        ],
    )


def assert_exactly(events, signed_in, first_list, rest):
    assert events[:1] == signed_in
    assert set(events[1:3]) == first_list and len(events) == 3 + len(rest)
    assert events[3:] == rest


def test_every_step_is_in_the_audit_log_with_the_browsers_address(live_server, page, manager):
    user, device = manager
    wanted, other = a_request_from_the_website(), a_request_from_the_website(full_name="Kim Other")
    sign_in_search_export_and_open(live_server.url, page, device, wanted)
    assert_exactly(events_of(user), *expected(user, wanted, other, "127.0.0.1"))


def test_through_a_trusted_proxy_the_log_holds_the_forwarded_address(
    live_server, new_page, manager, settings
):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    page = new_page()
    # The browser plays nginx's part: the connection comes from 127.0.0.1, which is trusted, and
    # says whom it is passing on.
    page.context.set_extra_http_headers({"X-Forwarded-For": f"198.51.100.7, {CLIENT}"})
    user, device = manager
    wanted, other = a_request_from_the_website(), a_request_from_the_website(full_name="Kim Other")
    sign_in_search_export_and_open(live_server.url, page, device, wanted)
    assert_exactly(events_of(user), *expected(user, wanted, other, CLIENT))


def test_a_forged_header_from_an_untrusted_peer_changes_nothing(
    live_server, new_page, manager, settings
):
    settings.TRUSTED_PROXIES = []
    page = new_page()
    page.context.set_extra_http_headers({"X-Forwarded-For": CLIENT})
    user, device = manager
    wanted, other = a_request_from_the_website(), a_request_from_the_website(full_name="Kim Other")
    sign_in_search_export_and_open(live_server.url, page, device, wanted)
    assert_exactly(events_of(user), *expected(user, wanted, other, "127.0.0.1"))


def test_signed_in_with_a_passkey_every_step_is_recorded_the_same_way(
    localhost_site, page, virtual_authenticator, manager
):
    user, device = manager
    wanted, other = a_request_from_the_website(), a_request_from_the_website(full_name="Kim Other")
    sign_in(localhost_site, page, device)
    page.locator("#user-tools").get_by_role("link", name="Passkeys").click()
    page.get_by_label("Name").fill("Office desktop")
    with page.expect_navigation():
        page.get_by_role("button", name="Add a passkey").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()

    sign_in_search_export_and_open(localhost_site, page, None, wanted)
    assert_exactly(events_of(user, after=A.SIGNED_OUT), *expected(user, wanted, other, "127.0.0.1"))
    assert WebAuthnCredential.objects.get(user=user).sign_count >= 1
