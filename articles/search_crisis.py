"""Searches that may come from someone in crisis: the results page then puts Get help now first.

It errs towards showing help: a false alarm costs one box above the results; a miss could cost
far more. Matched on the folded query (no accents, lower case, punctuation as spaces), in English
and French. Nothing about a search is ever logged.
"""

import re

from articles.search_text import fold

CRISIS = re.compile(
    r"\b(?:"
    r"suicid\w*|crisis|crises|crise|emergenc\w*|urgence\w*|overdos\w*|detresse"
    r"|(?:kill|killing|hurt|hurting|harm|harming|cut|cutting)\s?(?:my\s?self|me)"
    r"|(?:end|ending|take|taking)\s(?:my\s(?:own\s)?life|it\sall|myself)"
    r"|(?:want|wanna|wish|going|ready)\s(?:to\s)?(?:die|be\sdead|disappear)"
    r"|self\s?harm\w*|no\sreason\sto\slive|(?:dont|do\snot|cant)\swant\sto\s(?:live|be\shere)"
    r"|help\s?now|get\shelp|need\shelp\snow|urgent\shelp|hotline|help\s?line|lifeline"
    r"|9\s?8\s?8|911|me\s(?:tuer|suicider)|en\sfinir|mourir|envie\sde\smourir"
    r")\b"
)


def is_crisis(*queries: str) -> bool:
    """Whether any of `queries` (the words typed, and what search corrected them to) asks
    for crisis help or speaks of suicide or self-harm."""
    for query in queries:
        plain = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(query).replace("'", "")).split())
        if CRISIS.search(plain):
            return True
    return False
