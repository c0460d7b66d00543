"""Does a message suggest a risk of self-harm? A triage hint for staff, not a diagnosis.

The list errs towards flagging: a false alarm costs a same-day phone call; a miss could cost much
more. Phrases are matched case-insensitively on word boundaries, with curly apostrophes treated
as straight ones and "self harm" / "self-harm" / "selfharm" alike. Review the list with the
clinical lead when it changes. The message itself is never logged.

English: suicide, suicidal, kill myself, killing myself, end my life, ending my life, end it all,
take my (own) life, self-harm, hurt myself, hurting myself, cut myself, cutting myself, overdose,
overdosing, OD, want to die, wanna die, don't / do not want to live, don't want to be here
(anymore), no reason to live, better off dead, better off without me.
French (for patients in Quebec and elsewhere): suicide, suicidaire, me suicider, me tuer,
en finir, envie de mourir, veux mourir, automutilation, me faire du mal, surdose.
"""

import re

PHRASES = [
    r"suicid(?:e|al|aire)",
    r"kill(?:ing)? my\s?self",
    r"end(?:ing)? (?:my|it) (?:life|all)",
    r"take my (?:own )?life",
    r"self[\s-]?harm(?:ing)?",
    r"(?:hurt|hurting|cut|cutting|harm|harming) my\s?self",
    r"overdos(?:e|ed|ing)",
    r"OD",
    r"(?:want|wanna|wanting) to die",
    r"(?:don'?t|do not|dont) want to (?:live|be alive|be here)",
    r"no reason to (?:live|go on)",
    r"better off (?:dead|without me)",
    r"me suicider",
    r"me tuer",
    r"en finir",
    r"envie de mourir",
    r"veux mourir",
    r"automutilation",
    r"me faire du mal",
    r"surdose",
]

_PATTERN = re.compile(
    r"(?<!\w)(?:" + "|".join(p.replace(" ", r"\s+") for p in PHRASES) + r")(?!\w)",
    re.IGNORECASE,
)
# "OD" only in capitals: "od" is too common inside other text typed in lower case.
_CASE_SENSITIVE = {"od"}


def suggests_risk(message: str) -> bool:
    text = message.replace("\u2019", "'").replace("\u2018", "'")
    for match in _PATTERN.finditer(text):
        found = match.group(0)
        if found.lower() in _CASE_SENSITIVE and found != found.upper():
            continue
        return True
    return False
