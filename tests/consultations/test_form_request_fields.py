"""What the patient is asking for: help wanted, referral, message, source, consent."""

import pytest

from consultations.forms import ConsultationRequestForm
from tests.consultations.conftest import assert_refused, errors_for, valid_form

pytestmark = pytest.mark.django_db


def test_it_requires_at_least_one_thing_to_help_with(submit):
    assert_refused(
        submit(help_wanted=None),
        "help_wanted",
        "Choose at least one thing you would like help with, or choose “Something else”.",
    )


def test_it_rejects_help_wanted_that_is_not_offered():
    assert errors_for(help_wanted=["depression", "cancer"])["help_wanted"] == [
        "Choose from the list shown."
    ]


def test_it_accepts_every_kind_of_help_together():
    help_wanted = ["depression", "anxiety", "ptsd", "ocd", "chronic_pain", "other"]
    assert errors_for(help_wanted=help_wanted) == {}


# --- Referral ---


def test_it_asks_whether_a_clinician_is_referring(submit):
    assert_refused(
        submit(referred_by_clinician=None),
        "referred_by_clinician",
        "Tell us whether a clinician is referring you. Choose “No” if you are contacting us yourself.",
    )


def test_a_referral_needs_the_clinicians_name(submit):
    assert_refused(
        submit(referred_by_clinician="yes", referrer_name=""),
        "referrer_name",
        "Enter the name of the clinician referring you, or choose “No” above.",
    )


def test_a_referral_keeps_the_clinicians_name_and_contact():
    form = ConsultationRequestForm(
        valid_form(
            referred_by_clinician="yes",
            referrer_name="Dr. Lee",
            referrer_contact="Dr Lee <lee@example.com>",
        )
    )
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["referred_by_clinician"] is True
    assert (data["referrer_name"], data["referrer_contact"]) == (
        "Dr. Lee",
        "Dr Lee <lee@example.com>",
    )


def test_without_a_referral_it_keeps_no_clinician_details():
    form = ConsultationRequestForm(
        valid_form(referred_by_clinician="no", referrer_name="Dr. Lee", referrer_contact="x")
    )
    assert form.is_valid()
    assert form.cleaned_data["referrer_name"] == form.cleaned_data["referrer_contact"] == ""


# --- Message, how they heard, consent ---


def test_the_message_is_optional():
    assert errors_for(message="") == {}


def test_it_accepts_a_message_of_exactly_2000_characters():
    assert errors_for(message="a" * 2000) == {}


def test_it_rejects_a_message_over_2000_characters(submit):
    assert_refused(
        submit(message="a" * 2001), "message", "Your message must be 2,000 characters or fewer."
    )


def test_line_breaks_count_as_one_character_as_the_browser_counts_them():
    form = ConsultationRequestForm(valid_form(message="a\r\n" * 666 + "ab"))  # 2,000 once CRLF → LF
    assert form.is_valid(), form.errors
    assert "\r" not in form.cleaned_data["message"]


def test_the_message_keeps_line_breaks_and_tabs():
    form = ConsultationRequestForm(valid_form(message="First line\n\tSecond line"))
    assert form.is_valid()
    assert form.cleaned_data["message"] == "First line\n\tSecond line"


def test_how_they_heard_of_us_is_optional():
    assert errors_for(heard_from="") == {}


def test_it_rejects_a_source_that_is_not_offered():
    assert errors_for(heard_from="billboard")["heard_from"] == [
        "Choose from the list, or leave it blank."
    ]


def test_it_requires_consent(submit):
    assert_refused(
        submit(consent=None),
        "consent",
        "Tick the box to agree to be contacted and to our privacy notice. We cannot reply without your agreement.",
    )


def test_the_consent_box_is_unticked_and_links_to_the_privacy_notice(client):
    html = client.get("/consultations/request/").content.decode()
    consent_input = html[html.index('name="consent"') - 30 : html.index('id="id_consent"')]
    assert "checked" not in consent_input
    assert '<a href="/privacy/">privacy notice</a>' in html
