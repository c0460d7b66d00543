"""Repeated failed sign-ins lock out one user name from one address (django-axes)."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains

from clinic_site.staff_login import REFUSED
from tests.consultations.conftest import staff_user

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"
HOME = "203.0.113.10"
ELSEWHERE = "198.51.100.20"


@pytest.fixture(autouse=True)
def devices(coordinator, manager):
    for user in (coordinator, manager):
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def attempt(client, username, *, password=PASSWORD, address=HOME, **headers):
    """One sign-in, with the right code unless the password is wrong."""
    device = TOTPDevice.objects.filter(user__username=username).first()
    code = f"{totp(device.bin_key):06d}" if device else ""
    return client.post(
        reverse("admin:login"),
        {
            "username": username,
            "password": password,
            "otp_token": code,
            "next": reverse("admin:index"),
        },
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, username, times, **kwargs):
    return [
        attempt(client, username, password=f"wrong password {n}", **kwargs) for n in range(times)
    ]


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_four_wrong_passwords_only_ask_again(client):
    for response in fail(client, "coordinator", 4):
        assert response.status_code == 200
        assertContains(response, REFUSED)
    assert signed_in(attempt(client, "coordinator"))


def wrong_code(client, username, times, **kwargs):
    """The right password, with a code that is not the one the app shows now."""
    device = TOTPDevice.objects.get(user__username=username)
    code = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    for _ in range(times):
        # django-otp slows down repeated wrong codes; the lockout counts them regardless.
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        client.post(
            reverse("admin:login"),
            {"username": username, "password": PASSWORD, "otp_token": code},
            REMOTE_ADDR=kwargs.get("address", HOME),
        )


def test_wrong_codes_count_towards_the_lockout(client):
    wrong_code(client, "coordinator", 5)
    assert attempt(client, "coordinator").status_code == 429


def test_many_failures_from_many_addresses_lock_the_user_name_everywhere(client, settings):
    settings.STAFF_LOCKOUT_FAILURES_PER_USERNAME = 8
    for number in range(4):  # 2 failures each from 4 addresses: no pair reaches 5
        fail(client, "coordinator", 2, address=f"203.0.113.{100 + number}")
    response = attempt(client, "coordinator", address="192.0.2.1")  # right password and code
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert signed_in(attempt(client, "manager", address="192.0.2.1")), "others are not caught"


def test_the_fifth_wrong_password_locks_the_account_out_with_a_friendly_page(client):
    *_, fifth = fail(client, "coordinator", 5)
    assertContains(fifth, "Sign-in paused", status_code=429)
    assertContains(fifth, "Try again in 30 minutes", status_code=429)
    right_password = attempt(client, "coordinator")
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_stop_other_users_or_the_same_user_elsewhere(client):
    fail(client, "coordinator", 5)
    assert signed_in(attempt(client, "manager"))
    client.logout()
    assert signed_in(attempt(client, "coordinator", address=ELSEWHERE))


def test_behind_a_proxy_each_client_address_counts_on_its_own(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]

    def via_proxy(forwarded_for, **kwargs):
        return attempt(
            client, "coordinator", address="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for, **kwargs
        )

    for n in range(5):
        via_proxy(HOME, password=f"wrong password {n}")
    assert via_proxy(HOME).status_code == 429
    # A forged left-hand entry does not escape the lockout; a different client is not caught.
    assert via_proxy(f"{ELSEWHERE}, {HOME}").status_code == 429
    assert signed_in(via_proxy(ELSEWHERE))


def test_an_administrator_unlocks_an_account_with_axes_reset_username(client):
    fail(client, "coordinator", 5)
    out = StringIO()
    call_command("axes_reset_username", "coordinator", stdout=out)
    assert "attempts removed" in out.getvalue()
    assert signed_in(attempt(client, "coordinator"))


def test_the_lockout_ends_by_itself_after_the_cool_off(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        fail(client, "coordinator", 5)
        clock.shift(dt.timedelta(minutes=29))
        assert attempt(client, "coordinator").status_code == 429
        clock.shift(dt.timedelta(minutes=31))
        assert signed_in(attempt(client, "coordinator"))


def test_unknown_user_names_are_locked_out_too_without_a_server_error(client, django_user_model):
    *_, fifth = fail(client, "no-such-user", 5)
    assert fifth.status_code == 429
    staff_user(django_user_model, "someone", role=None)
    assert attempt(client, "someone").status_code != 429
