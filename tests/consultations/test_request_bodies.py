"""Bodies no browser sends: too big, too many fields, not UTF-8. A clear answer, nothing stored."""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import ConsultationRequest
from tests.consultations.conftest import FORM_URL, valid_form

pytestmark = pytest.mark.django_db

URLENCODED = "application/x-www-form-urlencoded"
UNREADABLE = "Some characters could not be read"


def post_body(client, body, content_type=URLENCODED):
    return client.generic("POST", FORM_URL, body, content_type=content_type)


def test_a_body_over_the_upload_limit_is_a_400(client, settings):
    body = urlencode(valid_form(message="a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE), doseq=True)
    response = post_body(client, body)
    assert response.status_code == 400
    assert ConsultationRequest.objects.count() == 0


def test_a_multipart_body_over_the_upload_limit_is_a_400(client, settings):
    response = client.post(FORM_URL, valid_form(message="a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    assert response.status_code == 400
    assert ConsultationRequest.objects.count() == 0


def test_more_fields_than_allowed_is_a_400(client, settings):
    extra = "&".join(f"x{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS))
    response = post_body(client, urlencode(valid_form(), doseq=True) + "&" + extra)
    assert response.status_code == 400
    assert ConsultationRequest.objects.count() == 0


def test_a_long_value_under_the_body_limit_is_refused_at_its_field(client):
    response = post_body(client, urlencode(valid_form(message="a" * 1_000_000), doseq=True))
    assert response.status_code == 200
    assert "Your message must be 2,000 characters or fewer." in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_a_body_that_is_not_utf8_is_a_400_not_a_request_stored_as_latin1(client):
    body = urlencode(valid_form(message="Zoë"), doseq=True).encode()
    response = post_body(client, body.replace(b"Alex+Tremblay", b"Alex\xffTremblay"))
    assert response.status_code == 400
    assert ConsultationRequest.objects.count() == 0


def test_a_body_that_says_it_is_latin1_is_a_400(client):
    body = urlencode(valid_form(full_name="Zoë Gagné"), doseq=True, encoding="latin-1")
    response = post_body(client, body, content_type=f"{URLENCODED}; charset=iso-8859-1")
    assert response.status_code == 400
    assert ConsultationRequest.objects.count() == 0


def test_accented_letters_sent_as_utf8_are_stored_exactly(client):
    response = post_body(client, urlencode(valid_form(full_name="Zoë Gagné"), doseq=True))
    assert response.status_code == 302
    assert ConsultationRequest.objects.get().full_name == "Zoë Gagné"


def test_percent_encoded_bytes_that_are_not_utf8_are_refused_at_the_field(client):
    body = urlencode(valid_form(), doseq=True).replace("Alex+Tremblay", "Alex%FFTremblay")
    response = post_body(client, body)
    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_multipart_bytes_that_are_not_utf8_are_refused_at_the_field(client):
    body = (
        b'--B\r\nContent-Disposition: form-data; name="full_name"\r\n\r\nAlex\xc3Tremblay\r\n'
        b"--B--\r\n"
    )
    response = post_body(client, body, content_type="multipart/form-data; boundary=B")
    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()


def test_a_replacement_character_typed_in_the_message_is_refused_with_a_clear_message(submit):
    response = submit(message="Copied text with a broken \ufffd character")
    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_a_control_character_in_a_quoted_email_address_is_refused(submit):
    response = submit(email='"alex\x07"@example.com')
    assert response.status_code == 200
    assert "Remove the invisible control characters." in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_a_file_sent_with_the_form_is_ignored(client):
    upload = SimpleUploadedFile("notes.html", b"<script>alert(1)</script>", "text/html")
    response = client.post(FORM_URL, {**valid_form(), "attachment": upload})
    assert response.status_code == 302
    assert ConsultationRequest.objects.count() == 1
