"""Words as search sees them: accents folded, lower case, plurals and a few endings taken off.

The same steps run over the index and over a query, so "kétamine" finds "ketamine", "effects"
finds "effect", and "addictive" finds "addiction" (both become "addict"). French elision is
taken off too, so "l'eskétamine" is the word "esketamine".
"""

import functools
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A word, or a number written with hyphens ("9-8-8" is the word "988").
WORD = re.compile(r"\d+(?:-\d+)+|[^\W_]+(?:['’][^\W_]+)*")
POSSESSIVE = re.compile(r"['’]s$")
# French elision (l'effet, d'aide, qu'est-ce): the word is what follows the apostrophe.
ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’](?=[^\W\d_])")
STOPWORDS = frozenset({
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "could", "do", "does", "for",
    "from", "get", "has", "have", "how", "i", "if", "in", "is", "it", "me", "my", "of", "on", "or",
    "should", "so", "the", "there", "this", "to", "what", "when", "where", "which", "who", "why",
    "will", "with", "would", "you", "your",
    # French: articles, pronouns and the little words between the ones that matter.
    "au", "aux", "avec", "ce", "ces", "cette", "dans", "de", "des", "du", "elle", "en",
    "est", "et", "il", "je", "la", "le", "les", "leur", "ma", "mes", "mon", "ne", "nous", "ou",
    "par", "pas", "pour", "quand", "que", "quel", "quelle", "qui", "quoi", "sa", "se", "ses",
    "sont", "sur", "un", "une", "vos", "votre", "vous", "y",
})  # fmt: skip
MIN_PREFIX = 4  # a shorter term matches only words with its own stem: "fee" must not find "feel"
# Endings taken off after the plural, longest first; the stem that is left keeps 4+ letters.
ENDINGS = ("ations", "ation", "ative", "ness", "ment", "ions", "ion", "ive", "ing", "ed", "al", "e")


@functools.lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One lower-case character without its accent (length kept, so positions stay aligned)."""
    base = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in base if not unicodedata.combining(c)) or char
    return base.lower()[0]


def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    return "".join(map(fold_char, text))


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: enough for plurals and a word's family, applied to both sides."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "xes", "zes", "ches", "shes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 3 and word.endswith("y"):
        word = word[:-1] + "i"  # "therapy", "therapies" and "thérapie" meet at "therapi"
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _plain(word: str) -> str:
    word = ELISION.sub("", word)
    return POSSESSIVE.sub("", word).replace("’", "'").replace("-", "")


def normal_word(word: str) -> str:
    """One word as the index holds it, before stemming."""
    return _plain(fold(word))


def words_of(text: str) -> list[str]:
    """The folded words of `text`, possessive "'s" taken off, hyphenated parts apart."""
    return [_plain(word) for word in WORD.findall(fold(text))]


def terms_of(query: str, limit: int = 8) -> list[str]:
    """The words of a query worth searching for, in order, without repeats or common words."""
    terms = []
    for word in words_of(query):
        if word not in STOPWORDS and word not in terms and (len(word) > 1 or word.isdigit()):
            terms.append(word)
    return terms[:limit]


def stem_matches(word_stem: str, term_stem: str) -> bool:
    """A term matches the words it begins, or only its own word when it is short."""
    if len(term_stem) < MIN_PREFIX:
        return word_stem == term_stem
    return word_stem.startswith(term_stem)


def _matches(text: str, stems):
    """Each word of `text` whose stem begins with one of `stems`, as (start, end)."""
    for match in WORD.finditer(fold(text)):
        word_stem = stem(_plain(match.group()))
        if any(stem_matches(word_stem, s) for s in stems):
            yield match.start(), match.end()


def highlight(text: str, stems) -> SafeString:
    """`text`, escaped, with every word that `stems` match in <mark>."""
    stems = [s for s in stems if s]
    pieces, last = [], 0
    for start, end in _matches(text, stems):
        pieces += [escape(text[last:start]), f"<mark>{escape(text[start:end])}</mark>"]
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped above)


def first_match(text: str, stems) -> int:
    """Where in `text` the first word that `stems` match starts, or -1."""
    return next((start for start, _ in _matches(text, [s for s in stems if s])), -1)
