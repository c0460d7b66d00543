"""How the form answers bad input: values kept, errors at the field, a summary on top."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_what_was_typed_is_kept_when_the_form_comes_back(submit):
    html = submit(email="not-an-email", message="Please call after 5").content.decode()
    assert 'value="Alex Tremblay"' in html
    assert 'value="not-an-email"' in html
    assert "Please call after 5" in html
    assert re.search(r'value="ptsd"\s+id="id_help_wanted_1"[^>]*\bchecked\b', html)
    assert not re.search(r'value="anxiety"\s+id="id_help_wanted_2"[^>]*\bchecked\b', html)


def test_a_field_with_an_error_is_marked_invalid_and_described_by_its_error(submit):
    html = submit(phone="12").content.decode()
    phone_input = html[html.index('name="phone"') : html.index('id="id_phone"')]
    assert 'aria-invalid="true"' in phone_input
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in phone_input
    assert 'id="id_phone_error"' in html and 'id="id_phone_helptext"' in html


def test_the_error_summary_lists_every_error_in_field_order(client):
    html = client.post("/consultations/request/", {}).content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index('id="error-summary"'))
    ]
    anchors = [part.split('"')[0] for part in summary.split('href="#')[1:]]
    assert anchors == [
        "id_full_name",
        "id_email",
        "id_phone",
        "id_contact_method_0",
        "id_voicemail_ok_0",
        "id_province",
        "id_is_adult",
        "id_help_wanted_0",
        "id_referred_by_clinician_0",
        "id_consent",
    ]
    for anchor in anchors:
        assert f'id="{anchor}"' in html
