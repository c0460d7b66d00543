"""The real worker process (`manage.py db_worker`, production settings) and a real SMTP server:
slow, refusing, down. After the worker drains, every request has exactly one acknowledgement
and one clinic alert, or staff can see why not."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from consultations.choices import EmailState
from consultations.models import ConsultationRequest, Email
from perf.mailserver import free_port, smtp_server
from tests.consultations.conftest import FORM_URL, valid_form
from tests.worker import run_db_worker

pytestmark = pytest.mark.django_db(transaction=True)

CLINIC = "intake@clinic.example.com"


def send_requests(client, count: int) -> list[str]:
    addresses = [f"patient{number}@example.com" for number in range(count)]
    for address in addresses:
        assert client.post(FORM_URL, valid_form(email=address)).status_code == 302
    return addresses


def drain(port: int):
    result = run_db_worker(smtp_port=port, CLINIC_NOTIFY_EMAIL=CLINIC)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_with_a_slow_mail_server_the_patient_never_waits_and_each_email_arrives_once(client):
    with smtp_server(delay=1) as (port, server):
        (address,) = send_requests(client, 1)
        assert server.received == [], "nothing was sent while the patient waited"
        drain(port)
        drain(port)  # a second run finds nothing left to send
    assert [item.to for item in server.received] == [[address], [CLINIC]]
    assert set(Email.objects.values_list("state", flat=True)) == {EmailState.SENT}


def test_a_refusing_mail_server_leaves_the_request_and_says_why(client):
    with smtp_server(refuse="550 5.1.1 <patient0@example.com>: no such mailbox") as (port, server):
        send_requests(client, 2)
        result = drain(port)
    assert server.received == []
    assert ConsultationRequest.objects.count() == 2
    assert set(Email.objects.values_list("state", "error")) == {
        (EmailState.FAILED, "SMTPDataError (SMTP code 550)")
    }
    assert "patient0@example.com" not in result.stdout + result.stderr
    assert not DBTaskResult.objects.filter(status="READY").exists(), "a refusal is not retried"


def test_when_the_mail_server_is_down_the_worker_tries_again_and_delivers_once(client):
    addresses = send_requests(client, 2)
    drain(free_port())  # nothing listens there
    assert set(Email.objects.values_list("state", flat=True)) == {EmailState.RETRYING}
    # The retries are due now (the wait would be a minute).
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    with smtp_server() as (port, server):
        drain(port)
        drain(port)
    for address in addresses:
        assert len(server.to(address)) == 1
    assert len(server.to(CLINIC)) == 2
    assert set(Email.objects.values_list("state", "attempts")) == {(EmailState.SENT, 2)}
