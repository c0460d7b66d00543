"""Staff sessions end after 30 minutes idle and 12 hours at most, measured on the server;
cookies are Secure, HttpOnly and SameSite."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains

from tests.consultations.conftest import changelist_url
from tests.production import settings_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def still_in(client) -> bool:
    response = client.get(changelist_url())
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    return False


def test_a_staff_member_idle_for_29_minutes_is_still_signed_in(clock, coordinator_client):
    assert still_in(coordinator_client)
    clock.shift(dt.timedelta(minutes=29))
    assert still_in(coordinator_client)


def test_a_staff_member_idle_for_31_minutes_is_signed_out_and_told_why(clock, coordinator_client):
    assert still_in(coordinator_client)
    clock.shift(dt.timedelta(minutes=31))
    assert not still_in(coordinator_client)
    assert "_auth_user_id" not in coordinator_client.session
    page = coordinator_client.get(reverse("admin:login"))
    assertContains(page, "You were signed out after 30 minutes without activity.")
    clock.shift(dt.timedelta(minutes=1))
    assert not still_in(coordinator_client), "signing out is not undone by the next request"


def test_activity_keeps_a_session_alive_but_never_past_12_hours(clock, coordinator_client):
    for _ in range(35):  # a request every 20 minutes for 11 h 40 min
        assert still_in(coordinator_client)
        clock.shift(dt.timedelta(minutes=20))
    assert still_in(coordinator_client)  # 11 h 40 min after signing in
    clock.shift(dt.timedelta(minutes=21))
    assert not still_in(coordinator_client)
    assertContains(
        coordinator_client.get(reverse("admin:login")), "staff sessions last at most 12 hours"
    )


def test_the_limits_follow_the_settings(clock, coordinator_client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    assert still_in(coordinator_client)
    clock.shift(dt.timedelta(minutes=6))
    assert not still_in(coordinator_client)


def test_the_session_and_csrf_cookies_are_secure_http_only_and_same_site(client, coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    login_url = reverse("admin:login")
    client.get(login_url, secure=True)
    response = client.post(
        login_url,
        {
            "username": "coordinator",
            "password": "a long test password",
            "otp_token": f"{totp(device.bin_key):06d}",
            "next": reverse("admin:index"),
        },
        secure=True,
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] and cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name
    session = response.cookies["sessionid"]
    assert not session["max-age"] and not session["expires"], "ends when the browser closes"


def session_limits(monkeypatch, **env) -> tuple[int, int, int]:
    module = settings_module(monkeypatch, DJANGO_DEBUG="1", **env)
    return (
        module["STAFF_SESSION_IDLE_MINUTES"],
        module["STAFF_SESSION_MAX_HOURS"],
        module["SESSION_COOKIE_AGE"],
    )


def test_the_limits_default_to_30_minutes_and_12_hours_and_come_from_the_environment(monkeypatch):
    assert session_limits(monkeypatch) == (30, 12, 43200)
    changed = session_limits(
        monkeypatch, STAFF_SESSION_IDLE_MINUTES="15", STAFF_SESSION_MAX_HOURS="8"
    )
    assert changed == (15, 8, 28800)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STAFF_SESSION_IDLE_MINUTES", "half an hour"),
        ("STAFF_SESSION_IDLE_MINUTES", "0"),
        ("STAFF_SESSION_MAX_HOURS", "48"),
    ],
)
def test_a_bad_session_limit_stops_start_up_naming_the_variable(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        session_limits(monkeypatch, **{name: value})
