"""Does a message suggest a risk of self-harm? A triage hint for staff, not a diagnosis.

A false alarm costs a phone call; a miss could cost a life. So the lists err towards flagging,
and towards the higher level when in doubt. Staff alone see the level; the patient never does.

URGENT, call back today: suicidal thoughts or intent in any words ("suicidal", "kill myself",
"end it all", "kms"), an active wish to die, self-harm, a plan or the means ("saved up pills",
"bought a rope", "the lethal dose"), goodbyes, overdosing on purpose, an attempt said to be
recent, and two of the strongest warning signs: "no reason to live" and "they'd be better off
without me".

POSSIBLE, read today: passive wishes to be dead ("wish I wouldn't wake up"), hopelessness
("can't see the point of going on"), feeling a burden, "dark thoughts", an attempt that is not
said to be recent ("I attempted suicide in 2019"), and any other mention of suicide, overdose or
a lethal outcome, which takes in questions about safety and losing someone to suicide.

Tense is rarely clear ("I cut myself" may be last night or years ago), so the word "suicidal" and
self-harm stay urgent whatever the tense; only attempts are read as history. Idioms stay
unflagged: "this job is killing me", "I killed it", "dying to try it", "I feel like I'm going
to die" (panic, not a wish).

Negation: a denial is set aside only when it is a whole clause ("I'm not suicidal", "no thoughts
of self-harm", "je ne suis pas suicidaire"), ending the sentence or followed by "but", "and",
"just"... It becomes a full stop, and the rest of the message is read as usual: "I'm not
suicidal but some days I wish I wouldn't wake up" is POSSIBLE. A qualified or doubtful denial is
read as a mention of the word: "not suicidal anymore / right now / yet", "not actively
suicidal", "I used to not be suicidal", "I can't say I'm not suicidal" are URGENT. A plain
denial on its own is NONE: people write it to reassure us, and flagging it would teach staff to
look past the flag.

Spelling: case, accents, curly apostrophes, dashes and spacing are folded first; apostrophes are
optional ("dont", "im", "jai"); "suicide" is matched with its common misspellings ("sucidal",
"suicdal", "suiside") but not inside "suicidology"; shorthand: "kms" (not "40 kms away"), "kys"
(someone else's words: POSSIBLE), "unalive", "sewer slide", "OD" only in capitals ("od" is too
common in lower-case text) and "SI" after a word like "passive" or "denies".

French (the form is in French too): the same kinds of phrases, written without accents as the
text is folded ("idées noires" and "idees noires" alike). "En finir" is urgent unless what is
ended is named and is not life ("en finir avec cette dépression" is POSSIBLE); "me faire mal"
only when it is the person's doing ("mon dos me fait mal" is not).

Review the lists with the clinical lead when they change. The message itself is never logged.
"""

import re
import unicodedata

from django.db import models

from consultations.risk_phrases import (
    CLAUSE_END,
    CLAUSE_START,
    DENIAL_BODY,
    POSSIBLE_PATTERNS,
    URGENT_PATTERNS,
)


class Risk(models.TextChoices):
    NONE = "", "No risk words found"
    POSSIBLE = "possible", "May indicate risk – read today"
    URGENT = "urgent", "Urgent – call back today"


def _loosen(pattern: str) -> str:
    # The apostrophe may be typed, left out or typed as a space ("dont", "i m", "j ai").
    return pattern.replace(" ", r"\s").replace("'", r"[' ]?")


def _compile(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(rf"(?<!\w)(?:{_loosen(p)})(?!\w)" for p in patterns))


_URGENT = _compile(URGENT_PATTERNS)
_POSSIBLE = _compile(POSSIBLE_PATTERNS)
_DENIAL = re.compile(CLAUSE_START + _loosen(DENIAL_BODY) + CLAUSE_END)

_FOLD = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'", "\u2032": "'"}
    | {"-": " ", "_": " ", "\u2010": " ", "\u2011": " ", "\u2013": ", ", "\u2014": ", "}
    | {"\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None}
)
# Shorthand, expanded before case is folded: "OD" and "SI" only count in capitals.
_SHORTHAND = [
    (re.compile(pattern), replacement)
    for pattern, replacement in [
        (r"(?<!\w)(?:OD(?:'[dD]|'?d|'?ed|'?ing|s)|(?i:od'(?:d|ed|ing)))(?!\w)", "overdosed"),
        (r"(?<!\w)OD(?!\w)", "overdose"),
        (
            r"(?<!\w)((?i:passive|active|have|having|had|with|denies|deny|no))\sSI\b",
            r"\1 suicidal ideation",
        ),
        (r"(?i)(?<!\d)(?<!\d\s)\bkms\b(?!\s(?:away|from|north|south|east|west|of))", "kill myself"),
        (r"(?i)\bkys\b", "kill yourself"),
        (r"(?i)\bsewer\s?slide", "suicide"),
    ]
]


def _normalise(message: str) -> str:
    text = message.translate(_FOLD)
    for pattern, replacement in _SHORTHAND:
        text = pattern.sub(replacement, text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"\s*\n\s*", "\n", re.sub(r"[^\S\n]+", " ", text)).strip()


# A referring clinician writes about the patient ("she wants to die", "he plans to kill
# himself", "pt has thoughts of ending his life"). Read as the patient's own words as well, the
# phrases above catch those too, in English and in French ("elle veut mourir", "il pense à se
# tuer", "mettre fin à ses jours"); the list errs towards flagging, as ever.
_THIRD_PERSON = [
    (re.compile(rf"(?<!\w)(?:{pattern})(?!\w)"), replacement)
    for pattern, replacement in [
        # French: "il", "elle", "se", "s'est", "ses jours"… made the patient's own words.
        (r"sans (?:lui|elle|eux)", "sans moi"),
        (r"(?:le |la |mon |ma |notre )?(?:patiente?|cliente?)|il|elle|ils|elles", "je"),
        (r"je a", "j'ai"),
        (r"n'a", "n'ai"),
        (r"se", "me"),
        (r"s'est", "me suis"),
        (r"s'(\w+)", r"m'\1"),
        (r"ses jours", "mes jours"),
        (r"sa vie", "ma vie"),
        (r"veut|veulent", "veux"),
        (r"voudrait", "voudrais"),
        (r"aimerait", "aimerais"),
        (r"va", "vais"),
        (r"(?:the |my |our )?(?:patient|pt|client)", "i"),
        (r"himself|herself|themselves|themself", "myself"),
        (r"he|she|they", "i"),
        (r"his|her|their", "my"),
        (r"him|them", "me"),
        (r"is|are", "am"),
        (r"has", "have"),
        (r"does ?n[o']?t", "don't"),
        (r"does", "do"),
        (r"(want|plan|think|feel|say|talk|intend|hope|keep|hate|need)s", r"\1"),
        (r"wishes", "wish"),
        (r"tries", "try"),
    ]
]


def _first_person(text: str) -> str:
    for pattern, replacement in _THIRD_PERSON:
        text = pattern.sub(replacement, text)
    return text


_LEVELS = (Risk.NONE, Risk.POSSIBLE, Risk.URGENT)


def assess_risk(message: str, *, about_someone_else: bool = False) -> Risk:
    """`about_someone_else`: a clinician writing about the patient; first-person phrases are
    looked for in the third person too."""
    text = _normalise(message)
    risk = _assess(text)
    if about_someone_else and risk != Risk.URGENT:
        risk = max(risk, _assess(_first_person(text)), key=_LEVELS.index)
    return risk


def _assess(text: str) -> Risk:
    # A denial is blanked out and becomes a clause boundary, so it can't join the words around it.
    text = _DENIAL.sub(" ; ", text)
    if _URGENT.search(text):
        return Risk.URGENT
    if _POSSIBLE.search(text):
        return Risk.POSSIBLE
    return Risk.NONE


def suggests_risk(message: str, *, about_someone_else: bool = False) -> bool:
    """Kept for callers that only need a yes or no: True at either level."""
    return assess_risk(message, about_someone_else=about_someone_else) != Risk.NONE
