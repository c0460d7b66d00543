"""Referrals and appointments leave nothing a patient, a clinician or staff typed in any log
record, and no field, however hostile, makes their forms answer with a 500."""

import datetime as dt
import logging

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from consultations import links
from consultations.models import Appointment, ConsultationRequest, Email
from tests.consultations.booking import clinic_day
from tests.consultations.conftest import change_url
from tests.consultations.test_no_phi_in_logs import log_records  # noqa: F401 (a fixture)
from tests.consultations.test_properties import any_text, fuzz
from tests.consultations.test_referrals import REFER_URL, referral
from tests.worker import drain

pytestmark = pytest.mark.django_db

DISTINCTIVE = {
    "referrer_name": "Dr. Orlaith Brennock",
    "referrer_registration": "CPSO 987123",
    "referrer_email": "orlaith.brennock@clinic.example.net",
    "referrer_phone": "(709) 555-0188",
    "full_name": "Quillon Vexhart",
    "email": "quillon.vexhart@example.org",
    "phone": "(709) 555-0199",
    "message": "Zephyrine tablets did nothing for her obsessive thoughts.",
    "help_wanted": ["ocd"],
}
NOTE = "Use the Marlowbridge entrance"
ASKED = "Not Thursdays, my Quinwell shift"
SECRETS = [
    "Brennock",
    "987123",
    "Vexhart",
    "0188",
    "0199",
    "Zephyrine",
    "obsessive",
    "Marlowbridge",
    "Quinwell",
]


def leaks(records) -> list[str]:
    found = []
    for record in records:
        text = "\n".join([str(record.msg), repr(record.args), logging.Formatter().format(record)])
        found += [f"{s!r} in {record.name}: {text[:160]}" for s in SECRETS if s in text]
    return found


def appointment_form(**overrides) -> dict:
    day = clinic_day(5).isoformat()
    base = {"date": day, "time": "10:00", "duration_minutes": "60", "mode": "in_person"}
    return {**base, "patient_note": NOTE, **overrides}


def test_a_referral_booked_moved_asked_about_and_cancelled_logs_none_of_it(
    client,
    coordinator_client,
    log_records,  # noqa: F811 (the fixture imported above)
):
    assert client.post(REFER_URL, referral(**DISTINCTIVE)).status_code == 302
    item = ConsultationRequest.objects.get()
    url = change_url(item).removesuffix("change/") + "appointment/"
    assert coordinator_client.post(url, appointment_form()).status_code == 302
    assert coordinator_client.post(url, appointment_form(time="11:00")).status_code == 302
    drain()

    client.post(links.your_request_path(item) + "appointment/", {"what": "move", "note": ASKED})
    drain()
    reminder = Email.objects.get(kind="reminder", sequence=1)
    with time_machine.travel(reminder.next_attempt_at + dt.timedelta(minutes=1)):
        drain()
    assert coordinator_client.post(url + "cancel/").status_code == 302
    drain()
    assert Appointment.objects.get().is_cancelled
    assert log_records, "no record at all would mean nothing was captured"
    assert leaks(log_records) == []


near_dates = st.sampled_from(["2027-02-29", "0000-01-01", "12/05/2026", "2026-13-01", "now"])
text = st.one_of(any_text, near_dates, st.integers(-(10**12), 10**12).map(str))


@fuzz
@given(
    field=st.sampled_from(["date", "time", "duration_minutes", "mode", "patient_note"]), value=text
)
def test_no_value_in_any_appointment_field_makes_the_page_fail(coordinator_client, make_request, field, value):  # fmt: skip
    item = make_request(status="contacted")
    url = change_url(item).removesuffix("change/") + "appointment/"
    response = coordinator_client.post(url, appointment_form(**{field: value}))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors, "sent back, so it says why"
        assert not Appointment.objects.filter(consultation_request=item).exists()


@fuzz
@given(
    field=st.sampled_from(
        ["referrer_name", "referrer_registration", "referrer_phone", "full_name", "message"]
    ),
    value=text,
)
def test_no_value_in_any_referral_field_makes_the_form_fail(client, field, value):
    response = client.post(REFER_URL, referral(**{field: value}))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert 'id="error-summary"' in response.content.decode()
