"""The editorial bars every published article must meet, measured the same way everywhere.

`manage.py content_report` prints these figures, and a test runs the same checks over the real
`content/` folder so CI fails when an article drifts.
"""

import datetime
import re
from dataclasses import dataclass, field

import textstat
from django.urls import reverse
from django.utils import translation

from articles import fingerprints
from articles.attribution import faq_citation, uncited_attributions

MIN_WORDS, MAX_WORDS = 800, 1800
# French says the same in about a fifth more words (the translations measured 14–24% longer).
FRENCH_WORDS = (800, 2200)
MAX_GRADE = 9.0
# French has no grade level; its published measure is Kandel & Moles (1958), Flesch's reading
# ease refitted to French: 207 − 1.015 × words per sentence − 73.6 × syllables per word. 60 and
# up is "standard" or easier on Flesch's scale, where the English bar of grade 9 also sits.
MIN_KANDEL_MOLES = 60.0
MIN_REFERENCES = 2
MIN_ARTICLE_LINKS = 2
MAX_REVIEW_INTERVAL = datetime.timedelta(days=366)
FAQ_RANGE = (12, 20)
# Promises the brief forbids: health information never guarantees an outcome.
FORBIDDEN = re.compile(
    r"\b(cure[sd]?|guarantee[sd]?|risk-free|virtually eliminated|breakthrough|miracle"
    r"|garanti[es]{0,2}|garantit|sans risque|miraculeu\w*|révolutionnaire\w*)\b",
    re.I,
)
# A figure: a percentage or a study size. Each must sit in a block that cites a reference.
FIGURE = re.compile(
    r"\d+(?:[.,]\d+)?\s?%|\bn\s?=\s?\d+"
    r"|\b\d{2,}\s+(?:people|patients|adults|veterans|personnes|adultes|vétérans)\b"
)
BLOCK = re.compile(r"<(p|li|tr)\b[^>]*>(.*?)</\1>", re.S)


_FRENCH = type(textstat.textstat)()  # its own instance: set_lang on the shared one is global
_FRENCH.set_lang("fr")


def kandel_moles(text: str) -> float:
    """Kandel & Moles' reading ease of French text (higher is easier), syllables by pyphen."""
    words_per_sentence = _FRENCH.words_per_sentence(text)
    syllables_per_word = _FRENCH.avg_syllables_per_word(text)
    return round(207 - 1.015 * words_per_sentence - 73.6 * syllables_per_word, 1)


@dataclass
class Row:
    slug: str
    words: int
    grade: float  # English: Flesch–Kincaid grade (lower is easier); French: Kandel–Moles (higher)
    references: int
    links_out: int
    links_in: int
    next_review: datetime.date
    failures: list[str] = field(default_factory=list)


def _uncited_figures(html: str) -> list[str]:
    found = []
    for _, block in BLOCK.findall(html):
        if "<tr" in block or "<li" in block:
            continue  # judged by its own inner blocks
        text = re.sub(r"<[^>]+>", "", block)
        match = FIGURE.search(text)
        if match and 'class="cite"' not in block:
            found.append(match.group(0))
    return found


def assess(article, *, links_in: int, today: datetime.date, sources=None) -> Row:
    """`sources` are the fingerprints of the commissioned source texts (articles.fingerprints)."""
    french = article.language == "fr"
    if french:
        grade = kandel_moles(article.prose)
    else:
        grade = round(textstat.flesch_kincaid_grade(article.prose), 1)
    links_out = len(article.article_links - {article.slug})
    row = Row(article.slug, article.words, grade, len(article.references), links_out, links_in,
              article.next_review)  # fmt: skip
    fail = row.failures.append
    low, high = FRENCH_WORDS if french else (MIN_WORDS, MAX_WORDS)
    if not low <= row.words <= high:
        fail(f"has {row.words} words; needs {low}–{high}")
    if french and grade < MIN_KANDEL_MOLES:
        fail(f"reads at Kandel–Moles {grade}; needs {MIN_KANDEL_MOLES:g} or higher")
    elif not french and grade > MAX_GRADE:
        fail(f"reads at grade {grade}; needs {MAX_GRADE:g} or lower")
    if row.references < MIN_REFERENCES:
        fail(f"has {row.references} references; needs {MIN_REFERENCES} or more")
    cited = {int(n) for n in re.findall(r'href="#ref-(\d+)"', article.html)}
    unused = [r.number for r in article.references if r.number not in cited]
    if unused:
        fail(f"never cites reference(s) {unused}")
    for figure in _uncited_figures(article.html):
        fail(f"gives the figure {figure!r} without a citation in the same paragraph")
    for sentence in [] if french else uncited_attributions(article.html):  # English phrasing
        fail(f'names a source without citing it in the same sentence: "{sentence}"')
    if row.links_out < MIN_ARTICLE_LINKS:
        fail(f"links to {row.links_out} other articles; needs {MIN_ARTICLE_LINKS} or more")
    with translation.override(article.language):
        form = reverse("consultations:request")
    if form not in article.site_links:
        fail(f"does not link to {form}")
    if "help" not in article.callout_kinds:
        fail('has no "When to get help" callout')
    elif not all(s in article.text for s in ("9-8-8", "911")):
        fail("does not mention 9-8-8 and 911")
    if article.next_review - article.last_reviewed > MAX_REVIEW_INTERVAL:
        fail("next_review is more than a year after last_reviewed")
    if article.next_review < today:
        fail(f"review was due {article.next_review:%Y-%m-%d}")
    if match := FORBIDDEN.search(article.text):
        fail(f"makes a promise the brief forbids: {match.group(0)!r}")
    if sources and (copied := fingerprints.copied_runs(article.text, sources)):
        fail(
            f"shares {len(copied)} {fingerprints.SHINGLE}-word runs with the source articles, "
            f"e.g. {copied[0]!r}"
        )
    return row


def assess_library(library, *, today: datetime.date, sources=None) -> tuple[list[Row], list[str]]:
    """Rows for every published article, and problems with the library as a whole."""
    rows = [
        assess(a, links_in=len(library.links_in(a.slug)), today=today, sources=sources)
        for a in library.published
    ]
    general = []
    low, high = FAQ_RANGE
    if not low <= len(library.faq) <= high:
        general.append(f"the FAQ has {len(library.faq)} questions; needs {low}–{high}")
    if not library.glossary:
        general.append("the glossary is empty")
    for entry in library.faq if library.language == "en" else ():  # English phrasing only
        for sentence in uncited_attributions(entry.html, cited=faq_citation()):
            general.append(
                f'the FAQ answer to "{entry.heading}" names a source without citing it in the '
                f'same sentence (link to the article that cites it): "{sentence}"'
            )
    for row in rows:
        if row.links_in == 0:
            general.append(f"no article links to {row.slug}")
    return rows, general
