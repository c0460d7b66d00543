"""The patient's path: form → POST → redirect → confirmation, once and only once."""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from consultations import formtoken, services
from consultations.choices import Status
from consultations.models import AuditEvent, ConsultationRequest
from consultations.urgency import Risk
from tests.consultations.conftest import FORM_URL, RECEIVED_URL, valid_form

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^KT-[2-9A-HJ-NP-Z]{6}$")


def test_the_form_page_shows_the_emergency_notice_and_the_promised_reply_time(
    client, clinic_profile
):
    clinic_profile(reply_time="three business days")
    response = client.get(FORM_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This form is not for emergencies" in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html
    assert "three business days" in html
    assert html.index("not for emergencies") < html.index('<form class="consultation-form"')
    assert html.count("<h1") == 1


def test_the_form_page_is_never_cached(client):
    cache_control = client.get(FORM_URL)["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_the_form_has_labels_autocomplete_and_input_types(client):
    html = client.get(FORM_URL).content.decode()
    assert re.search(r'<input type="text" name="full_name" autocomplete="name"', html)
    assert re.search(r'<input type="email" name="email" autocomplete="email"', html)
    assert re.search(r'<input type="tel" name="phone" autocomplete="tel"', html)
    for field in ("full_name", "email", "phone", "province", "message", "is_adult", "consent"):
        assert f'for="id_{field}"' in html
    assert html.count("<legend") >= 4  # the three sections and each group of choices
    assert 'name="form_token"' in html


def test_the_honeypot_is_hidden_from_people_from_the_keyboard_and_from_autofill(client):
    html = client.get(FORM_URL).content.decode()
    honeypot = html[html.index('class="hp-field"') :][:600]
    assert 'hidden="hidden"' in honeypot.split(">")[0], "out of the layout: the hidden attribute"
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot
    assert "Leave this field empty" in honeypot


def test_a_valid_request_is_stored_with_its_consent_record(submit, settings):
    before = timezone.now()
    response = submit()
    assertRedirects(response, RECEIVED_URL)
    item = ConsultationRequest.objects.get()
    assert REFERENCE.match(item.reference)
    assert item.full_name == "Alex Tremblay" and item.preferred_name == "Al"
    assert item.email == "alex@example.com"
    assert item.phone == "+16135550142"
    assert item.contact_method == "phone"
    assert item.contact_times == ["weekday_morning", "weekend"]
    assert item.province == "ON"
    assert item.is_adult is True
    assert item.help_wanted == ["depression", "ptsd"]
    assert item.referred_by_clinician is False
    assert item.heard_from == "search"
    assert item.status == Status.NEW and item.risk == Risk.NONE
    assert before <= item.consent_given_at <= timezone.now()
    assert item.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION
    (received,) = AuditEvent.objects.filter(consultation_request=item)
    assert (received.action, received.actor) == (AuditEvent.Action.RECEIVED, AuditEvent.PATIENT)


def test_the_confirmation_page_shows_the_reference_and_what_happens_next(submit, client):
    submit()
    item = ConsultationRequest.objects.get()
    response = client.get(RECEIVED_URL)
    assertContains(response, item.reference)
    assertContains(response, "What happens next")
    assertContains(response, "We will call you within two business days")
    assertContains(response, 'href="tel:988"')
    assertContains(response, 'href="tel:911"')
    assert response.content.decode().count("<h1") == 1


def test_no_personal_data_or_reference_appears_in_any_url(submit, client):
    response = submit()
    location = response["Location"]
    assert location == RECEIVED_URL
    item = ConsultationRequest.objects.get()
    for secret in (item.reference, "Alex", "alex@example.com", "613", str(item.pk)):
        assert secret not in location


def test_the_confirmation_cookie_holds_only_the_request_id_signed(submit, client, settings):
    response = submit()
    cookie = response.cookies["consultation_sent"]
    value, _timestamp, signature = cookie.value.rsplit(":", 2)
    assert value == f"{ConsultationRequest.objects.get().pk}.new"
    assert signature  # and a forged one is refused: the next test
    assert (cookie["path"], cookie["httponly"], cookie["samesite"]) == (
        "/consultations/",
        True,
        "Strict",
    )
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # a patient gets no session


def test_a_forged_or_tampered_confirmation_cookie_sends_back_to_the_form(submit, client):
    submit()
    other = ConsultationRequest.objects.get()
    for forged in (f"{other.pk}.new", f"{other.pk}.new:1xYNCV:forged", "garbage", ""):
        client.cookies["consultation_sent"] = forged
        response = client.get(RECEIVED_URL)
        assert response.status_code == 302 and other.reference not in response.content.decode()


def test_the_confirmation_shows_the_reference_once_then_says_it_was_sent_before(submit, client):
    submit()
    reference = ConsultationRequest.objects.get().reference
    assert reference in client.get(RECEIVED_URL).content.decode()
    again = client.get(RECEIVED_URL)
    assert again.status_code == 200 and reference not in again.content.decode()


def test_reloading_the_confirmation_page_creates_nothing(submit, client):
    submit()
    for _ in range(3):
        assert client.get(RECEIVED_URL).status_code == 200
    assert ConsultationRequest.objects.count() == 1


def test_the_reference_is_shown_once_then_a_page_without_it(submit, client):
    submit(message="Some days I can't see the point of going on")
    item = ConsultationRequest.objects.get()
    first = client.get(RECEIVED_URL)
    assertContains(first, item.reference)
    assertContains(first, "If you need help now, please don")
    later = client.get(RECEIVED_URL)  # the next person at a shared computer
    assert later.status_code == 200
    html = later.content.decode()
    assert item.reference not in html and "please don" not in html
    assert "shows the details of a request only once" in html


def test_the_confirmation_page_without_a_request_sends_people_to_the_form(client):
    assertRedirects(client.get(RECEIVED_URL), FORM_URL)


def test_sending_the_same_form_twice_creates_one_request(client):
    data = valid_form()
    first = client.post(FORM_URL, data)
    second = client.post(FORM_URL, data)  # a double click, or Back then send again
    assert first["Location"] == second["Location"] == RECEIVED_URL
    assert ConsultationRequest.objects.count() == 1


def test_a_resent_form_from_another_session_shows_the_original_confirmation():
    data = valid_form()
    Client().post(FORM_URL, data)
    other = Client()
    other.post(FORM_URL, data)
    assert ConsultationRequest.objects.count() == 1
    assertContains(other.get(RECEIVED_URL), ConsultationRequest.objects.get().reference)


def test_two_tabs_each_send_their_own_request(client):
    first_tab, second_tab = (
        formtoken.issue(now=time.time() - 60),
        formtoken.issue(now=time.time() - 60),
    )
    client.post(FORM_URL, valid_form(form_token=first_tab))
    client.post(FORM_URL, valid_form(form_token=second_tab, full_name="Jordan Tremblay"))
    assert ConsultationRequest.objects.count() == 2
    assertContains(
        client.get(RECEIVED_URL),
        ConsultationRequest.objects.get(full_name="Jordan Tremblay").reference,
    )


def test_a_new_page_load_issues_a_new_token(client):
    first = client.get(FORM_URL).content.decode()
    second = client.get(FORM_URL).content.decode()
    token = re.compile(r'name="form_token" value="([^"]+)"')
    assert token.search(first).group(1) != token.search(second).group(1)


def test_references_use_an_unambiguous_alphabet():
    codes = {services.new_reference() for _ in range(500)}
    assert all(REFERENCE.match(code) for code in codes)
    assert not any(ch in code[3:] for code in codes for ch in "01OI")


def test_a_reference_that_is_already_taken_is_not_reused(make_request, monkeypatch):
    taken = make_request().reference
    codes = iter([taken, taken, "KT-FRE5H2"])
    monkeypatch.setattr(services, "new_reference", lambda: next(codes))
    assert make_request().reference == "KT-FRE5H2"


def test_an_urgent_message_puts_the_crisis_lines_first_and_flags_the_request(submit, client):
    submit(message="Some days I think everyone would be better off dead without me.")
    assert ConsultationRequest.objects.get().is_urgent is True
    html = client.get(RECEIVED_URL).content.decode()
    crisis = html.index("If you need help now, please don’t wait for us")
    assert crisis < html.index("Your reference code")
    assert html.index("<h1") < crisis
    assert 'href="sms:988"' in html


def test_an_ordinary_message_keeps_the_crisis_lines_after_the_next_steps(submit, client):
    submit()
    html = client.get(RECEIVED_URL).content.decode()
    assert html.index("Your reference code") < html.index('href="tel:988"', html.index("<h1"))


def test_the_confirmation_says_email_when_that_is_the_chosen_method(submit, client):
    submit(contact_method="email")
    assertContains(client.get(RECEIVED_URL), "will email you within")


def test_a_post_without_a_csrf_token_is_refused_with_the_sites_own_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(FORM_URL, valid_form())
    assert response.status_code == 403
    assertContains(response, "Your form could not be sent", status_code=403)
    assertContains(response, 'href="tel:988"', status_code=403)
    assert ConsultationRequest.objects.count() == 0


def test_a_post_with_a_csrf_token_is_accepted():
    client = Client(enforce_csrf_checks=True)
    html = client.get(FORM_URL).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    # The token was issued just now, so this submission also proves a zero minimum fill time works.
    response = client.post(FORM_URL, valid_form(csrfmiddlewaretoken=csrf, form_token=token))
    assert response.status_code == 302
    assert ConsultationRequest.objects.get().status == Status.NEW


def test_consent_timestamps_use_the_time_of_sending(submit, settings):
    submit()
    item = ConsultationRequest.objects.get()
    assert abs(item.consent_given_at - item.received_at) < timedelta(seconds=5)
