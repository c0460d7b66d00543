"""From the signed link in their emails, a patient sees their appointment and asks us to move or
cancel it; staff see the request in the queue, the clinic is alerted, the audit log records it."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from consultations import appointments, links
from consultations.choices import ChangeAsked, EmailKind, Status
from consultations.models import AuditEvent, Email
from consultations.urgency import Risk
from tests.consultations.booking import NOTE, at, book, clinic_day
from tests.worker import drain

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(make_request):
    return make_request(status=Status.CONTACTED)


@pytest.fixture
def appointment(item, coordinator):
    return book(item, by=coordinator, starts_at=at(clinic_day(5), 14, 30))


_links: dict[int, str] = {}


def page_url(item) -> str:
    """The patient's link, the same one all through a test (a new one differs in its stamp)."""
    return _links.setdefault(item.pk, links.your_request_path(item))


def ask_url(item) -> str:
    return page_url(item) + "appointment/"


@pytest.fixture(autouse=True)
def _fresh_links():
    _links.clear()


def test_the_patients_page_shows_the_appointment_and_how_to_ask_for_a_change(
    client, item, appointment, settings
):
    url = page_url(item)
    page = client.get(url)
    assertContains(page, "Your appointment")
    assertContains(
        page, f"{clinic_day(5):%A, %B} {clinic_day(5).day}, {clinic_day(5).year} at 2:30"
    )
    assertContains(page, "60 minutes")
    assertContains(page, settings.CLINIC_ADDRESS)
    assertContains(page, f'href="{url}appointment/"')
    assertContains(page, "A consultation is booked")


def test_the_ask_page_shows_the_form_and_changes_nothing_until_sent(client, item, appointment):
    page = client.get(ask_url(item))
    assertContains(page, "Move or cancel your appointment")
    assertContains(page, "stays booked until we contact you")
    assertContains(page, 'name="what"')
    assert "no-store" in page["Cache-Control"]
    assertContains(page, 'name="robots" content="noindex"')
    appointment.refresh_from_db()
    assert appointment.change_asked == ""


def test_asking_to_move_it_is_stored_recorded_and_alerts_the_clinic_once(
    client, item, appointment, smtp, settings
):
    response = client.post(ask_url(item), {"what": "move", "note": "Any weekday after 4 pm"})
    assert response.status_code == 302 and response["Location"] == page_url(item)
    appointment.refresh_from_db()
    assert (appointment.change_asked, appointment.change_asked_note) == (
        "move",
        "Any weekday after 4 pm",
    )
    event = item.audit_events.get(action=AuditEvent.Action.CHANGE_ASKED)
    assert (event.actor, event.detail) == (AuditEvent.PATIENT, "move")
    assertContains(client.get(page_url(item)), "You asked us to move it on")
    drain()
    client.post(ask_url(item), {"what": "cancel"})  # they think again
    drain()
    assert Email.objects.filter(kind=EmailKind.CHANGE_ALERT).count() == 1, "alerted once"
    (alert,) = [r for r in smtp.to(settings.CLINIC_NOTIFY_EMAIL) if "asks to" in r.subject]
    assert alert.subject == f"Patient asks to move an appointment: {item.reference}"
    assert "Any weekday" not in alert.text() and "/change/" in alert.text()
    appointment.refresh_from_db()
    assert appointment.change_asked == "cancel", "staff see the latest"


def test_asking_changes_nothing_about_the_appointment_itself(client, item, appointment):
    client.post(ask_url(item), {"what": "cancel"})
    appointment.refresh_from_db()
    assert not appointment.is_cancelled and appointment.sequence == 0
    item.refresh_from_db()
    assert item.status == Status.BOOKED


def test_without_a_choice_the_form_explains_with_a_summary_first(client, item, appointment):
    response = client.post(ask_url(item), {"note": "Sorry"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="error-summary"') < html.index("<h1")
    message = "Choose whether you would like to move or cancel your appointment."
    assert html.count(escape(message)) == 2
    assert 'href="#id_what_0"' in html
    assert "Sorry" in html, "what they typed is kept"
    assert re.search(r'<fieldset aria-describedby="[^"]*id_what_error', html)
    appointment.refresh_from_db()
    assert appointment.change_asked == ""


def test_a_note_too_long_is_refused(client, item, appointment):
    response = client.post(ask_url(item), {"what": "move", "note": "x" * 301})
    assertContains(response, "Your note must be 300 characters or fewer.")
    appointment.refresh_from_db()
    assert appointment.change_asked == ""


def test_risk_words_in_the_note_raise_the_flag_and_the_alert_says_call_back(
    client, item, appointment, smtp, settings
):
    client.post(ask_url(item), {"what": "cancel", "note": "I want to end my life, cancel it"})
    item.refresh_from_db()
    assert item.risk == Risk.URGENT
    drain()
    (alert,) = [r for r in smtp.to(settings.CLINIC_NOTIFY_EMAIL) if "asks to" in r.subject]
    assert alert.subject.startswith("Call back today: patient asks to cancel")
    assert "end my life" not in alert.text()


def test_without_an_appointment_to_come_the_ask_page_goes_back_to_the_request(
    client, item, appointment, coordinator
):
    appointments.appointment_cancel(appointment=appointment, by=coordinator)
    assert client.get(ask_url(item))["Location"] == page_url(item)
    assert client.post(ask_url(item), {"what": "move"})["Location"] == page_url(item)
    page = client.get(page_url(item))
    assertNotContains(page, "Ask to move or cancel it")


def test_once_it_has_begun_it_cannot_be_changed_online(client, item, appointment):
    with time_machine.travel(appointment.starts_at + dt.timedelta(minutes=1)):
        assert client.get(ask_url(item)).status_code == 302
        page = client.get(page_url(item))
    assertContains(page, "Your last appointment")
    assertNotContains(page, "Ask to move or cancel it")


def test_asking_needs_the_pages_own_csrf_token(item, appointment):
    response = Client(enforce_csrf_checks=True).post(ask_url(item), {"what": "move"})
    assert response.status_code == 403
    appointment.refresh_from_db()
    assert appointment.change_asked == ""


def test_a_forged_link_finds_nothing(client, item, appointment):
    assert client.get("/consultations/your-request/junk/appointment/").status_code == 404
    assert client.post("/consultations/your-request/junk/appointment/", {"what": "move"}).status_code == 404  # fmt: skip


def test_the_patients_page_never_shows_what_staff_or_the_patient_wrote_about_it(
    client, item, appointment
):
    client.post(ask_url(item), {"what": "move", "note": "Not Tuesdays, I work late"})
    page = client.get(page_url(item))
    assertNotContains(page, "I work late")
    assertNotContains(page, NOTE)


def test_the_withdrawal_page_says_the_appointment_goes_too(client, item, appointment):
    url = page_url(item)
    page = client.get(url + "withdraw/")
    assertContains(page, "will be cancelled too")
    assertContains(page, f'href="{url}appointment/"')


def test_a_withdrawal_erases_what_the_patient_wrote_about_the_appointment(
    client, item, appointment
):
    client.post(ask_url(item), {"what": "move", "note": "Not Tuesdays, I work late"})
    client.post(page_url(item) + "withdraw/")
    appointment.refresh_from_db()
    assert appointment.is_cancelled
    assert (appointment.change_asked, appointment.change_asked_note, appointment.patient_note) == (
        "",
        "",
        "",
    )


def test_asking_for_a_cancelled_appointment_through_the_service_is_refused(
    appointment, coordinator
):
    appointments.appointment_cancel(appointment=appointment, by=coordinator)
    with pytest.raises(Exception, match="can no longer be changed online"):
        appointments.appointment_change_ask(appointment=appointment, what=ChangeAsked.MOVE)
    assert timezone.now() < appointment.starts_at
