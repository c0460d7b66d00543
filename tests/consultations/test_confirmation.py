"""The confirmation page and the acknowledgement say what will happen for this request: a call
or an email as the person chose, within the clinic profile's reply time, or, for a request with
risk words, the clinic's same-day promise and its opening hours; never "two business days"."""

import pytest

from consultations import emails
from consultations.models import ConsultationRequest
from tests.consultations.conftest import RECEIVED_URL

pytestmark = pytest.mark.django_db

URGENT = "I have a plan to kill myself this weekend."
POSSIBLE = "Some days I can't see the point of going on."


def confirmation(client, submit, **answers) -> str:
    assert submit(**answers).status_code == 302
    html = client.get(RECEIVED_URL).content.decode()
    return " ".join(html[html.index("<main") : html.index("</main>")].split())


def test_phone_says_we_will_call_within_the_reply_time(client, submit):
    page = confirmation(client, submit, contact_method="phone")
    assert "We will call you within two business days, at one of the times you chose" in page
    assert "We will email you" not in page


def test_email_says_we_will_email_within_the_reply_time(client, submit):
    page = confirmation(client, submit, contact_method="email", contact_times=None)
    assert "We will email you within two business days." in page
    assert "We will call you" not in page


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("yes", "we will leave a short voicemail that says nothing about your health"),
        ("no", "we will not leave a voicemail, and our call will not show the clinic’s name"),
    ],
)
def test_a_phone_confirmation_follows_the_voicemail_answer(client, submit, answer, said):
    assert said in confirmation(client, submit, contact_method="phone", voicemail_ok=answer)


@pytest.mark.parametrize("message", [URGENT, POSSIBLE])
def test_a_request_with_risk_words_gets_the_same_day_promise_and_the_hours(client, submit, message):
    page = confirmation(client, submit, contact_method="phone", message=message)
    assert "We will call you <strong>the same business day, during opening hours</strong>." in page
    assert "Monday to Friday: 08:30 to 17:00" in page and "Saturday: 09:00 to 13:00" in page
    assert "two business days" not in page
    assert page.index("If you need help now") < page.index("same business day")


def test_an_urgent_request_by_email_is_told_we_may_also_call(client, submit):
    page = confirmation(client, submit, contact_method="email", contact_times=None, message=URGENT)
    assert "We will email you <strong>the same business day" in page
    assert "We may also call you, to reach you sooner." in page
    assert "two business days" not in page


def test_the_reply_time_comes_from_the_clinic_profile(client, submit, clinic_profile):
    clinic_profile(reply_time="three business days")
    assert "We will call you within three business days" in confirmation(client, submit)


def test_the_same_day_promise_comes_from_the_clinic_profile(client, submit, clinic_profile):
    clinic_profile(urgent_reply="within four hours")
    urgent = confirmation(client, submit, message=URGENT)
    assert "We will call you <strong>within four hours</strong>." in urgent


def test_a_broken_profile_still_confirms_the_request_without_promising_a_time(
    client, submit, clinic_profile
):
    clinic_profile(hours="all day")
    page = confirmation(client, submit, message=URGENT, help_wanted=["other"])
    assert "We will call you <strong>as soon as we can</strong>." in page
    assert "Our team reads requests while the clinic is open" not in page


def acknowledgement(submit, **answers) -> str:
    submit(**answers)
    return emails.patient_acknowledgement(ConsultationRequest.objects.get()).body


def test_the_acknowledgement_says_call_or_email_as_chosen(submit):
    assert "will call you within two business days." in acknowledgement(submit)


def test_the_acknowledgement_by_email(submit):
    body = acknowledgement(submit, contact_method="email", contact_times=None)
    assert "will email you within two business days." in body


def test_the_acknowledgement_of_an_urgent_request_promises_the_same_day(submit):
    body = acknowledgement(submit, message=URGENT)
    assert "will call you the same business day, during opening hours." in body
    assert "two business days" not in body
    assert "kill" not in body and "plan" not in body  # never what they wrote


def test_the_acknowledgement_quotes_the_profiles_reply_time(submit, clinic_profile):
    clinic_profile(reply_time="one business day")
    assert "will call you within one business day." in acknowledgement(submit)
