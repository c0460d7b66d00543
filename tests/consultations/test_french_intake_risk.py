"""Risk words in French: a French-speaking patient writes in French, with or without accents,
and is flagged as an English speaker would be; ordinary French sentences are not."""

import pytest

from consultations.models import ConsultationRequest
from consultations.urgency import Risk, assess_risk
from tests.consultations.conftest import valid_form

URGENT, POSSIBLE, NONE = Risk.URGENT, Risk.POSSIBLE, Risk.NONE

FLAGGED = [
    ("Je pense au suicide.", URGENT),
    ("Je songe au suicide depuis des semaines", URGENT),
    ("J'ai des idées suicidaires.", URGENT),
    ("j'ai des idees de suicide", URGENT),
    ("Je suis suicidaire.", URGENT),
    ("Je veux me suicider.", URGENT),
    ("Je pense à me tuer.", URGENT),
    ("je pense a me tuer", URGENT),
    ("Je veux en finir.", URGENT),
    ("J’ai le goût d’en finir.", URGENT),
    ("Je veux mettre fin à mes jours.", URGENT),
    ("je veux mettre fin a mes jours", URGENT),
    ("Je veux mourir.", URGENT),
    ("J'ai envie de mourir.", URGENT),
    ("j'ai le gout de mourir", URGENT),
    ("Je n'ai plus envie de vivre.", URGENT),
    ("j'ai plus envie de vivre", URGENT),
    ("Je veux me faire du mal.", URGENT),
    ("Je me fais mal quand ça va trop mal.", URGENT),
    ("L'automutilation, c'est tous les soirs.", URGENT),
    ("je me mutile", URGENT),
    ("Je me coupe les bras.", URGENT),
    ("Je veux faire une surdose.", URGENT),
    ("J'ai fait une surdose volontaire.", URGENT),
    ("Je pourrais prendre tous mes médicaments d'un coup.", URGENT),
    ("J'ai des idées noires.", POSSIBLE),
    ("idees noires", POSSIBLE),
    ("Le suicide me fait peur.", POSSIBLE),
    ("J'ai fait une tentative de suicide il y a dix ans.", POSSIBLE),
    # "en finir" with something other than life: read today rather than called at once.
    ("Je veux en finir avec cette dépression.", POSSIBLE),
]

ORDINARY = [
    "Je suis fatiguée et anxieuse depuis des mois.",
    "Mon médecin m'a parlé de la kétamine.",
    "Je travaille de nuit, appelez-moi le matin.",
    "Je meurs d'envie d'essayer.",
    "Ce travail me tue.",
    "Je suis mort de rire.",
    "J'ai fini mes études.",
    "Je veux finir mes jours au soleil.",
    "Mon dos me fait mal depuis l'accident.",
    "Je me suis coupé les cheveux.",
    "Je me coupe les ongles.",
    "J'ai pris mes médicaments ce matin.",
    "J'ai envie de vivre autrement.",
    "Je cherche un traitement pour la douleur chronique.",
    "Appelez-moi en fin de journée, s'il vous plaît.",
    # A plain denial reassures us; flagging it would teach staff to look past the flag.
    "Je ne suis pas suicidaire.",
    "Je n'ai pas d'idées suicidaires.",
    "Je n'ai jamais pensé au suicide.",
    "Je ne veux pas me faire du mal.",
]


# A clinician referring a patient writes about them.
ABOUT_THE_PATIENT = [
    "Elle veut mourir.",
    "Il pense à se tuer.",
    "La patiente veut mettre fin à ses jours.",
    "Il se fait du mal.",
    "Elle s'est coupée hier soir.",
    "Il va se suicider.",
    "Il n'a plus envie de vivre.",
    "Ils seraient mieux sans elle.",
]
ORDINARY_ABOUT_THE_PATIENT = [
    "Elle se sent fatiguée depuis des mois.",
    "Il va bien depuis son dernier traitement.",
    "Elle veut essayer la kétamine.",
    "Il s'est cassé la jambe l'an dernier.",
    "Il a mal au dos.",
]


@pytest.mark.parametrize(("message", "level"), FLAGGED)
def test_french_words_of_risk_are_flagged(message, level):
    assert assess_risk(message) == level


@pytest.mark.parametrize("message", ORDINARY)
def test_ordinary_french_sentences_are_not_flagged(message):
    assert assess_risk(message) == NONE


@pytest.mark.parametrize("message", ABOUT_THE_PATIENT)
def test_a_clinicians_french_words_about_the_patient_are_flagged_urgent(message):
    assert assess_risk(message, about_someone_else=True) == URGENT


@pytest.mark.parametrize("message", ORDINARY_ABOUT_THE_PATIENT)
def test_a_clinicians_ordinary_french_words_about_the_patient_are_not_flagged(message):
    assert assess_risk(message, about_someone_else=True) == NONE


@pytest.mark.django_db
def test_a_french_request_with_risk_words_is_flagged_and_answered_with_crisis_lines(client):
    response = client.post("/fr/consultations/request/", valid_form(message="Je veux mourir."))
    item = ConsultationRequest.objects.get()
    assert item.risk == URGENT and item.language == "fr"
    page = client.get(response["Location"]).content.decode()
    assert "Si vous avez besoin d’aide maintenant, n’attendez pas notre réponse" in page
    assert "Appeler le 9-8-8" in page and "Texter le 9-8-8" in page
