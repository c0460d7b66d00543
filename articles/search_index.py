"""The index: which words each document holds, where, and how often; ranking; typo correction.

Scores add up per term: a word in a title outweighs a heading, a tag or the summary, which
outweigh any number of mentions in the text. A document that holds every term comes before one
that holds only some. Terms match word beginnings ("addict" finds "addiction"), after the same
folding and stemming as the index (`articles.search_text`).

A term that begins no word in the index is corrected to the nearest word that is there (by edit
distance with transpositions, rapidfuzz's OSA): the index's own vocabulary, so a correction
always finds something.
"""

import bisect
import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from articles.search_html import Passage, Section
from articles.search_text import (
    MIN_PREFIX,
    STOPWORDS,
    first_match,
    highlight,
    stem,
    stem_matches,
    words_of,
)

TITLE, TAGS, SUMMARY, HEADING, BODY = range(5)
WEIGHTS = {TITLE: 1000, TAGS: 60, SUMMARY: 40, HEADING: 150}
HEADING_CAP, BODY_CAP = 450, 30
TITLE_SHARE = 400  # in full for a title every word of which was searched for
ALL_TERMS = 10_000
SNIPPET_CHARS = 240
MAX_CACHED = 4096


@dataclass(frozen=True)
class Document:
    """One search result's worth: an article, a question, a glossary term or a page."""

    url: str  # a FAQ question's or a glossary term's carries its anchor
    title: str
    kind: str  # what the results page calls it: Article, Question, Glossary, Page
    meta: str  # shown under the title (an article's topic and reading time)
    summary: str
    tags: tuple[str, ...]
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Result:
    document: Document
    url: str  # the document, at the matching section when there is one
    section: str  # that section's heading ("" for the top of the document)
    score: int
    snippet: str  # escaped HTML, with the matching words in <mark>
    myth: str = ""  # escaped HTML: the claim, when the snippet answers a myth

    @property
    def separator(self) -> str:
        """Between title and section: "Side effects: Nausea", "Is it right for me? Bipolar"."""
        return " " if self.document.title[-1:] in "?!." else ": "


def _stems(text: str) -> list[str]:
    return [stem(w) for w in words_of(text)]


def _section_text(section: Section) -> str:
    return " ".join(f"{p.myth} {p.text}" if p.myth else p.text for p in section.passages)


class SearchIndex:
    def __init__(self, documents):
        self.documents = tuple(documents)
        self.postings: dict[str, list[tuple[int, int, int, int]]] = defaultdict(list)
        words: Counter = Counter()
        for d, doc in enumerate(self.documents):
            fields = [(TITLE, -1, doc.title), (TAGS, -1, " ".join(doc.tags)),
                      (SUMMARY, -1, doc.summary)]  # fmt: skip
            for s, section in enumerate(doc.sections):
                fields += [(HEADING, s, section.heading), (BODY, s, _section_text(section))]
            for field, s, text in fields:
                found = words_of(text)
                words.update(w for w in found if len(w) > 2 and w.isalpha())
                for word, count in Counter(stem(w) for w in found).items():
                    self.postings[word].append((d, field, s, count))
        # Each passage's stems, by document and section, to choose a snippet without re-reading.
        self.passage_stems = [
            [[_stems(f"{p.myth} {p.text}") for p in section.passages] for section in doc.sections]
            for doc in self.documents
        ]
        self.title_stems = [
            [stem(w) for w in words_of(doc.title) if w not in STOPWORDS] for doc in self.documents
        ]
        self.stems = sorted(self.postings)
        self.words = sorted(w for w in words if w not in STOPWORDS)
        self.frequency = words
        self._expanded: dict[str, tuple[str, ...]] = {}
        self._corrected: dict[str, str] = {}

    # -- terms -------------------------------------------------------------------------------
    def expand(self, term_stem: str) -> tuple[str, ...]:
        """The index's stems that `term_stem` matches (see `stem_matches`)."""
        found = self._expanded.get(term_stem)
        if found is None:
            start = bisect.bisect_left(self.stems, term_stem)
            end = bisect.bisect_left(self.stems, term_stem + "\U0010ffff", start)
            if len(term_stem) < MIN_PREFIX:
                end = start + (self.stems[start : start + 1] == [term_stem])
            found = tuple(self.stems[start:end])
            if len(self._expanded) < MAX_CACHED:
                self._expanded[term_stem] = found
        return found

    def knows(self, term: str) -> bool:
        return bool(self.expand(stem(term)))

    def correct(self, term: str) -> str:
        """The index's word nearest to `term` (a typo), or "" when none is near enough."""
        if term in self._corrected:
            return self._corrected[term]
        best = ""
        if len(term) >= 3 and not term.isdigit():
            most = 1 if len(term) <= 5 else 2
            near = process.extract(term, self.words, scorer=OSA.distance,
                                   score_cutoff=most, limit=None)  # fmt: skip
            if near:
                best = min(near, key=lambda m: (m[1], -self.frequency[m[0]], m[0]))[0]
        if len(self._corrected) < MAX_CACHED:
            self._corrected[term] = best
        return best

    # -- ranking -----------------------------------------------------------------------------
    def search(self, terms: list[str], limit: int = 25) -> tuple[list[Result], int]:
        """The best `limit` results for `terms`, and how many documents matched in all."""
        stems = [stem(t) for t in terms]
        per_doc: dict[int, list[int]] = defaultdict(lambda: [0] * len(stems))
        per_section: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0] * len(stems))
        for t, term_stem in enumerate(stems):
            body, headings = Counter(), Counter()
            for word in self.expand(term_stem):
                for d, field, s, count in self.postings[word]:
                    if field in (BODY, HEADING):
                        weight = 1 if field == BODY else WEIGHTS[HEADING]
                        per_section[d, s][t] += weight * count
                        (body if field == BODY else headings)[d] += weight * count
                    else:
                        per_doc[d][t] += WEIGHTS[field] * count
            for d, total in body.items():
                per_doc[d][t] += min(total, BODY_CAP)
            for d, total in headings.items():
                per_doc[d][t] += min(total, HEADING_CAP)
        sections: dict[int, list[tuple[int, list[int]]]] = defaultdict(list)
        for (d, s), scores in per_section.items():
            sections[d].append((s, scores))
        ranked = sorted(
            ((sum(scores) + ALL_TERMS * all(scores) + self._title_share(d, stems), d)
             for d, scores in per_doc.items()),
            key=lambda item: (-item[0], self.documents[item[1]].title),
        )  # fmt: skip
        results = [self._result(d, score, sections[d], stems) for score, d in ranked[:limit]]
        return results, len(ranked)

    def _title_share(self, d: int, stems) -> int:
        """More for a title that is all about the terms: "Nausea" over "Nausea and vomiting"."""
        words = self.title_stems[d]
        held = sum(any(stem_matches(w, s) for s in stems) for w in words)
        return TITLE_SHARE * held // len(words) if words else 0

    def first(self, url: str, results: list[Result]) -> list[Result]:
        """`results` with the document at `url` first, linked at its top (added if it was not
        among them): Get help now, whose first screen has the buttons to call and text."""
        found = [r for r in results if r.document.url == url]
        if not found:
            docs = [d for d, doc in enumerate(self.documents) if doc.url == url]
            found = [self._result(d, 0, [], []) for d in docs]
        found = [dataclasses.replace(r, url=url, section="") for r in found]
        return found + [r for r in results if r.document.url != url]

    def _result(self, d: int, score: int, sections, stems) -> Result:
        doc = self.documents[d]
        url, heading, passage = doc.url, "", None
        if sections:
            s, _ = max(sections, key=lambda item: (sum(map(bool, item[1])), sum(item[1]), -item[0]))
            section = doc.sections[s]
            passage = _best_passage(section.passages, self.passage_stems[d][s], stems)
            heading = section.heading
            if section.myth and section.passages:
                # The myth line quotes the claim; the snippet is the verdict that follows it.
                heading, passage = "", section.passages[0]
            if section.anchor:
                url = f"{doc.url.split('#')[0]}#{section.anchor}"
        if passage is None:
            first = next((p for sec in doc.sections for p in sec.passages), None)
            passage = Passage(doc.summary) if doc.summary or first is None else first
        myth = highlight(passage.myth, stems) if passage.myth else ""
        return Result(doc, url, heading, score, snippet(passage.text, stems), myth)


def _best_passage(passages, passage_stems, stems) -> Passage | None:
    """The passage that holds the most of the terms (then the most mentions), first if tied;
    the section's first when none does (its heading matched)."""
    best, best_key = (passages[0] if passages else None), (0, 0)
    for passage, words in zip(passages, passage_stems, strict=True):
        held = [sum(stem_matches(w, s) for w in words) for s in stems]
        key = (sum(map(bool, held)), sum(held))
        if key > best_key:
            best, best_key = passage, key
    return best


def snippet(text: str, stems) -> str:
    """`text`, or a window of it around the first match, escaped, with the terms marked."""
    if len(text) > SNIPPET_CHARS:
        at = max(first_match(text, stems), 0)
        begin = max(0, at - SNIPPET_CHARS // 3)
        begin = text.rfind(" ", 0, begin) + 1 if begin else 0
        end = text.find(" ", begin + SNIPPET_CHARS)
        extract = text[begin : end if end != -1 else len(text)]
        text = ("… " if begin else "") + extract + (" …" if end != -1 else "")
    return highlight(text, stems)
