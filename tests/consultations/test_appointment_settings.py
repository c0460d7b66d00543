"""The appointment and referral settings come from the environment and fail loudly."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.production import settings_module

ROOT = Path(__file__).resolve().parents[2]
NEW = ("CONSULTATION_REMINDER_HOURS", "CONSULTATION_REFERRAL_ACKNOWLEDGEMENT_LIMIT")


def test_the_defaults_are_a_day_and_twenty_a_day(monkeypatch):
    module = settings_module(monkeypatch, DJANGO_DEBUG="1")
    assert module["CONSULTATION_REMINDER_HOURS"] == 24
    assert module["CONSULTATION_REFERRAL_ACKNOWLEDGEMENT_LIMIT"] == (20, 86400)


def test_both_are_read_from_the_environment(monkeypatch):
    module = settings_module(
        monkeypatch,
        DJANGO_DEBUG="1",
        CONSULTATION_REMINDER_HOURS="48",
        CONSULTATION_REFERRAL_ACKNOWLEDGEMENT_LIMIT="50/d",
    )
    assert module["CONSULTATION_REMINDER_HOURS"] == 48
    assert module["CONSULTATION_REFERRAL_ACKNOWLEDGEMENT_LIMIT"] == (50, 86400)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CONSULTATION_REMINDER_HOURS", "a day"),
        ("CONSULTATION_REMINDER_HOURS", "0"),
        ("CONSULTATION_REMINDER_HOURS", "500"),
        ("CONSULTATION_REFERRAL_ACKNOWLEDGEMENT_LIMIT", "twenty"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        settings_module(monkeypatch, DJANGO_DEBUG="1", **{name: value})


def test_env_example_and_the_readme_document_them():
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    for name in NEW:
        assert re.search(rf"^{name}=", example, re.M), name
        assert f"| `{name}` |" in readme, name
