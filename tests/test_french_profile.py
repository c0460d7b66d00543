"""The clinic's facts in French (content/fr/clinic.yml): the same facts as the English profile in
French words, shown on French pages; refused by the check when a fact differs; and the English
profile on French pages for a clinic that has no French file."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings as live_settings
from django.utils import translation

from clinic_site import offer
from clinic_site.checks import check_profile
from clinic_site.profile import Fee, get_profile

SHIPPED = Path(live_settings.CLINIC_PROFILE)
SHIPPED_FRENCH = SHIPPED.parent / "fr" / SHIPPED.name


@pytest.fixture
def profiles(tmp_path, settings):
    """Copies of the shipped English and French profiles that a test may change."""
    english = tmp_path / "clinic.yml"
    shutil.copy(SHIPPED, english)
    (tmp_path / "fr").mkdir()
    french = tmp_path / "fr" / "clinic.yml"
    shutil.copy(SHIPPED_FRENCH, french)
    settings.CLINIC_PROFILE = english
    return english, french


def change(path: Path, **changes):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_shipped_profiles_agree():
    assert check_profile() == []
    assert get_profile("fr").reply_time == "deux jours ouvrables"
    assert get_profile("en").reply_time == "two business days"


def test_french_pages_and_the_french_form_use_the_french_profile(client):
    page = client.get("/fr/our-clinic/").content.decode()
    assert "deux jours ouvrables" in page and "Perfusions de kétamine" in page
    assert "two business days" not in page
    with translation.override("fr"):
        assert ("depression", "Dépression") in offer.condition_choices()
        assert "deux jours ouvrables" in offer.reply_promise()
    assert ("depression", "Depression") in offer.condition_choices()


def test_a_french_profile_that_gives_other_facts_is_refused(profiles):
    english, french = profiles
    data = yaml.safe_load(french.read_text(encoding="utf-8"))
    data["fees"]["items"][0]["price"] = 199
    data["conditions"] = data["conditions"][1:]
    french.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    messages = sorted(m.msg for m in check_profile())
    assert messages == [
        f"{french}: conditions: differs from the English profile (only the words may be "
        "translated)",
        f"{french}: fees: differs from the English profile (only the words may be translated)",
    ]


def test_a_broken_french_profile_is_refused_by_field(profiles):
    english, french = profiles
    change(french, reply_time="")
    assert [m.msg for m in check_profile()] == [f"{french}: reply_time: must be some text"]


def test_without_a_french_file_french_pages_show_the_english_profile(profiles):
    english, french = profiles
    french.unlink()
    assert check_profile() == []
    assert get_profile("fr").reply_time == "two business days"


def test_amounts_are_written_as_each_language_writes_them():
    fee = Fee("Session", 1200, 12500, "")
    assert fee.amount == "1,200–12,500"
    with translation.override("fr"):
        assert fee.amount == "1\u202f200–12\u202f500"
