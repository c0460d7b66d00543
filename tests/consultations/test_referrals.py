"""A clinician refers a patient at /consultations/refer/: the same protections as the patient's
form, a request marked as a referral for staff, and two neutral acknowledgements."""

import re
import time

import pytest
from django.core import mail
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from consultations import formtoken
from consultations.choices import EmailKind, Source, SpamReason, Status
from consultations.models import ConsultationRequest
from consultations.urgency import Risk
from tests.consultations.conftest import change_url, changelist_url
from tests.worker import drain

pytestmark = pytest.mark.django_db

REFER_URL = "/consultations/refer/"
RECEIVED_URL = "/consultations/refer/received/"
CLINICIAN = "dr.lee@familyhealth.example.ca"
PATIENT = "riley@example.com"
MESSAGE = "Treatment-resistant depression; two SSRIs and an SNRI without response."


def referral(**overrides) -> dict:
    """What a clinician filling the form sends; `None` leaves a field out."""
    data = {
        "referrer_name": "Dr. Morgan Lee",
        "referrer_profession": "family_physician",
        "referrer_registration": "CPSO 123456",
        "referrer_email": CLINICIAN,
        "referrer_phone": "613 555 0177",
        "full_name": "Riley Okafor",
        "email": PATIENT,
        "phone": "(613) 555-0142",
        "contact_method": "phone",
        "province": "ON",
        "is_adult": "on",
        "help_wanted": ["depression"],
        "message": MESSAGE,
        "consent": "on",
        "website": "",
        "form_token": formtoken.issue(now=time.time() - 120),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def refer(client):
    def post(**overrides):
        return client.post(REFER_URL, referral(**overrides))

    return post


def test_the_referral_form_explains_itself_and_is_never_cached(client):
    page = client.get(REFER_URL)
    assertContains(page, "<h1>Refer a patient</h1>", html=False)
    assertContains(page, "This form is not for emergencies")
    assertContains(page, "<strong>within two business days</strong>")
    assertContains(page, 'href="/consultations/request/"')
    assert "no-store" in page["Cache-Control"]


def test_the_clinicians_fields_carry_their_purpose_and_the_patients_are_off(client):
    html = client.get(REFER_URL).content.decode()

    def attrs(name):
        return re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', html).group(0)

    assert 'autocomplete="name"' in attrs("referrer_name")
    assert 'autocomplete="work email"' in attrs("referrer_email")
    assert 'autocomplete="work tel"' in attrs("referrer_phone") and 'type="tel"' in attrs(
        "referrer_phone"
    )
    for patient_field in ("full_name", "email", "phone"):
        assert 'autocomplete="off"' in attrs(patient_field), patient_field
    for name in ("referrer_name", "referrer_registration", "full_name", "email", "phone"):
        assert f'for="id_{name}"' in html, name
    assert 'aria-describedby="id_referrer_registration_helptext"' in attrs("referrer_registration")


def test_a_referral_is_stored_as_one_with_the_clinician_and_the_patients_agreement(refer, settings):
    response = refer()
    assert response.status_code == 302 and response["Location"] == RECEIVED_URL
    item = ConsultationRequest.objects.get()
    assert (item.source, item.referred_by_clinician, item.is_referral) == (
        Source.REFERRAL,
        True,
        True,
    )
    assert (item.referrer_name, item.referrer_profession, item.referrer_registration) == (
        "Dr. Morgan Lee",
        "family_physician",
        "CPSO 123456",
    )
    assert (item.referrer_email, item.referrer_phone) == (CLINICIAN, "+16135550177")
    assert (item.full_name, item.email, item.phone) == ("Riley Okafor", PATIENT, "+16135550142")
    assert item.contact_times == [] and item.help_wanted == ["depression"]
    assert item.consent_given_at and item.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION
    assert item.status == Status.NEW


def test_the_confirmation_shows_the_reference_once(refer, client):
    refer()
    item = ConsultationRequest.objects.get()
    page = client.get(RECEIVED_URL)
    assertContains(page, "We received your referral")
    assertContains(page, item.reference)
    assertNotContains(client.get(RECEIVED_URL), item.reference)


def test_the_confirmation_without_a_referral_sends_people_to_the_form(client):
    assert client.get(RECEIVED_URL)["Location"] == REFER_URL


def test_the_patient_the_clinician_and_the_clinic_each_get_their_own_email(refer, smtp, settings):
    refer()
    item = ConsultationRequest.objects.get()
    assert set(item.emails.values_list("kind", flat=True)) == {
        EmailKind.ACKNOWLEDGEMENT,
        EmailKind.CLINIC_ALERT,
        EmailKind.REFERRER_ACKNOWLEDGEMENT,
    }
    drain()
    (patient,) = smtp.to(PATIENT)
    (clinician,) = smtp.to(CLINICIAN)
    (clinic,) = smtp.to(settings.CLINIC_NOTIFY_EMAIL)
    assert patient.subject == f"We received your request ({item.reference})"
    assert "Your clinician asked us to contact you." in patient.text()
    assert clinician.subject == f"We received your referral ({item.reference})"
    assert "contact the patient within two business days" in clinician.text()
    assert clinic.subject == f"New referral {item.reference}"
    for received in (patient, clinician):
        text = received.text()
        for private in (
            "Riley",
            "Okafor",
            "depression",
            "Depression",
            "SSRI",
            "Morgan",
            "ketamine",
        ):
            assert private not in text, (private, received.subject)
        assert "0142" not in text and "CPSO" not in text


def test_acknowledgements_to_one_clinician_are_limited_but_looser_than_a_patients(client, settings):
    settings.CONSULTATION_REFERRAL_ACKNOWLEDGEMENT_LIMIT = (2, 86400)
    for number in range(3):
        response = client.post(REFER_URL, referral(email=f"patient{number}@example.com"))
        assert response.status_code == 302
    states = ConsultationRequest.objects.order_by("pk").values_list("emails__state", flat=True)
    referrer_states = list(
        ConsultationRequest.objects.order_by("pk")
        .filter(emails__kind=EmailKind.REFERRER_ACKNOWLEDGEMENT)
        .values_list("emails__state", flat=True)
    )
    assert referrer_states == ["queued", "queued", "throttled"]
    assert "throttled" in list(states)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"referrer_name": ""}, "referrer_name", "Enter your full name."),
        ({"referrer_profession": ""}, "referrer_profession", "Choose your profession."),
        ({"referrer_profession": "wizard"}, "referrer_profession", "Choose your profession from"),
        ({"referrer_registration": ""}, "referrer_registration", "Enter your registration or"),
        ({"referrer_email": "lee@"}, "referrer_email", "Enter an email address like"),
        ({"referrer_phone": "12"}, "referrer_phone", "Enter a 10-digit phone number"),
        ({"full_name": ""}, "full_name", "Enter the patient’s full name."),
        ({"email": None}, "email", "Enter the patient’s email address."),
        ({"phone": ""}, "phone", "Enter the patient’s phone number."),
        ({"contact_method": None}, "contact_method", "Choose whether we should contact the"),
        ({"province": ""}, "province", "Choose the province or territory where the patient"),
        ({"is_adult": None}, "is_adult", "Confirm that the patient is 18 or older."),
        ({"help_wanted": None}, "help_wanted", "Choose at least one reason for the referral"),
        ({"consent": None}, "consent", "Confirm that the patient agreed to be referred"),
        ({"message": "x" * 2001}, "message", "The note must be 2,000 characters or fewer."),
        ({"referrer_registration": "CPSO\x00"}, "referrer_registration", ""),
    ],
)
def test_bad_input_comes_back_with_a_summary_and_a_message_at_the_field(
    refer, changes, field, message
):
    response = refer(**changes)
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0
    html = response.content.decode()
    assert html.index('id="error-summary"') < html.index("<h1>")
    assert f'href="#id_{field}' in html
    assert 'id="id_' + field in html
    errors = response.context["form"].errors[field]
    assert message in " ".join(errors)
    if message:
        assert html.count(escape(errors[0])) == 2, "once in the summary, once at the field"
    assert 'value="Dr. Morgan Lee"' in html or field == "referrer_name", "the rest is kept"


def test_a_field_with_an_error_is_described_by_its_hint_and_its_error(refer):
    html = refer(referrer_registration="").content.decode()
    tag = re.search(r'<input[^>]*name="referrer_registration"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in tag
    assert (
        'aria-describedby="id_referrer_registration_helptext id_referrer_registration_error"' in tag
    )


def test_a_filled_honeypot_is_stored_as_spam_and_sends_no_email(refer, client):
    response = refer(website="https://cheap-pills.example")
    assert response["Location"] == RECEIVED_URL
    item = ConsultationRequest.objects.get()
    assert (item.status, item.spam_reason) == (Status.SPAM, SpamReason.HONEYPOT)
    assert item.emails.count() == 0 and mail.outbox == []
    assertContains(client.get(RECEIVED_URL), item.reference)


@pytest.mark.parametrize(
    "message",
    [
        "Active suicidal ideation with a plan.",
        "She told me she plans to kill herself this weekend.",
        "He has thoughts of ending his life.",
        "Pt says she doesn't want to live anymore.",
    ],
)
def test_a_clinicians_words_about_the_patients_risk_are_flagged(refer, message):
    refer(message=message)
    assert ConsultationRequest.objects.get().risk == Risk.URGENT


def test_risk_words_are_never_treated_as_spam(refer):
    refer(website="autofilled", message="She told me she plans to kill herself this weekend.")
    item = ConsultationRequest.objects.get()
    assert (item.status, item.spam_reason, item.risk) == (
        Status.NEW,
        SpamReason.HONEYPOT,
        Risk.URGENT,
    )
    assert EmailKind.CLINIC_ALERT in set(item.emails.values_list("kind", flat=True))


def test_a_referral_sent_faster_than_a_person_could_is_spam(refer, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 5
    refer(form_token=formtoken.issue())
    assert ConsultationRequest.objects.get().spam_reason == SpamReason.TOO_FAST


@pytest.mark.parametrize("token", ["", "forged-token"], ids=["missing", "forged"])
def test_a_bad_token_brings_the_form_back_with_everything_typed(refer, token):
    response = refer(form_token=token)
    assert response.status_code == 200 and ConsultationRequest.objects.count() == 0
    html = response.content.decode()
    assert escape("press “Send the referral” again") in html
    assert 'value="Dr. Morgan Lee"' in html and 'value="CPSO 123456"' in html
    assert escape(MESSAGE) in html
    fresh = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    assert formtoken.check(fresh).is_valid


def test_an_expired_token_is_sent_back_and_then_goes_through(client):
    stale = formtoken.issue(now=time.time() - formtoken.MAX_AGE.total_seconds() - 60)
    response = client.post(REFER_URL, referral(form_token=stale))
    assertContains(response, "This form was open for a long time")
    fresh = re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)
    assert client.post(REFER_URL, referral(form_token=fresh)).status_code == 302
    assert ConsultationRequest.objects.count() == 1


def test_sending_the_same_referral_twice_stores_it_once(client):
    data = referral()
    client.post(REFER_URL, data)
    client.post(REFER_URL, data)
    assert ConsultationRequest.objects.count() == 1


def test_over_the_rate_limit_the_form_comes_back_with_everything_typed(client, settings):
    settings.CONSULTATION_RATE_LIMIT = (1, 3600)
    assert client.post(REFER_URL, referral()).status_code == 302
    response = client.post(REFER_URL, referral(email="another@example.com"))
    assert response.status_code == 429 and response["Retry-After"]
    assertContains(response, "Everything you typed is still here", status_code=429)
    assertContains(response, 'value="another@example.com"', status_code=429)
    assert ConsultationRequest.objects.count() == 1


def test_the_referral_form_and_the_patients_form_count_separately(client, settings):
    settings.CONSULTATION_RATE_LIMIT = (1, 3600)
    from tests.consultations.conftest import FORM_URL, valid_form

    assert client.post(REFER_URL, referral()).status_code == 302
    assert client.post(FORM_URL, valid_form()).status_code == 302


def test_staff_see_referrals_marked_and_can_filter_them(refer, coordinator_client, make_request):
    refer()
    referred = ConsultationRequest.objects.get()
    itself = make_request(full_name="Sam Self")
    said = make_request(full_name="Sam Said", referred_by_clinician=True, referrer_name="Dr. X")
    listed = coordinator_client.get(changelist_url())
    assertContains(listed, "Clinician referral")
    for value, expected in (("form", [referred]), ("said", [said]), ("none", [itself])):
        page = coordinator_client.get(changelist_url() + f"?referral={value}")
        assert [i.pk for i in page.context["cl"].result_list] == [i.pk for i in expected], value


def test_a_referrals_page_shows_the_clinician_and_the_patients_agreement(refer, coordinator_client):
    refer()
    item = ConsultationRequest.objects.get()
    page = coordinator_client.get(change_url(item))
    assertContains(page, "The referring clinician (read-only)")
    assertContains(page, "CPSO 123456")
    assertContains(page, "Family physician")
    assertContains(page, "613-555-0177")
    assertContains(page, "agreed to be referred")
    assertContains(page, "A clinician (referral form)")


def test_a_withdrawal_erases_the_clinicians_details_too(refer, client):
    from consultations import links

    refer()
    item = ConsultationRequest.objects.get()
    client.post(links.your_request_path(item) + "withdraw/")
    item.refresh_from_db()
    assert (item.referrer_name, item.referrer_email, item.referrer_registration) == ("", "", "")
    assert (item.referrer_profession, item.referrer_phone) == ("", "")


def test_each_load_of_the_referral_form_carries_a_fresh_token(client):
    tokens = [
        re.search(r'name="form_token" value="([^"]+)"', client.get(REFER_URL).content.decode())[1]
        for _ in range(2)
    ]
    assert tokens[0] != tokens[1] and all(formtoken.check(t).is_valid for t in tokens)
    assert 'id="referral-form"' in client.get(REFER_URL).content.decode(), "not the other form"


def test_the_referral_page_has_one_heading_and_a_description(client):
    html = client.get(REFER_URL).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert 40 <= len(description) <= 320


def test_a_clinic_manager_exports_a_referral_with_its_clinician(refer, manager_client):
    import csv
    import io

    refer()
    item = ConsultationRequest.objects.get()
    response = manager_client.post(
        changelist_url() + "?status=all",
        {"action": "export_csv", "_selected_action": [item.pk], "index": 0},
    )
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["Sent by"] == "A clinician (referral form)"
    assert row["Registration or licence number"] == "CPSO 123456"
    assert row["Referring clinician's email"] == CLINICIAN
