"""Two-factor sign-in to the admin: a password alone shows nothing of the requests."""

from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains

from tests.consultations.conftest import change_url, changelist_url, sign_in

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"


def code_for(device: TOTPDevice) -> str:
    """The code the staff member's authenticator app shows right now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(username: str, *args) -> str:
    out = StringIO()
    call_command("enrol_totp", username, *args, stdout=out)
    return out.getvalue()


def sign_in_form(client, username, password=PASSWORD, code=""):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "otp_token": code, "next": changelist_url()},
    )


def test_a_password_and_the_right_code_open_the_request_list(client, coordinator, make_request):
    item = make_request(full_name="Jordan Okafor")
    enrol("coordinator")
    response = sign_in_form(client, "coordinator", code=code_for(TOTPDevice.objects.get()))
    assert response.status_code == 302 and response["Location"] == changelist_url()
    assertContains(client.get(changelist_url()), "Jordan Okafor")
    assert client.get(change_url(item)).status_code == 200


def test_a_password_without_a_code_is_refused(client, coordinator):
    enrol("coordinator")
    response = sign_in_form(client, "coordinator")
    assertContains(response, "Enter the 6-digit code from your authenticator app.")
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused(client, coordinator):
    enrol("coordinator")
    right = code_for(TOTPDevice.objects.get())
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = sign_in_form(client, "coordinator", code=wrong)
    assertContains(response, "That code is not right.")
    assert "_auth_user_id" not in client.session


def test_a_staff_member_without_an_authenticator_app_cannot_get_in(client, coordinator):
    response = sign_in_form(client, "coordinator", code="123456")
    assertContains(response, "No authenticator app is set up for this account.")
    assertContains(response, "enrol_totp")
    assert "_auth_user_id" not in client.session


def test_a_device_that_is_not_confirmed_does_not_count(client, coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="half set up", confirmed=False)
    response = sign_in_form(client, "coordinator", code=code_for(device))
    assertContains(response, "No authenticator app is set up for this account.")


def test_one_staff_members_code_does_not_open_anothers_account(client, coordinator, manager):
    enrol("manager")
    enrol("coordinator")
    managers_device = TOTPDevice.objects.get(user=manager)
    response = sign_in_form(client, "coordinator", code=code_for(managers_device))
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signed_in_without_a_code_a_staff_member_sees_nothing_of_the_requests(
    client, coordinator, make_request
):
    item = make_request(full_name="Jordan Okafor")
    sign_in(client, coordinator, verified=False)
    for url in (changelist_url(), change_url(item), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))
    page = client.get(changelist_url(), follow=True)
    assertNotContains(page, "Jordan Okafor")
    assertContains(page, "without a code from an authenticator app")


def test_enrolling_prints_a_qr_code_and_an_otpauth_link_for_the_app(coordinator, settings):
    output = enrol("coordinator")
    device = TOTPDevice.objects.get(user=coordinator)
    assert device.confirmed
    assert device.config_url in output
    assert device.config_url.startswith("otpauth://totp/")
    assert f"issuer={quote(settings.OTP_TOTP_ISSUER)}" in device.config_url
    blocks = set("█▀▄ \xa0")
    qr_rows = [line for line in output.splitlines() if len(line) >= 25 and set(line) <= blocks]
    assert len(qr_rows) >= 20, "a QR code drawn in the terminal, a row per line"


def test_enrolling_twice_needs_replace_and_then_the_old_app_stops_working(coordinator):
    enrol("coordinator", "--no-qr")
    old = TOTPDevice.objects.get()
    with pytest.raises(CommandError, match="already has an authenticator app"):
        enrol("coordinator")
    output = enrol("coordinator", "--replace", "--no-qr")
    new = TOTPDevice.objects.get()
    assert new.pk != old.pk and new.key != old.key
    assert "█" not in output and new.config_url in output


@pytest.mark.parametrize(
    ("username", "message"),
    [("nobody", "There is no user called 'nobody'"), ("patient", "not an active staff user")],
)
def test_enrolling_refuses_unknown_and_non_staff_users(django_user_model, username, message):
    django_user_model.objects.create_user("patient", password=PASSWORD)
    with pytest.raises(CommandError, match=message):
        enrol(username)
    assert not TOTPDevice.objects.exists()


def test_after_a_wrong_code_the_next_try_has_to_wait(client, coordinator):
    enrol("coordinator")
    device = TOTPDevice.objects.get()
    right = code_for(device)
    sign_in_form(client, "coordinator", code=f"{(int(right) + 1) % 1_000_000:06d}")
    response = sign_in_form(client, "coordinator", code=right)
    assertContains(response, "Verification temporarily disabled")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("coordinator", "abcdef"),
        ("coordinator", "9" * 200),
        ("coordinator", "１２３４５６"),
        ("coordinator", "12 34 56"),
        ("coord\x00inator", "123456"),
        ("x" * 500, "123456"),
        ("", ""),
    ],
)
def test_odd_sign_in_input_is_refused_without_a_server_error(client, coordinator, username, code):
    enrol("coordinator")
    response = sign_in_form(client, username, code=code)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
