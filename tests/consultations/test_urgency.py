"""Messages that suggest a risk of self-harm flag a request: urgent (call back today) or possible
(read today). The table is the clinic's agreement on each phrasing; it errs towards flagging."""

import logging
import time

import pytest

from consultations.urgency import Risk, assess_risk, suggests_risk

pytestmark = pytest.mark.django_db

URGENT, POSSIBLE, NONE = Risk.URGENT, Risk.POSSIBLE, Risk.NONE

TABLE = [
    # Suicidal thoughts or intent, however they are typed.
    ("I have thought about suicide.", URGENT),
    ("Feeling SUICIDAL lately", URGENT),
    ("sometimes I want to kill myself", URGENT),
    ("thinking about how to end my life", URGENT),
    ("I'm thinking of ending it all", URGENT),
    ("I keep thinking I should just end it", URGENT),
    ("I have suicidal ideation", URGENT),
    ("passive SI for years", URGENT),
    ("Does ketamine help with suicidal thoughts?", URGENT),  # asking usually means having them
    ("I'm suicdal", URGENT),
    ("feeling   sucidal", URGENT),
    ("i want to kms", URGENT),
    ("unalive myself", URGENT),
    ("I keep thinking about sewer slide", URGENT),
    ("thinking abt suicide", URGENT),
    ("I'm going to jump off a bridge", URGENT),
    # An active wish to die, or not to live.
    ("I just want to die", URGENT),
    ("i wanna die lol", URGENT),
    ("I don't wanna be here no more", URGENT),
    ("I don’t want to live like this", URGENT),
    ("I dont want to live anymore", URGENT),
    ("I do not want to be here", URGENT),
    ("I'd be better off dead", URGENT),
    ("life isn't worth living", URGENT),
    # No reason to live, and others better off without me.
    ("There's no reason to live.", URGENT),
    ("I have nothing left to live for", URGENT),
    ("everyone would be better off without me", URGENT),
    ("Some days I think everyone would be better off dead without me.", URGENT),
    ("Lately I've been thinking it would be easier if I wasn't here", URGENT),
    # A plan, or the means.
    ("I have saved up pills", URGENT),
    ("I've been saving my sleeping pills for months", URGENT),
    ("bought a rope yesterday", URGENT),
    ("i have a plan", URGENT),
    ("I know how I would do it", URGENT),
    ("What is the lethal dose of ketamine?", URGENT),
    ("how many pills would it take to die", URGENT),
    ("I have access to my dad's guns", URGENT),
    # Goodbyes.
    ("This is my goodbye.", URGENT),
    ("tell my family I love them, I won't be around", URGENT),
    ("By the time you read this I'll be gone", URGENT),
    ("Sorry for everything. Goodbye.", URGENT),
    ("I've written letters to my kids", URGENT),
    # Self-harm, whatever the tense: the words rarely say when.
    ("I cut myself", URGENT),
    ("I hurt myself last week", URGENT),
    ("I've been self-harming again", URGENT),
    ("self harm when things get bad", URGENT),
    ("I have a history of self-harm", URGENT),
    ("I used to self-harm as a teenager", URGENT),
    # Overdosing on purpose, and attempts said to be recent.
    ("I'm going to overdose tonight", URGENT),
    ("I took 20 pills last night", URGENT),
    ("I OD last week", URGENT),
    ("I tried to kill myself last night", URGENT),
    ("I attempted suicide again last month", URGENT),
    # A denial doesn't hide what else the message says.
    ("I'm not suicidal but I have been stockpiling my meds", URGENT),
    ("Im not suicidal but i have bought a gun", URGENT),
    ("I'm not suicidal, but I have a plan.", URGENT),
    ("I'm not suicidal i just dont want to be here anymore", URGENT),
    ("I'm not suicidal and want to die", URGENT),
    # A qualified or doubtful denial is read as a mention of being suicidal.
    ("I used to not be suicidal, now I am", URGENT),
    ("I'm not suicidal anymore", URGENT),
    ("I'm not suicidal right now", URGENT),
    ("I'm not actively suicidal", URGENT),
    ("I can't say I'm not suicidal", URGENT),
    ("not suicidal i think", URGENT),
    ("I don't want to die just yet", URGENT),
    ("I'm not suicidal because I'm too scared to do it", URGENT),
    ("I would never kill myself because of my kids", URGENT),  # a false alarm we accept
    # French.
    ("Parfois je veux mourir", URGENT),
    ("j'ai pensé à me suicider", URGENT),
    ("J’ai envie d’en finir.", URGENT),
    ("Je veux en finir", URGENT),
    ("je ne vois plus de raison de vivre", URGENT),
    ("je n'ai plus le goût de vivre", URGENT),
    ("je veux plus vivre", URGENT),
    ("JE PENSE AU SUICIDE", URGENT),
    ("des pensées suicidaires", URGENT),
    ("ils seraient mieux sans moi", URGENT),
    ("J'ai accumulé des médicaments", URGENT),
    ("j'ai un plan", URGENT),
    ("Dites à ma famille que je les aime.", URGENT),
    ("je me fais du mal", URGENT),
    ("je me scarifie", URGENT),
    ("je vais me jeter sous un train", URGENT),
    ("je ne veux plus être là", URGENT),
    ("je me suis coupée hier soir", URGENT),
    # Passive wishes to be dead.
    ("I'm not suicidal but some days I wish I wouldn't wake up", POSSIBLE),
    ("wouldn't mind if I didn't wake up", POSSIBLE),
    ("I hope I don't wake up tomorrow", POSSIBLE),
    ("I wish I could go to sleep and never wake up", POSSIBLE),
    ("I wish I could fall asleep forever", POSSIBLE),
    ("I think about not being alive", POSSIBLE),
    ("I wish I was dead", POSSIBLE),
    ("I wish I'd never been born", POSSIBLE),
    ("I want to disappear", POSSIBLE),
    ("I'm so tired of living", POSSIBLE),
    ("I'd rather die than try another SSRI", POSSIBLE),
    # Hopelessness.
    ("some days I can't see the point of going on", POSSIBLE),
    ("no point anymore", POSSIBLE),
    ("what's the point?", POSSIBLE),
    ("nothing will ever get better", POSSIBLE),
    ("I feel hopeless", POSSIBLE),
    ("I can't go on like this", POSSIBLE),
    ("I can't keep doing this", POSSIBLE),
    ("I feel like giving up", POSSIBLE),
    ("Life has no meaning", POSSIBLE),
    ("Honestly, I'm not suicidal; I'm hopeless.", POSSIBLE),
    # A burden.
    ("I feel like a burden", POSSIBLE),
    ("I'm not suicidal, I'm a burden", POSSIBLE),
    # An attempt not said to be recent, and other mentions of suicide.
    ("I attempted suicide in 2019", POSSIBLE),
    ("I TRIED TO COMMIT SUICIDE", POSSIBLE),
    ("I took an overdose in March", POSSIBLE),
    ("I OD'd last year", POSSIBLE),
    ("My brother died by suicide last year", POSSIBLE),
    ("I'm a nurse who works in suicide prevention", POSSIBLE),
    ("my ex told me to kys", POSSIBLE),
    # Dark thoughts.
    ("I have dark thoughts but would never act on them", POSSIBLE),
    ("I'm in a really dark place", POSSIBLE),
    ("I sometimes think about death", POSSIBLE),
    # Questions about safety: read today.
    ("Is there a risk of overdosing on ketamine?", POSSIBLE),
    ("Can you die from ketamine?", POSSIBLE),
    ("What happens if someone takes too much ketamine?", POSSIBLE),
    ("I don't want to die from an overdose, is ketamine safe?", POSSIBLE),
    # French.
    ("J'aimerais ne plus me réveiller", POSSIBLE),
    ("Je veux dormir et ne jamais me réveiller", POSSIBLE),
    ("Je n'en peux plus.", POSSIBLE),
    ("Rien ne va jamais s'améliorer.", POSSIBLE),
    ("je ne vois pas d'issue", POSSIBLE),
    ("Je suis tannée de vivre", POSSIBLE),
    ("Je suis un fardeau pour ma famille.", POSSIBLE),
    ("personne ne s'en rendrait compte si je partais", POSSIBLE),
    ("J'ai des idées noires", POSSIBLE),
    ("idees noires depuis des mois", POSSIBLE),
    ("J'ai fait une tentative de suicide en 2015.", POSSIBLE),
    ("Mon frère s'est suicidé", POSSIBLE),
    ("Y a-t-il un risque de surdose avec la kétamine?", POSSIBLE),
    ("Je ne veux pas mourir mais je n'en peux plus", POSSIBLE),
    # Ordinary messages and clinical questions.
    ("", NONE),
    ("I have had depression for ten years.", NONE),
    ("My doctor suggested ketamine; my mood is low but stable.", NONE),
    ("I have tried three antidepressants without much change.", NONE),
    ("I've struggled with treatment-resistant depression; nothing has helped.", NONE),
    ("Is ketamine addictive?", NONE),
    ("Is ketamine safe if I have high blood pressure?", NONE),
    ("Can I drive after a ketamine session?", NONE),
    ("Looking for options for chronic pain", NONE),
    ("I don't want to go on another SSRI.", NONE),
    ("I want to give up smoking before treatment", NONE),
    ("I take all my meds in the morning.", NONE),
    ("I have enough meds to last until my next appointment.", NONE),
    ("I have a plan for my treatment with my GP.", NONE),
    ("My psychiatrist has a plan.", NONE),
    ("I want the pain to stop.", NONE),  # chronic pain, not a wish to die
    ("I won't be around on Monday, please call Tuesday.", NONE),
    ("I didn't get a reply to my last message.", NONE),
    ("Mes enfants sont ma raison de vivre.", NONE),
    # Idioms and look-alikes.
    ("The methodology of the study looked good", NONE),  # "od" inside words is not "OD"
    ("my od is fine", NONE),  # lower-case "od" is too common to mean overdose
    ("That's odd, my referral never arrived.", NONE),
    ("I killed it at my new job", NONE),
    ("This job is killing me and I'm dying to try ketamine.", NONE),
    ("I feel like I'm going to die when I have a panic attack.", NONE),
    ("Suicidology", NONE),
    ("I work in an office near Ottawa", NONE),
    ("I am a diehard fan of your articles", NONE),
    ("I live 40 kms from Sherbrooke.", NONE),
    ("I've been cutting back on coffee.", NONE),
    ("Do you treat PTSD from military service? I have a gun licence for work.", NONE),
    ("Je voudrais me faire couper les cheveux avant.", NONE),
    ("je me suis coupé le doigt en cuisinant", NONE),
    ("SI POSSIBLE APPELEZ MOI LE MATIN", NONE),  # "SI" is not shorthand here
    # A plain denial on its own.
    ("I'm not suicidal.", NONE),
    ("I’m not suicidal – just tired.", NONE),
    ("im not suicidal just exhausted", NONE),
    ("I have never had suicidal thoughts", NONE),
    ("No thoughts of self-harm.", NONE),
    ("No suicidal thoughts or plans.", NONE),
    ("I don't want to kill myself, I want to feel better.", NONE),
    ("I have no history of self-harm or suicide attempts.", NONE),
    ("I have never attempted suicide", NONE),
    ("I'm depressed but I'm not suicidal and never have been.", NONE),
    ("Don't worry, I'm not suicidal", NONE),
    ("Patient denies SI", NONE),
    ("Je ne suis pas suicidaire.", NONE),
    ("je suis pas suicidaire mais je suis épuisée", NONE),
    ("Je n'ai pas d'idées suicidaires.", NONE),
    ("Je n'ai pas envie de mourir.", NONE),
    ("je ne me ferais jamais de mal", NONE),
]


@pytest.mark.parametrize("message, level", TABLE)
def test_it_gives_each_phrasing_the_level_agreed_with_the_clinic(message, level):
    assert assess_risk(message) == level


@pytest.mark.parametrize("message, level", TABLE)
def test_it_flags_a_request_exactly_when_the_message_has_a_level(message, level):
    assert suggests_risk(message) is (level != NONE)


def test_it_labels_the_levels_in_words_staff_act_on():
    assert Risk.URGENT.label == "Urgent – call back today"
    assert Risk.POSSIBLE.label == "May indicate risk – read today"
    assert Risk.NONE == ""


def test_it_never_logs_or_prints_the_message(caplog, capsys):
    with caplog.at_level(logging.DEBUG):
        assess_risk("I want to end my life, Zephyrine")
    assert caplog.records == []
    assert capsys.readouterr() == ("", "")


def test_it_reads_the_longest_message_the_form_allows_quickly():
    # A pattern that backtracks badly would hold up the request; the form allows 2,000 characters.
    messages = ["I'm not " * 250, "wish i " * 285, "no or " * 333, "d' " * 666, "a" * 2000]
    start = time.perf_counter()
    for message in messages:
        assess_risk(message)
    assert time.perf_counter() - start < 1


def test_an_urgent_request_is_flagged_for_staff(make_request):
    assert make_request(message="I have been thinking about suicide").is_urgent is True
    assert make_request(message="Looking for options for chronic pain").is_urgent is False
