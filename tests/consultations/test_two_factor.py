"""Two-factor sign-in to the admin: a password alone shows nothing of the requests."""

from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains

from clinic_site.staff_login import REFUSED
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


def answer(response) -> tuple[int, str]:
    """What a sign-in attempt tells the person: its status and its message."""
    html = response.content.decode()
    notes = [part.split("</p>")[0] for part in html.split('<p class="errornote">')[1:]]
    return response.status_code, " ".join(notes)


def test_every_kind_of_refusal_gets_the_same_answer(client, coordinator, django_user_model):
    """A wrong password, a right one with no code, a wrong code, no app at all, no such user:
    nothing tells an attacker which it was, until both factors pass."""
    enrol("coordinator")
    device = TOTPDevice.objects.get()
    wrong_code = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    django_user_model.objects.create_user("nodevice", password=PASSWORD, is_staff=True)
    answers = {
        "wrong password": answer(
            sign_in_form(client, "coordinator", "not the password", code_for(device))
        ),
        "no code": answer(sign_in_form(client, "coordinator")),
        "wrong code": answer(sign_in_form(client, "coordinator", code=wrong_code)),
        "no authenticator app": answer(sign_in_form(client, "nodevice", code="123456")),
        "no such user": answer(sign_in_form(client, "nobody", code="123456")),
    }
    assert len(set(answers.values())) == 1, answers
    status, message = answers["no code"]
    assert status == 200 and message == REFUSED
    assert "_auth_user_id" not in client.session


def test_nothing_at_sign_in_hints_that_an_account_has_no_app(client, django_user_model):
    django_user_model.objects.create_user("nodevice", password=PASSWORD, is_staff=True)
    html = sign_in_form(client, "nodevice", code="123456").content.decode()
    for hint in ("enrol_totp", "No authenticator app", "set up", "README"):
        assert hint not in html


def test_a_device_that_is_not_confirmed_does_not_count(client, coordinator):
    TOTPDevice.objects.create(user=coordinator, name="unconfirmed", confirmed=False)
    response = sign_in_form(client, "coordinator", code="123456")
    assert answer(response) == (200, REFUSED)


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
    assert answer(response) == (200, REFUSED), "the same answer, even for the right code"
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
