"""The request form in French at /fr/consultations/request/: French labels, errors and summary,
what was typed kept, the patient's language stored, and staff reading it in English."""

import csv
import io
import re

import pytest
from django.utils import translation
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from consultations import export, links
from consultations.models import ConsultationRequest
from tests.consultations.conftest import change_url, changelist_url, valid_form
from tests.consultations.test_referrals import referral

pytestmark = pytest.mark.django_db

FR_FORM_URL = "/fr/consultations/request/"
FR_RECEIVED_URL = "/fr/consultations/request/received/"


def test_the_french_form_asks_every_question_in_french(client):
    response = client.get(FR_FORM_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr-CA"' in html
    assert "<title>Demander une consultation" in html
    assert "<h1>Demander une consultation</h1>" in html
    for french in [
        "Ce formulaire n’est pas fait pour les urgences",
        "Nom complet",
        "Adresse courriel",
        "Comment devrions-nous vous joindre d’abord?",
        "En semaine, le matin",
        "Colombie-Britannique",
        "Île-du-Prince-Édouard",
        "J’ai 18 ans ou plus",
        "Envoyer ma demande",
        "textez le 9-8-8",
    ]:
        assert escape(french) in html, french
    assert 'action="/fr/consultations/request/"' in html
    assert "Full name" not in html and "Send my request" not in html


def test_the_english_and_french_blank_forms_are_never_mixed_up(client):
    for _ in range(2):  # the second round is served from the blank-page cache
        assertContains(client.get("/consultations/request/"), "<h1>Request a consultation</h1>")
        assertContains(client.get(FR_FORM_URL), "<h1>Demander une consultation</h1>")


def test_mistakes_in_french_are_explained_in_french_and_what_was_typed_is_kept(client):
    response = client.post(
        FR_FORM_URL,
        valid_form(full_name="", email="pas-une-adresse", phone="613 555 01", message="Bonjour"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0
    assert "<title>Erreur" in html
    assert "Il y a un problème" in html and "There is a problem" not in html
    for message in [
        "Entrez votre nom complet.",
        "Entrez une adresse courriel comme nom@example.com.",
        "Entrez un numéro de téléphone à 10 chiffres comme 613-555-0100, précédé de +1 si "
        "vous le souhaitez.",
    ]:
        assert html.count(escape(message)) == 2, f"{message!r}: in the summary and at the field"
    assert 'href="#id_full_name"' in html
    assert 'value="pas-une-adresse"' in html and 'value="613 555 01"' in html
    assert re.search(r">\s*Bonjour</textarea>", html)
    assert escape("Erreur\u00a0:") in html  # the field's own "Error:" for screen readers


def test_a_french_limit_is_written_the_french_way(client):
    response = client.post(FR_FORM_URL, valid_form(message="a" * 2001))
    text = response.content.decode()
    assert re.search(r"Votre message doit compter au plus 2\s000 caractères\.", text)
    assert re.search(r"Jusqu’à 2\s000 caractères\.", text)


def test_a_broken_form_token_is_explained_in_french(client):
    response = client.post(FR_FORM_URL, valid_form(form_token="not-a-token"))
    assertContains(response, "Nous n’avons pas pu accepter le formulaire")
    assertContains(response, escape("«\u00a0Envoyer ma demande\u00a0»"))
    assert ConsultationRequest.objects.count() == 0


def test_a_request_sent_in_french_is_stored_as_french_and_confirmed_in_french(client):
    response = client.post(FR_FORM_URL, valid_form())
    assert response.status_code == 302 and response["Location"] == FR_RECEIVED_URL
    item = ConsultationRequest.objects.get()
    assert item.language == "fr"
    assert response.cookies["consultation_sent"]["path"] == "/fr/consultations/"
    page = client.get(FR_RECEIVED_URL)
    assertContains(page, "<h1>Nous avons bien reçu votre demande</h1>", html=False)
    assertContains(page, item.reference)
    assertContains(page, "Votre code de référence est")
    assertContains(page, '<html lang="fr-CA"')


def test_a_request_sent_in_english_is_stored_as_english_and_stays_english(client):
    response = client.post("/consultations/request/", valid_form())
    assert response.status_code == 302
    assert response["Location"] == "/consultations/request/received/"
    assert ConsultationRequest.objects.get().language == "en"
    page = client.get("/consultations/request/received/")
    assertContains(page, "We received your request")
    assertNotContains(page, "Nous avons bien reçu")


def test_a_referral_sent_in_french_is_stored_as_french(client):
    form = client.get("/fr/consultations/refer/")
    assertContains(form, "Diriger un patient vers nous")
    response = client.post("/fr/consultations/refer/", referral())
    assert response.status_code == 302
    assert response["Location"] == "/fr/consultations/refer/received/"
    assert ConsultationRequest.objects.get().language == "fr"
    assertContains(client.get(response["Location"]), "Nous avons bien reçu votre demande")


def test_the_patients_own_page_opens_in_french_from_a_french_link(client):
    client.post(FR_FORM_URL, valid_form())
    item = ConsultationRequest.objects.get()
    with translation.override("fr"):
        path = links.your_request_path(item)
    assert path.startswith("/fr/consultations/your-request/")
    page = client.get(path)
    assertContains(page, f"Votre demande {item.reference}")
    assertContains(page, "En attente de notre équipe d’accueil")
    assertContains(page, "Retirer ma demande")
    withdraw = client.get(path + "withdraw/")
    assertContains(withdraw, "Oui, retirer ma demande et effacer mes renseignements")


def test_staff_see_the_patients_language_in_english_on_the_request_page(client, coordinator_client):
    client.post(FR_FORM_URL, valid_form())
    item = ConsultationRequest.objects.get()
    page = coordinator_client.get(change_url(item))
    assertContains(page, "Patient&#x27;s language")
    assertContains(page, "French")
    assertContains(page, "Ontario")  # the admin is English: labels too


def test_staff_can_filter_the_list_by_the_patients_language(
    client, coordinator_client, make_request
):
    english = make_request(full_name="Robin English")
    client.post(FR_FORM_URL, valid_form(full_name="Camille Français"))
    french = ConsultationRequest.objects.exclude(pk=english.pk).get()
    page = coordinator_client.get(changelist_url() + "?language=fr")
    assertContains(page, french.reference)
    assertNotContains(page, english.reference)
    assertContains(coordinator_client.get(changelist_url()), "patient&#x27;s language")


def test_the_csv_export_names_the_patients_language(make_request):
    item = make_request(language="fr")
    rows = list(csv.reader(io.StringIO(export.requests_to_csv([item]))))
    column = rows[0].index("Patient's language")
    assert rows[1][column] == "French"
