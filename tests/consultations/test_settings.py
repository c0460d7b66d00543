"""Consultation and email settings come from the environment and fail loudly on bad values."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.production import settings_module

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "s" * 60,
    "DJANGO_ALLOWED_HOSTS": "clinic.example.com,www.clinic.example.com",
}
NAMES = [
    "EMAIL_BACKEND",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "CLINIC_NOTIFY_EMAIL",
    "SITE_URL",
    "CONSULTATION_RATE_LIMIT",
    "CONSULTATION_MIN_FILL_SECONDS",
    "TRUSTED_PROXIES",
]


@pytest.fixture
def loaded(monkeypatch):
    def load(**env) -> dict:
        module = settings_module(monkeypatch, **env)
        return {name: module[name] for name in NAMES}

    return load


def test_development_prints_emails_to_the_console(loaded):
    values = loaded(DJANGO_DEBUG="1")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["SITE_URL"] == "http://127.0.0.1:8000"


def test_ssl_on_its_own_turns_starttls_off(loaded):
    assert loaded(**PRODUCTION, EMAIL_USE_SSL="1", EMAIL_PORT="465")["EMAIL_USE_TLS"] is False


def test_production_sends_through_smtp_with_sensible_defaults(loaded):
    values = loaded(**PRODUCTION)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == (587, True)
    assert values["SITE_URL"] == "https://clinic.example.com"
    assert values["CONSULTATION_RATE_LIMIT"] == (5, 3600)
    assert values["CONSULTATION_MIN_FILL_SECONDS"] == 3
    assert values["TRUSTED_PROXIES"] == []
    assert values["DEFAULT_FROM_EMAIL"] == "Example Ketamine Clinic <hello@clinic.example.com>"


def test_every_email_and_consultation_variable_is_read_from_the_environment(loaded):
    values = loaded(
        **PRODUCTION,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        EMAIL_PORT="2525",
        EMAIL_USE_TLS="false",
        DEFAULT_FROM_EMAIL="no-reply@clinic.example.com",
        CLINIC_NOTIFY_EMAIL="intake@clinic.example.com",
        SITE_URL="https://www.clinic.example.com/",
        CONSULTATION_RATE_LIMIT="10/d",
        CONSULTATION_MIN_FILL_SECONDS="5",
        DJANGO_TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.7,2001:db8::/32",
    )
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "EMAIL_PORT": 2525,
        "EMAIL_USE_TLS": False,
        "DEFAULT_FROM_EMAIL": "Example Ketamine Clinic <no-reply@clinic.example.com>",
        "CLINIC_NOTIFY_EMAIL": "intake@clinic.example.com",
        "SITE_URL": "https://www.clinic.example.com",
        "CONSULTATION_RATE_LIMIT": (10, 86400),
        "CONSULTATION_MIN_FILL_SECONDS": 5,
        "TRUSTED_PROXIES": ["10.0.0.0/8", "192.0.2.7", "2001:db8::/32"],
    }


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        (
            {"CONSULTATION_RATE_LIMIT": "five per hour"},
            "CONSULTATION_RATE_LIMIT must look like 5/h",
        ),
        (
            {"CONSULTATION_MIN_FILL_SECONDS": "-1"},
            "CONSULTATION_MIN_FILL_SECONDS must be at least 0",
        ),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
        ({"DJANGO_TRUSTED_PROXIES": "nginx"}, "DJANGO_TRUSTED_PROXIES must be a comma list"),
        ({"CLINIC_NOTIFY_EMAIL": "intake"}, "CLINIC_NOTIFY_EMAIL must be an email address"),
        ({"SITE_URL": "clinic.example.com/path"}, "SITE_URL must be the site's address"),
        ({"EMAIL_USE_SSL": "1", "EMAIL_USE_TLS": "1"}, "Set only one of EMAIL_USE_TLS"),
    ],
)
def test_a_bad_value_stops_start_up_with_a_clear_message(monkeypatch, env, complaint):
    with pytest.raises(ImproperlyConfigured, match=complaint):
        settings_module(monkeypatch, **PRODUCTION, **env)
