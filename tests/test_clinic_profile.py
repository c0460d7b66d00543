"""The clinic profile (content/clinic.yml): every fact read and checked, every mistake named."""

import copy
import os
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from clinic_site import profile
from clinic_site.checks import check_profile, check_profile_is_the_clinics_own

SHIPPED = Path(__file__).parents[1] / "content" / "clinic.yml"


@pytest.fixture
def shipped() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def problems(data) -> list[str]:
    with pytest.raises(profile.ProfileError) as refused:
        profile.parse(data)
    return refused.value.problems


def test_the_shipped_profile_is_complete_and_says_it_is_an_example(shipped):
    clinic = profile.parse(shipped)
    assert clinic.example is True
    assert clinic.reply_time == "two business days"
    assert clinic.fee_range == "CAD 250–900"
    assert [fee.amount for fee in clinic.fees] == ["250", "500–700", "600–900"]
    assert clinic.referral_needed is False
    assert [c.code for c in clinic.conditions][-1] == "other"
    assert clinic.condition_label("ptsd") == "PTSD (post-traumatic stress)"
    assert clinic.condition_label("retired_code") == "retired_code"  # an old request's answer
    director = clinic.team[0]
    assert (director.role, director.registration) == ("Medical director", "000000")
    assert all("  " not in t.description for t in clinic.treatments)  # folded text, one space


def edited(data: dict, path: str, value):
    """`data` with the field at `path` ("fees.items.0.price") set to `value` (or removed)."""
    data = copy.deepcopy(data)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    last = int(last) if last.isdigit() else last
    if value is REMOVED:
        del target[last]
    else:
        target[last] = value
    return data


REMOVED = object()


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        ("reply_time", REMOVED, "reply_time: must be some text"),
        ("reply_time", "   ", "reply_time: must be some text"),
        ("urgent_reply", 3, "urgent_reply: must be some text"),
        ("example", "yes", "example: must be true or false"),
        (
            "hours.0.opens",
            "8:30",
            'hours[1].opens: must be a 24-hour time in quotes, such as "08:30"',
        ),
        ("hours.0.opens", 510, "hours[1].opens: must be a 24-hour time"),
        ("hours.0.closes", "07:00", "hours[1].closes: must be later than opens"),
        ("hours", [], "hours: must be a list with at least one entry"),
        ("hours", ["Mondays"], "hours: each entry must have named fields"),
        ("referral.needed", "no", "referral.needed: must be true or false"),
        ("referral", REMOVED, "referral.needed: must be true or false"),
        ("treatments.0.name", "", "treatments[1].name: must be some text"),
        ("conditions.0.code", "Depression!", "conditions[1].code: must be lower-case letters"),
        ("conditions.1.code", "depression", "conditions: each code may appear only once"),
        ("conditions.5.code", "something_else", 'conditions: must include "other"'),
        ("fees.currency", "USD", "fees.currency: must be CAD"),
        ("fees.items.0.price", -5, "fees.items[1].price: must be a whole number of dollars"),
        ("fees.items.0.price", "250$", "fees.items[1].price: must be a whole number of dollars"),
        ("fees.items.0.price", True, "fees.items[1].price: must be a whole number of dollars"),
        ("fees.items.1.price_to", 100, "fees.items[2].price_to: must not be lower than price_from"),
        ("fees.items.1.price_from", REMOVED, "fees.items[2].price_from: must be a whole number"),
        ("fees", "about 500", "fees: must have currency, items and coverage"),
        (
            "team.0.registration",
            REMOVED,
            "team[1].registration: give both the college and the number",
        ),
        ("team.0.name", None, "team[1].name: must be some text"),
        ("process", None, "process: must be a list with at least one entry"),
        ("refund", "typo", "refund: is not a field of the clinic profile (a typo?)"),
    ],
)
def test_each_mistake_is_named_by_its_field(shipped, path, value, named):
    found = problems(edited(shipped, path, value))
    assert any(problem.startswith(named) for problem in found), found


def test_every_mistake_is_reported_at_once(shipped):
    data = edited(edited(shipped, "reply_time", REMOVED), "fees.currency", "EUR")
    assert len(problems(data)) == 2


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("- just\n- a list\n", "must hold named fields"),
        ("reply_time: [unclosed\n", "is not valid YAML"),
        (b"\xff\xfe not utf-8", "cannot be read"),
    ],
)
def test_a_file_that_is_not_a_profile_is_refused(tmp_path, text, named):
    path = tmp_path / "clinic.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(profile.ProfileError, match=named):
        profile.load(path)


def test_a_missing_file_is_refused_by_the_check_naming_it(settings, tmp_path):
    settings.CLINIC_PROFILE = tmp_path / "nowhere.yml"
    [error] = check_profile()
    assert error.id == "clinic.E001" and "nowhere.yml: cannot be read" in error.msg


def test_manage_check_refuses_a_broken_profile(settings, tmp_path, shipped):
    path = tmp_path / "clinic.yml"
    path.write_text(yaml.safe_dump(edited(shipped, "hours.0.closes", "07:00")), encoding="utf-8")
    settings.CLINIC_PROFILE = path
    with pytest.raises(SystemCheckError, match=r"hours\[1\]\.closes: must be later than opens"):
        call_command("check")


def test_the_deploy_check_warns_only_while_the_examples_remain(settings, tmp_path, shipped):
    settings.CLINIC_PROFILE = tmp_path / "shipped.yml"
    settings.CLINIC_PROFILE.write_text(yaml.safe_dump(shipped), encoding="utf-8")
    assert [warning.id for warning in check_profile_is_the_clinics_own()] == ["clinic.W001"]
    settings.CLINIC_PROFILE = tmp_path / "own.yml"
    settings.CLINIC_PROFILE.write_text(
        yaml.safe_dump(edited(shipped, "example", REMOVED)), encoding="utf-8"
    )
    assert check_profile_is_the_clinics_own() == []


def rewrite(path, data, stamp: int) -> None:
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))  # a new version, whatever the clock's resolution


def test_in_debug_an_edited_file_is_read_again(settings, tmp_path, shipped):
    settings.DEBUG = True
    path = settings.CLINIC_PROFILE = tmp_path / "clinic.yml"
    rewrite(path, shipped, 1)
    assert profile.get_profile().reply_time == "two business days"
    rewrite(path, edited(shipped, "reply_time", "one business day"), 2)
    assert profile.get_profile().reply_time == "one business day"


def test_in_production_the_file_is_read_once_like_the_articles(settings, tmp_path, shipped):
    """The pages built from it are kept finished; a restart reads it again, after the check."""
    path = settings.CLINIC_PROFILE = tmp_path / "clinic.yml"
    rewrite(path, shipped, 1)
    assert profile.get_profile().reply_time == "two business days"
    rewrite(path, edited(shipped, "reply_time", "one business day"), 2)
    assert profile.get_profile().reply_time == "two business days"
