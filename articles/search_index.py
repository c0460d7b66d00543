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
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from articles.search_html import Passage, Section
from articles.search_sources import Document
from articles.search_text import STOPWORDS, first_match, highlight, stem, words_of

TITLE, TAGS, SUMMARY, HEADING, BODY = range(5)
WEIGHTS = {TITLE: 1000, TAGS: 60, SUMMARY: 40, HEADING: 150}
HEADING_CAP, BODY_CAP = 450, 30
ALL_TERMS = 10_000
SNIPPET_CHARS = 240
MAX_CACHED = 4096


@dataclass(frozen=True)
class Result:
    document: Document
    url: str  # the document, at the matching section when there is one
    section: str  # that section's heading ("" for the top of the document)
    score: int
    snippet: str  # escaped HTML, with the matching words in <mark>
    myth: str = ""  # escaped HTML: the claim, when the snippet answers a myth


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
        self.stems = sorted(self.postings)
        self.words = sorted(w for w in words if w not in STOPWORDS)
        self.frequency = words
        self._expanded: dict[str, tuple[str, ...]] = {}
        self._corrected: dict[str, str] = {}

    # -- terms -------------------------------------------------------------------------------
    def expand(self, term_stem: str) -> tuple[str, ...]:
        """The index's stems that begin with `term_stem`."""
        found = self._expanded.get(term_stem)
        if found is None:
            start = bisect.bisect_left(self.stems, term_stem)
            end = bisect.bisect_left(self.stems, term_stem + "\U0010ffff", start)
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
    def search(self, terms: list[str]) -> list[Result]:
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
        results = []
        for d, scores in per_doc.items():
            score = sum(scores) + ALL_TERMS * all(scores)
            results.append(self._result(self.documents[d], score, sections[d], stems))
        results.sort(key=lambda r: (-r.score, r.document.title))
        return results

    def first(self, url: str, results: list[Result]) -> list[Result]:
        """`results` with the document at `url` first, added if it was not among them."""
        found = [r for r in results if r.document.url == url]
        if not found:
            found = [self._result(doc, 0, [], []) for doc in self.documents if doc.url == url]
        return found + [r for r in results if r.document.url != url]

    def _result(self, doc: Document, score: int, sections, stems) -> Result:
        url, heading, passage = doc.url, "", None
        if sections:
            s, _ = max(sections, key=lambda item: (sum(map(bool, item[1])), sum(item[1]), -item[0]))
            section = doc.sections[s]
            passage = _best_passage(section.passages, stems)
            heading = "" if section.myth else section.heading  # the myth line says it
            if section.anchor:
                url = f"{doc.url.split('#')[0]}#{section.anchor}"
        if passage is None:
            first = next((p for sec in doc.sections for p in sec.passages), None)
            passage = Passage(doc.summary) if doc.summary or first is None else first
        myth = highlight(passage.myth, stems) if passage.myth else ""
        return Result(doc, url, heading, score, snippet(passage.text, stems), myth)


def _best_passage(passages, stems) -> Passage | None:
    """The passage that holds the most of the terms (then the most mentions), first if tied."""
    best, best_key = None, (0, 0)
    for passage in passages:
        words = [stem(w) for w in words_of(f"{passage.myth} {passage.text}")]
        held = [sum(w.startswith(s) for w in words) for s in stems]
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
