"""Ranked search over published articles, with highlighted snippets.

A term in the title outweighs any number of mentions in the body, so a title match always ranks
above a body-only match. Terms match word beginnings, so "addict" finds "addiction".
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
STOPWORDS = {
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how",
    "i", "if", "in", "is", "it", "me", "my", "of", "on", "or", "the", "to", "what", "when",
    "which", "who", "why", "will", "with", "you", "your",
}  # fmt: skip
TITLE_WEIGHT, TAG_WEIGHT, SUMMARY_WEIGHT, BODY_CAP = 1000, 60, 40, 30
SNIPPET_CHARS = 220


@dataclass(frozen=True)
class Result:
    article: object
    score: int
    snippet: SafeString


def terms_of(query: str) -> list[str]:
    words = re.findall(r"[\w'’-]+", query[:MAX_QUERY_LENGTH].lower())
    terms = []
    for word in words:
        word = word.strip("'’-")
        if word and word not in STOPWORDS and word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def _pattern(term: str) -> re.Pattern:
    return re.compile(r"\b" + re.escape(term), re.IGNORECASE)


class SearchIndex:
    """Scores are summed from per-term hit counts, which are worked out once per term."""

    MAX_CACHED_TERMS = 4096

    def __init__(self, articles):
        self.entries = []
        for a in articles:
            flat = " ".join(a.text.split())
            self.entries.append((a, flat))
        self._texts = [
            (a.title.lower(), " ".join(a.tags).lower(), a.summary.lower(), flat.lower())
            for a, flat in self.entries
        ]
        self._hits: dict[str, tuple[int, ...]] = {}

    def hits(self, term: str) -> tuple[int, ...]:
        """How strongly each article matches `term` (same order as `entries`)."""
        found = self._hits.get(term)
        if found is None:
            findall = re.compile(r"\b" + re.escape(term)).findall
            found = tuple(
                TITLE_WEIGHT * len(findall(title))
                + TAG_WEIGHT * len(findall(tags))
                + SUMMARY_WEIGHT * len(findall(summary))
                + min(len(findall(body)), BODY_CAP)
                for title, tags, summary, body in self._texts
            )
            if len(self._hits) < self.MAX_CACHED_TERMS:
                self._hits[term] = found
        return found

    def search(self, query: str) -> list[Result]:
        terms = terms_of(query)
        if not terms:
            return []
        per_term = [self.hits(term) for term in terms]
        patterns = [_pattern(term) for term in terms]
        results = []
        for i, (article, body) in enumerate(self.entries):
            scores = [hits[i] for hits in per_term]
            score = sum(scores)
            if score:
                # Articles that match every term come before those that match only some.
                score += 10_000 * all(scores)
                results.append(Result(article, score, snippet(article, body, patterns)))
        results.sort(key=lambda r: (-r.score, r.article.title))
        return results


def snippet(article, text: str, patterns) -> SafeString:
    """A short escaped extract of `text` around its first match, with every term in <mark>."""
    starts = [m.start() for p in patterns if (m := p.search(text))]
    if starts:
        begin = max(0, min(starts) - SNIPPET_CHARS // 3)
        begin = text.rfind(" ", 0, begin) + 1 if begin else 0
        end = text.find(" ", begin + SNIPPET_CHARS)
        extract = text[begin : end if end != -1 else len(text)]
        extract = ("… " if begin else "") + extract + (" …" if end != -1 else "")
    else:
        extract = article.summary
    return highlight(extract, patterns)


def highlight(text: str, patterns) -> SafeString:
    combined = re.compile("|".join(p.pattern for p in patterns), re.IGNORECASE)
    pieces, last = [], 0
    for match in combined.finditer(text):
        end = match.end()
        while end < len(text) and (text[end].isalnum() or text[end] in "'’"):
            end += 1  # mark the whole word, not just its beginning
        pieces += [
            escape(text[last : match.start()]),
            f"<mark>{escape(text[match.start() : end])}</mark>",
        ]
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped above)
