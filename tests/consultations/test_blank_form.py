"""The empty form is rendered once, then served with fresh tokens for every visitor."""

import re

import pytest
from django.test import Client

from consultations import formtoken
from consultations.models import ConsultationRequest
from tests.consultations.conftest import FORM_URL, valid_form

pytestmark = pytest.mark.django_db


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def test_the_empty_form_is_rendered_once(client, renders):
    first = client.get(FORM_URL)
    assert "consultations/request_form.html" in renders
    renders.clear()
    second = client.get(FORM_URL)
    assert renders == []
    assert second.status_code == 200 and "no-store" in second["Cache-Control"]
    strip = re.compile(r'value="[^"]{20,}"')
    assert strip.sub("", first.content.decode()) == strip.sub("", second.content.decode())


def test_every_visitor_gets_their_own_form_token_and_csrf_token():
    pages = [Client().get(FORM_URL) for _ in range(3)]
    form_tokens = {hidden(p.content.decode(), "form_token") for p in pages}
    csrf_tokens = {hidden(p.content.decode(), "csrfmiddlewaretoken") for p in pages}
    assert len(form_tokens) == 3 and len(csrf_tokens) == 3
    assert all(formtoken.check(token).is_valid for token in form_tokens)
    assert all("csrftoken" in p.cookies for p in pages)


def test_a_form_served_from_the_finished_page_can_be_sent(settings):
    Client().get(FORM_URL)  # the first visitor's render makes the finished page
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get(FORM_URL).content.decode()
    data = valid_form(form_token=hidden(html, "form_token"))
    data["csrfmiddlewaretoken"] = hidden(html, "csrfmiddlewaretoken")
    response = visitor.post(FORM_URL, data)
    assert response.status_code == 302
    assert ConsultationRequest.objects.count() == 1


def test_a_form_with_errors_is_rendered_afresh_with_what_was_typed(client, renders):
    client.get(FORM_URL)
    renders.clear()
    response = client.post(FORM_URL, valid_form(email="not-an-email", full_name="Zoë Tremblay"))
    assert "consultations/request_form.html" in renders
    assert "Zoë Tremblay" in response.content.decode()


def test_a_changed_clinic_profile_shows_on_the_next_page(client, clinic_profile):
    client.get(FORM_URL)
    clinic_profile(reply_time="three business days")
    assert "three business days" in client.get(FORM_URL).content.decode()


def test_the_first_visitor_s_form_can_be_sent_and_no_stand_in_reaches_anyone():
    from consultations.views import CSRF_SLOT, TOKEN_SLOT

    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get(FORM_URL).content.decode()  # the render that makes the kept page
    again = Client().get(FORM_URL).content.decode()
    assert CSRF_SLOT not in html + again and TOKEN_SLOT not in html + again
    data = valid_form(form_token=hidden(html, "form_token"))
    data["csrfmiddlewaretoken"] = hidden(html, "csrfmiddlewaretoken")
    assert visitor.post(FORM_URL, data).status_code == 302
    assert ConsultationRequest.objects.count() == 1


def test_a_page_that_loses_its_csrf_token_is_rendered_in_full_every_time(client, monkeypatch):
    import consultations.views

    real = consultations.views.render_to_string
    monkeypatch.setattr(
        consultations.views,
        "render_to_string",
        lambda *args, **kwargs: real(*args, **kwargs).replace(consultations.views.CSRF_SLOT, ""),
    )
    first, second = client.get(FORM_URL), client.get(FORM_URL)
    assert first.status_code == second.status_code == 200
    tokens = {hidden(page.content.decode(), "form_token") for page in (first, second)}
    assert len(tokens) == 2 and all(formtoken.check(token).is_valid for token in tokens)
    assert consultations.views._blank_pages == {}
