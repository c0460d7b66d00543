"""Hostile or broken input: always a clear error, nothing saved, never a 500."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from consultations.models import ConsultationRequest
from tests.consultations.conftest import FORM_URL, valid_form

pytestmark = pytest.mark.django_db

TEXT_FIELDS = [
    "full_name",
    "preferred_name",
    "email",
    "phone",
    "referrer_name",
    "referrer_contact",
    "message",
]
CONTROL_MESSAGE = "Remove the invisible control characters."


def refused(response) -> str:
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0
    html = response.content.decode()
    assert "There is a problem" in html
    return html


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_a_nul_byte_in_any_text_field_is_refused_with_a_clear_message(submit, field):
    overrides = {field: "Alex\x00Tremblay"}
    if field.startswith("referrer"):
        overrides["referred_by_clinician"] = "yes"
        overrides.setdefault("referrer_name", "Dr. Lee")
    html = refused(submit(**overrides))
    if field in ("email", "phone"):
        return  # those answer with their own format message, which is just as clear
    assert CONTROL_MESSAGE in html


@pytest.mark.parametrize("character", ["\x07", "\x1b[31m", "\x7f", "\u202e", "\x0b"])
def test_control_characters_in_a_name_are_refused(submit, character):
    assert CONTROL_MESSAGE in refused(submit(full_name=f"Alex{character}Tremblay"))


def test_control_characters_in_the_message_are_refused_but_line_breaks_are_not(submit):
    assert CONTROL_MESSAGE in refused(submit(message="Hello\x1bworld"))


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_a_10000_character_value_in_any_text_field_is_refused(submit, field):
    overrides = {field: "a" * 10_000}
    if field.startswith("referrer"):
        overrides.update(
            referred_by_clinician="yes", referrer_name=overrides.get("referrer_name", "Dr. Lee")
        )
    html = refused(submit(**overrides))
    assert "characters or fewer" in html or "like 613-555-0100" in html


def test_an_enormous_list_of_choices_is_refused(submit):
    refused(submit(help_wanted=["depression"] * 5 + ["x" * 10_000]))


@pytest.mark.parametrize("field", ["full_name", "email", "province", "contact_method", "consent"])
def test_a_list_where_one_value_is_expected_is_refused(client, field):
    data = valid_form()
    data[field] = [data[field], data[field]]
    html = refused(client.post(FORM_URL, data))
    assert "Enter one answer here, not several." in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("province", "XX"),
        ("province", "<script>"),
        ("contact_method", "carrier pigeon"),
        ("contact_times", ["weekend", "never"]),
        ("help_wanted", ["cancer"]),
        ("referred_by_clinician", "maybe"),
        ("heard_from", "../../etc/passwd"),
    ],
)
def test_an_unknown_choice_value_is_refused(submit, field, value):
    refused(submit(**{field: value}))


def test_markup_in_a_name_is_refused_and_never_echoed_as_markup(submit):
    html = refused(submit(full_name='"><script>alert(1)</script>'))
    assert "<script>alert(1)</script>" not in html
    assert escape('"><script>alert(1)</script>') in html


def test_markup_in_the_message_is_kept_as_text_and_escaped_when_shown(submit, client):
    response = submit(message="<img src=x onerror=alert(1)> feeling <3 today")
    assert response.status_code == 302
    assert (
        ConsultationRequest.objects.get().message == "<img src=x onerror=alert(1)> feeling <3 today"
    )


def test_a_json_body_is_answered_with_the_form_and_its_errors(client):
    response = client.post(FORM_URL, json.dumps(valid_form()), content_type="application/json")
    refused(response)


def test_an_empty_post_is_answered_with_the_form_and_its_errors(client):
    refused(client.post(FORM_URL, {}))


def test_an_absurdly_long_form_token_is_treated_as_a_forged_one(submit):
    response = submit(form_token="x" * 10_000)
    assert response.status_code == 200, "the form comes back, to be sent again"
    assert "We could not accept the form as it was sent." in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_other_methods_are_not_allowed(client):
    assert client.put(FORM_URL, {}).status_code == 405
    assert client.delete(FORM_URL).status_code == 405
    assert ConsultationRequest.objects.count() == 0


def test_the_model_refuses_what_the_form_refuses_even_if_the_form_is_bypassed(make_request):
    with pytest.raises(ValidationError) as error:
        make_request(full_name="x\x00y", province="ZZ", help_wanted=["cancer"], phone="12")
    assert set(error.value.message_dict) == {"full_name", "province", "help_wanted", "phone"}
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.parametrize("missing", ["consent", "is_adult"])
def test_the_service_refuses_a_request_without_consent_or_age_confirmation(make_request, missing):
    with pytest.raises(ValidationError) as error:
        make_request(**{missing: False})
    assert list(error.value.message_dict) == [missing]
    assert ConsultationRequest.objects.count() == 0
