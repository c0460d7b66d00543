"""Nothing a patient types reaches a log record, whatever happens to the request.

Every logger is turned up to DEBUG for these tests and every record is kept, including those of
loggers that do not propagate to the root (Django's own), with two exceptions. Django logs SQL
with its parameters (django.db.backends) and failed template lookups with the whole context
(django.template) at DEBUG, by design: those two keep the level the settings give them, and the
last tests prove the settings never let their DEBUG records through.
"""

import logging
import smtplib
from urllib.parse import urlencode

import pytest
from django.core.mail import EmailMultiAlternatives

from consultations.models import ConsultationRequest
from tests.consultations.conftest import FORM_URL, valid_form
from tests.worker import drain

pytestmark = pytest.mark.django_db

DISTINCTIVE = {
    "full_name": "Quillon Vexhart",
    "preferred_name": "Quillo",
    "email": "quillon.vexhart@example.org",
    "phone": "(709) 555-0199",
    "referred_by_clinician": "yes",
    "referrer_name": "Dr. Orlaith Brennock",
    "referrer_contact": "orlaith.brennock@clinic.example.net",
    "message": "Zephyrine tablets did nothing for my obsessive thoughts.",
    "help_wanted": ["ocd", "chronic_pain"],
}
URGENT_MESSAGE = "Since the Zephyrine ran out I want to end my life."
# What must never appear: every value as typed, the phone number as stored and as staff see it,
# and the help-wanted answers as codes and as labels.
SECRETS = [
    *(value for value in DISTINCTIVE.values() if isinstance(value, str) and len(value) > 3),
    "Zephyrine",
    "Vexhart",
    "Brennock",
    "7095550199",
    "709-555-0199",
    "ocd",
    "chronic_pain",
    "obsessive",
    "Chronic pain",
]


# Loggers whose DEBUG records carry values by design (SQL parameters, template context).
VALUE_LOGGERS = ["django.db.backends", "django.template"]


class KeepEverything(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def log_records():
    """Every record from every logger, at DEBUG, for the length of the test."""
    handler = KeepEverything()
    names = ["", "django", "django.request", "django.server", "django.security", *VALUE_LOGGERS]
    loggers = {logging.getLogger(name) for name in [*names, *logging.root.manager.loggerDict]}
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    configured = {name: logging.getLogger(name).getEffectiveLevel() for name in VALUE_LOGGERS}
    for logger in loggers:
        logger.setLevel(configured.get(logger.name, logging.DEBUG))
        logger.disabled = False
        logger.addHandler(handler)
    yield handler.records
    for logger, level, disabled in saved:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.disabled = disabled


def leaks(records) -> list[str]:
    """Each secret found in a record's message, arguments or traceback, with where it was."""
    found = []
    for record in records:
        text = "\n".join(
            [
                str(record.msg),
                repr(record.args),
                record.getMessage(),
                logging.Formatter().format(record),
            ]
        )
        found += [
            f"{secret!r} in {record.name}: {text[:200]}" for secret in SECRETS if secret in text
        ]
    return found


@pytest.fixture
def send(client):
    """Send the form, then let the worker send its emails."""

    def post(**overrides):
        response = client.post(FORM_URL, valid_form(**{**DISTINCTIVE, **overrides}))
        drain()
        return response

    return post


def test_a_request_that_is_received_and_emailed_logs_none_of_its_values(send, log_records):
    assert send().status_code == 302
    assert ConsultationRequest.objects.get().full_name == "Quillon Vexhart"
    assert log_records, "the service logs the reference; no record at all means no capture"
    assert leaks(log_records) == []


def test_an_urgent_request_logs_none_of_its_values(send, log_records):
    assert send(message=URGENT_MESSAGE).status_code == 302
    assert ConsultationRequest.objects.get().is_urgent
    assert leaks(log_records) == []


def test_a_form_refused_with_errors_logs_none_of_its_values(send, log_records):
    response = send(consent=None, phone="709-555-01999", email="quillon.vexhart@")
    assert response.status_code == 200
    assert leaks(log_records) == []


def test_a_submission_stored_as_spam_logs_none_of_its_values(send, log_records):
    assert send(website="Quillon Vexhart").status_code == 302
    assert ConsultationRequest.objects.get().status == "spam"
    assert any("spam" in record.getMessage() for record in log_records)
    assert leaks(log_records) == []


def test_a_mail_server_quoting_the_address_in_its_refusal_is_not_logged(
    send, log_records, monkeypatch
):
    def refuse(message, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused(
            {DISTINCTIVE["email"]: (550, b"5.1.1 <quillon.vexhart@example.org>: unknown user")}
        )

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    assert send().status_code == 302
    assert any(record.levelno == logging.ERROR for record in log_records)
    assert leaks(log_records) == []


def test_a_request_over_the_rate_limit_logs_none_of_its_values(send, log_records, settings):
    settings.CONSULTATION_RATE_LIMIT = (1, 3600)
    send()
    assert send().status_code == 429
    assert leaks(log_records) == []


def test_a_body_refused_as_too_big_or_not_utf8_logs_none_of_its_values(
    client, log_records, settings
):
    form = valid_form(**DISTINCTIVE)
    too_big = urlencode({**form, "padding": "a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}, doseq=True)
    not_utf8 = urlencode(form, doseq=True).encode() + b"&x=\xff"
    for body in (too_big, not_utf8):
        response = client.generic(
            "POST", FORM_URL, body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 400
    assert leaks(log_records) == []


@pytest.mark.parametrize("name", VALUE_LOGGERS)
def test_sql_and_template_context_are_never_logged_even_with_the_console_at_debug(name):
    assert not logging.getLogger(name).isEnabledFor(logging.DEBUG)


def test_an_error_report_never_includes_what_the_patient_sent(client, monkeypatch, caplog):
    """If the form's view ever fails, the report a developer would get (Django's error email or
    page) shows the POST as stars: the view is marked @sensitive_post_parameters."""
    from django.views.debug import ExceptionReporter

    from consultations import services

    def fail(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "consultation_request_create", fail)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post(FORM_URL, valid_form(**DISTINCTIVE))
    assert response.status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    report = ExceptionReporter(record.request, *record.exc_info, is_email=True)
    text = report.get_traceback_text()
    assert "the database went away" in text and "********" in text
    for secret in SECRETS:
        assert secret not in text, secret
