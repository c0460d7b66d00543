"""Bots and floods: honeypot, time to fill, forged tokens, rate limit, racing duplicates."""

import logging
import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from pytest_django.asserts import assertContains

from consultations import formtoken
from consultations.choices import EmailStatus, SpamReason, Status
from consultations.models import ConsultationRequest, ConsultationRequestQuerySet
from tests.consultations.conftest import FORM_URL, RECEIVED_URL, valid_form

pytestmark = pytest.mark.django_db


def assert_looks_like_success_but_is_spam(response, client, reason: str) -> ConsultationRequest:
    assert response.status_code == 302 and response["Location"] == RECEIVED_URL
    item = ConsultationRequest.objects.get()
    assert (item.status, item.spam_reason) == (Status.SPAM, reason)
    assertContains(client.get(RECEIVED_URL), item.reference)  # bots learn nothing
    return item


def test_a_filled_honeypot_is_stored_as_spam_and_sends_no_email(
    submit, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(website="https://cheap-pills.example")
    item = assert_looks_like_success_but_is_spam(response, client, SpamReason.HONEYPOT)
    assert mail.outbox == []
    assert item.patient_email_status == item.clinic_email_status == EmailStatus.SKIPPED


def test_spam_is_logged_without_personal_data(submit, caplog):
    with caplog.at_level(logging.INFO, logger="consultations"):
        submit(website="spam", message="I want to end my life")
    item = ConsultationRequest.objects.get()
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "spam" in logged and item.reference in logged
    for personal in ("Alex", "alex@example.com", "0142", "end my life", "depression"):
        assert personal not in logged


def test_a_form_sent_faster_than_a_person_could_is_spam(submit, client, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    response = submit(form_token=formtoken.issue(now=time.time() - 1))
    assert_looks_like_success_but_is_spam(response, client, SpamReason.TOO_FAST)


def test_a_form_filled_at_a_human_pace_is_accepted(submit, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    submit(form_token=formtoken.issue(now=time.time() - 4))
    assert ConsultationRequest.objects.get().status == Status.NEW


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-token",
        signing.dumps({"n": "abc", "t": 0}, salt="some other purpose"),
        formtoken.issue(now=0)[:-3] + "AAA",
    ],
    ids=["missing", "not a token", "signed for another purpose", "signature tampered with"],
)
def test_a_missing_or_forged_token_is_spam(submit, client, token):
    response = submit(form_token=token)
    assert_looks_like_success_but_is_spam(response, client, SpamReason.BAD_TOKEN)


def test_a_token_signed_with_another_key_cannot_skip_the_fill_time(submit, client, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    forged = signing.dumps({"n": "abc", "t": 0}, key="guessed key", salt=formtoken.SALT)
    response = submit(form_token=forged)
    assert_looks_like_success_but_is_spam(response, client, SpamReason.BAD_TOKEN)


def test_spam_is_kept_out_of_the_staff_queue(submit):
    submit(website="bot")
    assert not ConsultationRequest.objects.open().exists()


# --- Rate limit ---


def test_the_rate_limit_answers_with_a_friendly_429_page(client, settings):
    settings.CONSULTATION_RATE_LIMIT = (2, 3600)
    for _ in range(2):
        assert client.post(FORM_URL, valid_form()).status_code == 302
    response = client.post(FORM_URL, valid_form(full_name="Third Try"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "Please try again later" in html and "not</strong> saved" in html
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
    settings.CONSULTATION_TRUSTED_PROXIES = 1
    proxy = Client(REMOTE_ADDR="10.0.0.5")
    assert proxy.post(FORM_URL, valid_form(), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 302
    assert proxy.post(FORM_URL, valid_form(), HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302
    # A client cannot pretend to be someone else by adding to the left of the header.
    assert (
        proxy.post(FORM_URL, valid_form(), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7").status_code
        == 429
    )


def test_the_limit_key_holds_a_hash_not_the_address(client, monkeypatch):
    from consultations import ratelimit

    keys = []

    class RecordingCache:  # whichever cache is configured (memory or Redis), note the keys used
        def __getattr__(self, name):
            method = getattr(cache, name)

            def call(key, *args, **kwargs):
                keys.append(key)
                return method(key, *args, **kwargs)

            return call

    monkeypatch.setattr(ratelimit, "cache", RecordingCache())
    client.post(FORM_URL, valid_form(), REMOTE_ADDR="203.0.113.77")
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
