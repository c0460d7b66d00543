"""Bots and floods: honeypot, time to fill, forged tokens, rate limit, racing duplicates."""

import logging
import re
import time

import pytest
from django.core import mail, signing
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils.html import escape
from pytest_django.asserts import assertContains

from consultations import formtoken
from consultations.choices import EmailKind, SpamReason, Status
from consultations.models import ConsultationRequest, ConsultationRequestQuerySet
from consultations.urgency import Risk
from tests.consultations.conftest import FORM_URL, RECEIVED_URL, form_fields, valid_form

pytestmark = pytest.mark.django_db


def assert_looks_like_success_but_is_spam(response, client, reason: str) -> ConsultationRequest:
    assert response.status_code == 302 and response["Location"] == RECEIVED_URL
    item = ConsultationRequest.objects.get()
    assert (item.status, item.spam_reason) == (Status.SPAM, reason)
    assertContains(client.get(RECEIVED_URL), item.reference)  # bots learn nothing
    return item


def assert_kept_for_a_person_to_check(response, reason: str) -> ConsultationRequest:
    assert response.status_code == 302 and response["Location"] == RECEIVED_URL
    item = ConsultationRequest.objects.get()
    assert (item.status, item.spam_reason, item.needs_check) == (Status.NEW, reason, True)
    assert item.risk != Risk.NONE
    kinds = set(item.emails.values_list("kind", flat=True))
    assert kinds == {EmailKind.ACKNOWLEDGEMENT, EmailKind.CLINIC_ALERT}, "the clinic is alerted"
    assert ConsultationRequest.objects.open().filter(pk=item.pk).exists(), "it is in the queue"
    return item


def assert_sent_back_with_everything_kept(response, message: str) -> None:
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0
    html = response.content.decode()
    assert 'id="error-summary"' in html and escape(message) in html
    assert 'value="Alex Tremblay"' in html and "I have tried three antidepressants" in html
    assert re.search(r'value="ptsd"\s+id="id_help_wanted_1"[^>]*\bchecked\b', html)
    fresh = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    assert formtoken.check(fresh).is_valid, "a new token comes with it"


URGENT = "Some nights I think about how I would kill myself."


def test_a_filled_honeypot_is_stored_as_spam_and_sends_no_email(submit, client):
    response = submit(website="https://cheap-pills.example")
    item = assert_looks_like_success_but_is_spam(response, client, SpamReason.HONEYPOT)
    assert item.emails.count() == 0 and mail.outbox == []


def test_a_filled_honeypot_with_risk_words_is_kept_and_alerts_the_clinic(submit):
    response = submit(website="autofilled by a password manager", message=URGENT)
    assert assert_kept_for_a_person_to_check(response, SpamReason.HONEYPOT).is_urgent


def test_the_honeypot_is_out_of_the_layout_so_autofill_cannot_reach_it(client):
    html = client.get(FORM_URL).content.decode()
    start = html.index('class="hp-field"')
    container = html[html.rindex("<div", 0, start) : html.index("</div>", start)]
    assert " hidden" in container and 'name="website"' in container


def test_spam_is_logged_without_personal_data(submit, caplog):
    with caplog.at_level(logging.INFO, logger="consultations"):
        submit(website="spam", message="I have tried many antidepressants")
    item = ConsultationRequest.objects.get()
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "spam" in logged and item.reference in logged
    for personal in ("Alex", "alex@example.com", "0142", "antidepressants", "depression"):
        assert personal not in logged


def test_a_form_sent_faster_than_a_person_could_is_spam(submit, client, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    response = submit(form_token=formtoken.issue(now=time.time() - 1))
    assert_looks_like_success_but_is_spam(response, client, SpamReason.TOO_FAST)


def test_a_fast_form_with_risk_words_is_kept_for_a_person_to_check(submit, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    response = submit(form_token=formtoken.issue(now=time.time() - 1), message=URGENT)
    assert_kept_for_a_person_to_check(response, SpamReason.TOO_FAST)


def test_a_form_filled_at_a_human_pace_is_accepted(submit, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    submit(form_token=formtoken.issue(now=time.time() - 4))
    assert ConsultationRequest.objects.get().status == Status.NEW


FORGED = [
    "",
    "not-a-token",
    signing.dumps({"n": "abc", "t": 0}, salt="some other purpose"),
    formtoken.issue(now=time.time())[:-3] + "AAA",
    signing.dumps({"n": "abc", "t": int(time.time() * 1000)}, key="guessed", salt=formtoken.SALT),
]
FORGED_IDS = ["missing", "not a token", "another purpose", "tampered with", "another key"]


@pytest.mark.parametrize("token", FORGED, ids=FORGED_IDS)
def test_a_missing_or_forged_token_sends_the_person_back_with_everything_they_typed(submit, token):
    response = submit(form_token=token)
    assert_sent_back_with_everything_kept(response, "We could not accept the form as it was sent.")


@pytest.mark.parametrize("token", FORGED, ids=FORGED_IDS)
def test_an_urgent_message_with_a_forged_token_is_never_lost(submit, token):
    response = submit(form_token=token, message=URGENT)
    item = assert_kept_for_a_person_to_check(response, SpamReason.BAD_TOKEN)
    assert item.is_urgent


def test_a_form_left_open_more_than_a_day_is_sent_back_and_then_goes_through(client):
    old = formtoken.issue(now=time.time() - formtoken.MAX_AGE.total_seconds() - 60)
    response = client.post(FORM_URL, valid_form(form_token=old))
    assert_sent_back_with_everything_kept(response, "open for a long time")
    again = form_fields(response.content.decode(), "consultation-form")
    assert client.post(FORM_URL, again).status_code == 302
    assert ConsultationRequest.objects.get().status == Status.NEW


def test_a_token_older_than_a_day_is_worthless_even_with_a_good_signature():
    day_old = formtoken.issue(now=time.time() - formtoken.MAX_AGE.total_seconds() - 1)
    assert formtoken.check(day_old).state is formtoken.State.EXPIRED
    assert formtoken.check(formtoken.issue()).is_valid


def test_spam_is_kept_out_of_the_staff_queue(submit):
    submit(website="bot")
    assert not ConsultationRequest.objects.open().exists()


# --- Key rotation ---

OLD_KEY = "the-key-before-the-rotation-" + "o" * 40
NEW_KEY = "the-key-after-the-rotation-" + "n" * 40


def test_after_a_key_rotation_a_form_shown_before_it_still_goes_through(client, settings):
    settings.SECRET_KEY = OLD_KEY
    html = client.get(FORM_URL).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]
    assert client.post(FORM_URL, valid_form(form_token=token)).status_code == 302
    assert ConsultationRequest.objects.get().status == Status.NEW


def test_without_the_old_key_in_the_fallbacks_the_form_comes_back_instead(client, settings):
    settings.SECRET_KEY = OLD_KEY
    token = formtoken.issue(now=time.time() - 60)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, []
    response = client.post(FORM_URL, valid_form(form_token=token))
    assert_sent_back_with_everything_kept(response, "We could not accept the form as it was sent.")


def test_after_a_key_rotation_the_patients_link_and_a_staff_session_still_work(
    client, settings, make_request, coordinator
):
    from consultations import links

    settings.SECRET_KEY = OLD_KEY
    item = make_request()
    link = links.your_request_path(item)
    client.force_login(coordinator)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]
    assert client.get(link).status_code == 200
    assert client.session.get("_auth_user_id") == str(coordinator.pk)
    from django.contrib.auth import get_user

    request = type("Request", (), {"session": client.session})()
    assert get_user(request).is_authenticated, "the session's signature still holds"
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(link).status_code == 404, "without the old key, the old link is refused"


def test_the_fallback_keys_come_from_the_environment(monkeypatch):
    from tests.production import PRODUCTION, settings_module

    module = settings_module(
        monkeypatch, **PRODUCTION, DJANGO_SECRET_KEY_FALLBACKS=f"{OLD_KEY}, {NEW_KEY}"
    )
    assert module["SECRET_KEY_FALLBACKS"] == [OLD_KEY, NEW_KEY]
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY_FALLBACKS"):
        settings_module(monkeypatch, **PRODUCTION, DJANGO_SECRET_KEY_FALLBACKS="short")


# --- Rate limit ---


def test_over_the_rate_limit_the_form_comes_back_with_everything_typed_and_a_phone_number(
    client, settings
):
    settings.CONSULTATION_RATE_LIMIT = (2, 3600)
    for _ in range(2):
        assert client.post(FORM_URL, valid_form()).status_code == 302
    response = client.post(FORM_URL, valid_form(full_name="Third Try"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "this one was not sent" in html and 'value="Third Try"' in html
    assert settings.CLINIC_PHONE in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html
    assert html.count("<h1") == 1
    assert ConsultationRequest.objects.count() == 2


def test_the_rate_limit_is_per_address(settings):
    settings.CONSULTATION_RATE_LIMIT = (1, 3600)
    assert Client(REMOTE_ADDR="203.0.113.1").post(FORM_URL, valid_form()).status_code == 302
    assert Client(REMOTE_ADDR="203.0.113.1").post(FORM_URL, valid_form()).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.2").post(FORM_URL, valid_form()).status_code == 302


def test_page_views_and_forms_with_errors_do_not_count(client, settings):
    settings.CONSULTATION_RATE_LIMIT = (1, 3600)
    for _ in range(5):
        client.get(FORM_URL)
        client.post(FORM_URL, valid_form(email="oops"))
    assert client.post(FORM_URL, valid_form()).status_code == 302


def test_resending_the_same_form_does_not_use_up_the_limit(client, settings):
    settings.CONSULTATION_RATE_LIMIT = (1, 3600)
    data = valid_form()
    assert client.post(FORM_URL, data).status_code == 302
    assert client.post(FORM_URL, data).status_code == 302
    assert ConsultationRequest.objects.count() == 1


def test_bots_count_against_the_limit_too(client, settings):
    settings.CONSULTATION_RATE_LIMIT = (1, 3600)
    client.post(FORM_URL, valid_form(website="bot"))
    assert client.post(FORM_URL, valid_form()).status_code == 429


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(settings):
    settings.CONSULTATION_RATE_LIMIT = (1, 3600)
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert (
        client.post(FORM_URL, valid_form(), HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302
    )
    assert (
        client.post(FORM_URL, valid_form(), HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429
    )


def test_behind_a_trusted_proxy_the_forwarded_address_is_used(settings):
    settings.CONSULTATION_RATE_LIMIT = (1, 3600)
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    proxy = Client(REMOTE_ADDR="10.0.0.5")
    assert proxy.post(FORM_URL, valid_form(), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 302
    assert proxy.post(FORM_URL, valid_form(), HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302
    # A client cannot pretend to be someone else by adding to the left of the header.
    assert (
        proxy.post(FORM_URL, valid_form(), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7").status_code
        == 429
    )


def test_the_limit_key_holds_a_hash_not_the_address(client, settings):
    from clinic_site.models import RateCount

    settings.REDIS_URL = ""  # counts in the database; tests/test_redis.py checks Redis's keys
    client.post(FORM_URL, valid_form(), REMOTE_ADDR="203.0.113.77")
    keys = list(RateCount.objects.values_list("key", flat=True))
    assert keys and not any("203.0.113.77" in key for key in keys)


# --- Racing duplicates ---


def test_two_identical_posts_racing_each_other_leave_one_request(make_request, monkeypatch):
    first = make_request(submission_token="same-form")
    original = ConsultationRequestQuerySet.for_submission_token
    lookups = {"count": 0}

    def miss_the_first_lookup(self, token):
        lookups["count"] += 1
        return self.none() if lookups["count"] == 1 else original(self, token)

    monkeypatch.setattr(ConsultationRequestQuerySet, "for_submission_token", miss_the_first_lookup)
    second = make_request(submission_token="same-form")
    assert second.pk == first.pk
    assert ConsultationRequest.objects.count() == 1
