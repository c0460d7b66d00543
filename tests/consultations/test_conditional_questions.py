"""A form that asks only what it needs: the conditions this clinic treats, questions that follow
from an earlier answer, and whether a voicemail or a call showing our name is all right."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertContains

from consultations import neutral, services
from consultations.export import requests_to_csv
from consultations.forms import ConsultationRequestForm
from consultations.models import ConsultationRequest
from tests.consultations.conftest import (
    FORM_URL,
    assert_refused,
    change_url,
    errors_for,
    valid_form,
)

pytestmark = pytest.mark.django_db

VOICEMAIL_MISSING = "Choose whether we may leave a voicemail and show our name."


def wrapper(html: str, block_id: str) -> str:
    start = html.index(f'id="{block_id}"')
    return html[html.rindex("<div", 0, start) : html.index('<div class="field"', start + 200)]


# --- What would you like help with: the clinic's own list ---


def test_the_form_offers_the_conditions_the_profile_lists_with_other_last(client, clinic_profile):
    clinic_profile(
        conditions=[
            {"code": "other", "label": "Something else"},
            {"code": "insomnia", "label": "Sleep problems"},
            {"code": "depression", "label": "Low mood or depression"},
        ]
    )
    html = client.get(FORM_URL).content.decode()
    offered = re.findall(r'name="help_wanted" value="([a-z_]+)"', html)
    assert offered == ["insomnia", "depression", "other"]
    assert "Low mood or depression" in html and "PTSD" not in html
    assert errors_for(help_wanted=["insomnia"]) == {}
    assert errors_for(help_wanted=["ptsd"])["help_wanted"] == ["Choose from the list shown."]


@pytest.mark.parametrize(
    "answer", [["cancer"], ["depression", "depression"], ["DEPRESSION"], ["x" * 10_000], [""]]
)
def test_an_unknown_condition_code_is_refused_at_its_question(submit, answer):
    response = submit(help_wanted=answer)
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0
    assert "Choose from the list shown." in response.content.decode()


def test_the_model_refuses_a_condition_the_profile_does_not_offer(make_request, clinic_profile):
    clinic_profile(conditions=[{"code": "other", "label": "Something else"}])
    with pytest.raises(ValidationError) as refused:
        make_request(help_wanted=["anxiety"])
    assert "help_wanted" in refused.value.message_dict


def test_an_old_request_shows_a_condition_the_profile_no_longer_lists_as_its_code(
    make_request, clinic_profile
):
    item = make_request(help_wanted=["anxiety", "ocd"])
    clinic_profile(conditions=[{"code": "ocd", "label": "OCD"}, {"code": "other", "label": "Else"}])
    assert item.help_wanted_display == "anxiety, OCD"


def test_without_a_readable_profile_the_form_still_works_offering_something_else(
    client, clinic_profile
):
    clinic_profile(conditions="depression")
    html = client.get(FORM_URL).content.decode()
    assert re.findall(r'name="help_wanted" value="([a-z_]+)"', html) == ["other"]
    assert "We will contact you <strong>as soon as we can</strong>" in html
    response = client.post(FORM_URL, valid_form(help_wanted=["other"]))
    assert response.status_code == 302
    assert ConsultationRequest.objects.get().help_wanted == ["other"]


# --- Best times to call: only after "phone" ---


def test_without_javascript_the_conditional_questions_show_marked_as_optional(client):
    html = client.get(FORM_URL).content.decode()
    times = wrapper(html, "if-phone")
    assert 'data-shown-when="contact_method=phone"' in times and "hidden" not in times
    assert "When is it best to call you? (if you chose phone)" in times
    assert 'class="required"' not in times  # no asterisk: not always needed
    referrer = wrapper(html, "if-referred")
    assert 'data-shown-when="referred_by_clinician=yes"' in referrer
    assert "Referring clinician’s name (if yes)" in referrer
    assert 'class="required"' not in referrer
    assert 'src="/static/js/conditional-questions.js" defer' in html


def test_someone_who_chose_phone_without_times_is_asked_for_them(submit):
    assert_refused(
        submit(contact_method="phone", contact_times=[]),
        "contact_times",
        "Choose at least one time when we can call you, or choose email above.",
    )


def test_times_ticked_before_switching_to_email_are_not_kept(submit):
    assert submit(contact_method="email", contact_times=["weekend"]).status_code == 302
    assert ConsultationRequest.objects.get().contact_times == []


@pytest.mark.parametrize("method", ["email", "phone"])
def test_a_time_that_is_not_offered_is_refused_whatever_the_method(submit, method):
    response = submit(contact_method=method, contact_times=["midnight<script>"])
    assert response.status_code == 200 and ConsultationRequest.objects.count() == 0
    assertContains(response, "Choose times from the list shown.", count=2)


# --- The referring clinician: only after "yes" ---


def test_a_clinician_referral_is_stored_with_the_clinicians_details(submit):
    response = submit(
        referred_by_clinician="yes", referrer_name="Dr. Lee", referrer_contact="613-555-0199"
    )
    assert response.status_code == 302
    item = ConsultationRequest.objects.get()
    assert item.referred_by_clinician is True
    assert (item.referrer_name, item.referrer_contact) == ("Dr. Lee", "613-555-0199")


def test_a_self_referral_keeps_no_clinician_details_typed_before_choosing_no(submit):
    submit(referred_by_clinician="no", referrer_name="Dr. Lee", referrer_contact="x")
    item = ConsultationRequest.objects.get()
    assert (item.referrer_name, item.referrer_contact) == ("", "")


# --- Voicemail and caller ID ---


def test_it_asks_whether_a_voicemail_or_our_name_on_the_call_is_all_right(submit):
    assert_refused(submit(voicemail_ok=None), "voicemail_ok", VOICEMAIL_MISSING)


@pytest.mark.parametrize(("answer", "stored"), [("yes", True), ("no", False)])
def test_the_voicemail_answer_is_stored(submit, answer, stored):
    assert submit(voicemail_ok=answer).status_code == 302
    assert ConsultationRequest.objects.get().voicemail_ok is stored


@pytest.mark.parametrize("answer", ["maybe", "True", "1", "yes\x00", "<b>yes</b>", "y" * 5000])
def test_any_other_voicemail_answer_is_refused_clearly(submit, answer):
    response = submit(voicemail_ok=answer)
    assert response.status_code == 200 and ConsultationRequest.objects.count() == 0
    assertContains(response, "Choose “Yes” or “No”.", count=2)


def test_two_voicemail_answers_at_once_are_refused(submit):
    response = submit(voicemail_ok=["yes", "no"])
    assert response.status_code == 200 and ConsultationRequest.objects.count() == 0
    assertContains(response, "Enter one answer here, not several.")


def test_staff_see_the_voicemail_answer_on_the_request(coordinator_client, make_request):
    item = make_request(voicemail_ok=False)
    assertContains(
        coordinator_client.get(change_url(item)), "No: leave no voicemail, hide our name"
    )
    referral = make_request()  # sent before the question, or by a clinician: not asked
    assertContains(coordinator_client.get(change_url(referral)), "Not asked")


def test_the_csv_export_carries_the_voicemail_answer(make_request):
    items = [make_request(voicemail_ok=True), make_request(voicemail_ok=None)]
    rows = list(csv.DictReader(io.StringIO(requests_to_csv(items))))
    assert rows[0]["Voicemail or caller ID"] == "Yes: a voicemail and our name on the call are fine"
    assert rows[1]["Voicemail or caller ID"].startswith("Not asked")


def test_a_withdrawal_erases_the_voicemail_answer(make_request):
    item = make_request(voicemail_ok=True)
    services.consultation_request_withdraw(consultation_request=item)
    item.refresh_from_db()
    assert item.voicemail_ok is None


def test_the_form_lists_the_voicemail_question_after_how_to_contact(client):
    form = ConsultationRequestForm()
    names = list(form.fields)
    assert names.index("contact_method") < names.index("voicemail_ok") < names.index("province")


def test_a_condition_only_the_profile_names_is_kept_out_of_appointment_notes(clinic_profile):
    assert neutral.health_words_in("Bring your insomnia diary.") == []
    clinic_profile(
        conditions=[{"code": "insomnia", "label": "Insomnia"}, {"code": "other", "label": "Else"}]
    )
    assert neutral.health_words_in("Bring your Insomnia diary.") == ["insomnia"]
    with pytest.raises(ValidationError, match="remove “insomnia”"):
        neutral.NothingClinical()("Bring your insomnia diary.")
