"""Markup a patient types is shown as text everywhere: the form, the admin, the export, emails."""

import csv
import io

import pytest
from django.core import mail
from django.utils.html import escape

from consultations.models import ConsultationRequest
from tests.consultations.conftest import FORM_URL, change_url, changelist_url, valid_form
from tests.worker import drain

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW = ["<script>alert", "<img src=x"]
FREE_TEXT = ["full_name", "preferred_name", "referrer_name", "referrer_contact", "message"]
NAMES = ["full_name", "preferred_name", "referrer_name"]
# A quoted local part may hold markup and still be a valid address.
MARKUP_EMAIL = '"<script>alert(1)</script>"@example.com'


def assert_shown_as_text(html: str, *values: str) -> None:
    for raw in RAW:
        assert raw not in html
    for value in values:
        assert escape(value) in html


@pytest.fixture
def stored(client):
    """A request with markup in every field that accepts it, sent through the form."""
    data = valid_form(
        email=MARKUP_EMAIL,
        referred_by_clinician="yes",
        referrer_name="Dr. Lee",
        referrer_contact=IMG,
        message=f"{SCRIPT} and {IMG}",
    )
    assert client.post(FORM_URL, data).status_code == 302
    drain()
    item = ConsultationRequest.objects.get()
    assert (item.email, item.referrer_contact) == (MARKUP_EMAIL, IMG)
    return item


@pytest.fixture
def stored_with_markup_in_names(stored):
    """Names refuse < and >; a row stored before that rule, or by a bug, must still be safe."""
    ConsultationRequest.objects.filter(pk=stored.pk).update(
        full_name=SCRIPT, preferred_name=IMG, referrer_name=SCRIPT
    )
    stored.refresh_from_db()
    return stored


@pytest.mark.parametrize("field", FREE_TEXT)
def test_markup_sent_back_with_the_form_is_shown_as_text(client, field):
    data = valid_form(referred_by_clinician="yes", consent=None, **{field: f"Al {SCRIPT} {IMG}"})
    html = client.post(FORM_URL, data).content.decode()
    assert_shown_as_text(html, f"Al {SCRIPT} {IMG}")


@pytest.mark.parametrize("field", NAMES)
def test_markup_in_a_name_is_refused(submit, field):
    response = submit(referred_by_clinician="yes", **{"referrer_name": "Dr. Lee", field: SCRIPT})
    assert response.status_code == 200
    assert "Names can’t contain &lt; or &gt;." in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_the_admin_list_shows_markup_in_names_as_text(
    coordinator_client, stored_with_markup_in_names
):
    html = coordinator_client.get(changelist_url()).content.decode()
    assert_shown_as_text(html, SCRIPT)


def test_an_admin_search_for_markup_is_shown_as_text(coordinator_client, stored):
    html = coordinator_client.get(changelist_url(), {"q": SCRIPT}).content.decode()
    assert_shown_as_text(html, SCRIPT)


def test_the_admin_change_page_shows_markup_in_every_field_as_text(
    coordinator_client, stored_with_markup_in_names
):
    html = coordinator_client.get(change_url(stored_with_markup_in_names)).content.decode()
    assert_shown_as_text(html, SCRIPT, IMG, MARKUP_EMAIL)


def test_neither_email_contains_what_the_patient_typed_in_any_part(stored):
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        parts = [message.subject, message.body, *(html for html, _ in message.alternatives)]
        for part in parts:
            for text in (*RAW, "alert(1)", escape(SCRIPT), escape(IMG)):
                assert text not in part


def export(client, item) -> dict:
    data = {"action": "export_csv", "_selected_action": [item.pk], "index": 0}
    response = client.post(changelist_url() + "?status=all", data)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return row


def test_the_csv_export_keeps_markup_as_plain_text_in_its_own_cell(
    manager_client, stored_with_markup_in_names
):
    row = export(manager_client, stored_with_markup_in_names)
    assert row["Full name"] == SCRIPT
    assert row["Preferred name"] == IMG
    assert row["Email"] == MARKUP_EMAIL
    assert row["Message"] == f"{SCRIPT} and {IMG}"


FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(1)", '=HYPERLINK("http://x")']
TEXT_COLUMNS = {
    "full_name": "Full name",
    "preferred_name": "Preferred name",
    "referrer_name": "Referring clinician",
    "referrer_contact": "Referring clinician's contact",
    "message": "Message",
}


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_in_any_free_text_cell_is_exported_as_text(manager_client, stored, formula):
    ConsultationRequest.objects.filter(pk=stored.pk).update(
        email=f"{formula[0]}x@example.com", **dict.fromkeys(TEXT_COLUMNS, formula)
    )
    row = export(manager_client, stored)
    for column in TEXT_COLUMNS.values():
        assert row[column] == "'" + formula
    assert row["Email"] == f"'{formula[0]}x@example.com"


def test_a_formula_typed_in_the_form_is_exported_as_text(manager_client, submit):
    assert submit(full_name="=cmd|' /C calc'!A0", message="=1+1").status_code == 302
    row = export(manager_client, ConsultationRequest.objects.get())
    assert (row["Full name"], row["Message"]) == ("'=cmd|' /C calc'!A0", "'=1+1")
