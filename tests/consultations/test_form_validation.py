"""The “about you” fields: what each accepts, and what it says when it refuses."""

import pytest

from consultations.choices import Province
from consultations.forms import ConsultationRequestForm
from tests.consultations.conftest import assert_refused, errors_for, valid_form

pytestmark = pytest.mark.django_db


def test_a_complete_form_is_valid():
    assert errors_for() == {}


def test_the_form_collects_nothing_beyond_what_the_issue_lists():
    assert set(ConsultationRequestForm().fields) == {
        "full_name",
        "preferred_name",
        "email",
        "phone",
        "contact_method",
        "contact_times",
        "voicemail_ok",
        "province",
        "is_adult",
        "help_wanted",
        "referred_by_clinician",
        "referrer_name",
        "referrer_contact",
        "message",
        "heard_from",
        "consent",
        "website",
        "form_token",
    }


# --- Names ---


def test_it_requires_a_full_name(submit):
    assert_refused(submit(full_name="   "), "full_name", "Enter your full name.")


def test_it_rejects_a_full_name_over_150_characters(submit):
    assert_refused(
        submit(full_name="A" * 151), "full_name", "Your name must be 150 characters or fewer."
    )


def test_it_accepts_names_with_accents_apostrophes_and_hyphens():
    assert errors_for(full_name="Zoë O’Neil-Bérubé", preferred_name="Zo") == {}


def test_it_rejects_markup_in_a_name(submit):
    assert_refused(
        submit(full_name="<script>alert(1)</script>"), "full_name", "Names can’t contain < or >."
    )


def test_it_rejects_a_name_without_letters():
    assert errors_for(full_name="12345")["full_name"] == ["Enter a name using letters."]


def test_the_preferred_name_is_optional():
    assert errors_for(preferred_name="") == {}


def test_it_rejects_an_over_long_preferred_name():
    assert errors_for(preferred_name="B" * 81)["preferred_name"] == [
        "Your preferred name must be 80 characters or fewer."
    ]


# --- Email and phone ---


@pytest.mark.parametrize(
    "email", ["alex", "alex@", "@example.com", "alex@example", "a b@example.com"]
)
def test_it_rejects_an_email_address_that_is_not_one(submit, email):
    assert_refused(submit(email=email), "email", "Enter an email address like name@example.com.")


def test_it_requires_an_email_address():
    assert errors_for(email="")["email"] == ["Enter your email address."]


def test_it_rejects_an_email_address_over_254_characters():
    errors = errors_for(email="a" * 250 + "@example.com")["email"]
    assert "Your email address must be 254 characters or fewer." in errors


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("613-555-0142", "+16135550142"),
        ("(613) 555-0142", "+16135550142"),
        ("613.555.0142", "+16135550142"),
        ("6135550142", "+16135550142"),
        ("+1 613 555 0142", "+16135550142"),
        ("1-613-555-0142", "+16135550142"),
        ("613-555-0142 ext. 204", "+16135550142;ext=204"),
        ("613 555 0142 x7", "+16135550142;ext=7"),
    ],
)
def test_it_accepts_north_american_phone_numbers_and_normalises_them(typed, stored):
    form = ConsultationRequestForm(valid_form(phone=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


@pytest.mark.parametrize(
    "phone",
    [
        "555-0142",
        "613-555-014",
        "+44 20 7946 0958",
        "113-555-0142",
        "613-055-0142",
        "call me",
        "1" * 30,
    ],
)
def test_it_rejects_phone_numbers_that_are_not_ten_digit_north_american(submit, phone):
    assert_refused(
        submit(phone=phone),
        "phone",
        "Enter a 10-digit phone number like 613-555-0100, with +1 in front if you like.",
    )


def test_it_requires_a_phone_number():
    assert errors_for(phone="")["phone"] == ["Enter your phone number."]


# --- Choices ---


def test_it_requires_a_contact_method(submit):
    assert_refused(
        submit(contact_method=None),
        "contact_method",
        "Choose whether we should contact you by email or by phone.",
    )


def test_it_rejects_a_contact_method_that_is_not_offered():
    assert errors_for(contact_method="fax")["contact_method"] == ["Choose email or phone."]


def test_it_requires_at_least_one_time_to_call_from_someone_who_chose_phone(submit):
    assert_refused(
        submit(contact_method="phone", contact_times=None),
        "contact_times",
        "Choose at least one time when we can call you, or choose email above.",
    )


def test_it_asks_no_times_of_someone_who_chose_email_and_keeps_none_they_ticked(submit):
    assert errors_for(contact_method="email", contact_times=None) == {}
    form = ConsultationRequestForm(valid_form(contact_method="email"))
    assert form.is_valid()
    assert form.cleaned_data["contact_times"] == []


def test_it_accepts_several_contact_times():
    form = ConsultationRequestForm(
        valid_form(
            contact_times=["weekday_morning", "weekday_afternoon", "weekday_evening", "weekend"]
        )
    )
    assert form.is_valid()
    assert len(form.cleaned_data["contact_times"]) == 4


def test_it_rejects_a_contact_time_that_is_not_offered():
    assert errors_for(contact_times=["weekend", "midnight"])["contact_times"] == [
        "Choose times from the list shown."
    ]


@pytest.mark.parametrize("code", Province.values)
def test_it_accepts_each_of_the_thirteen_provinces_and_territories(code):
    assert errors_for(province=code) == {}


def test_there_are_exactly_thirteen_provinces_and_territories():
    assert len(Province.values) == 13


@pytest.mark.parametrize("province", ["ZZ", "Ontario", "on", "US-NY", "Atlantis"])
def test_it_rejects_a_province_that_does_not_exist(submit, province):
    assert_refused(
        submit(province=province), "province", "Choose your province or territory from the list."
    )


def test_it_requires_a_province(submit):
    assert_refused(
        submit(province=""), "province", "Choose the province or territory where you live."
    )


def test_it_requires_confirmation_of_being_18_or_older(submit):
    response = submit(is_adult=None)
    assert_refused(
        response,
        "is_adult",
        "Confirm that you are 18 or older. Our clinic treats adults only; if you are younger, "
        "your family doctor or Kids Help Phone (1-800-668-6868) can help.",
    )
