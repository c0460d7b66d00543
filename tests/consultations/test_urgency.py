"""Words that suggest a risk of self-harm flag a request for same-day attention."""

import pytest

from consultations.urgency import suggests_risk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "message",
    [
        "I have thought about suicide.",
        "Feeling SUICIDAL lately",
        "sometimes I want to kill myself",
        "I don’t want to live like this",
        "I dont want to live anymore",
        "I do not want to be here",
        "thinking about how to end my life",
        "I have a history of self-harm",
        "self harm when things get bad",
        "I hurt myself last week",
        "I took an overdose in March",
        "I OD'd last year",
        "everyone would be better off without me",
        "I just want to die",
        "Parfois je veux mourir",
        "j'ai pensé à me suicider",
    ],
)
def test_it_flags_messages_that_suggest_a_risk_of_self_harm(message):
    assert suggests_risk(message)


@pytest.mark.parametrize(
    "message",
    [
        "",
        "I have had depression for ten years.",
        "My doctor suggested ketamine; my mood is low but stable.",
        "Is ketamine addictive?",
        "The methodology of the study looked good",  # "od" inside words is not "OD"
        "my od is fine",  # lower-case "od" is too common to mean overdose
        "I killed it at my new job",
        "Suicidology",
        "I work in an office near Ottawa",
        "I am a diehard fan of your articles",
    ],
)
def test_it_does_not_flag_ordinary_messages(message):
    assert not suggests_risk(message)


def test_it_errs_towards_flagging_questions_about_overdose():
    # A false alarm costs a phone call the same day; staff can clear the flag.
    assert suggests_risk("Is there a risk of overdosing on ketamine?")


def test_an_urgent_request_is_flagged_for_staff(make_request):
    assert make_request(message="I have been thinking about suicide").is_urgent is True
    assert make_request(message="Looking for options for chronic pain").is_urgent is False
