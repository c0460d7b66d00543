"""Site search that forgives: articles, the FAQ, the glossary and the site's own pages.

`search_site(library, raw_query)` is all the search view needs. The query is cleaned first
(control characters out, spaces collapsed, cut to MAX_QUERY_LENGTH); a word that begins no word
in the index is corrected to the nearest one that does ("Did you mean …?"); a query that speaks
of suicide, self-harm or crisis puts Get help now above everything else.

The index is built on the first search after a library loads, and kept as long as that library
(a new one, after a content change in DEBUG, gets a new index).
"""

import re
import threading
import weakref
from dataclasses import dataclass

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from articles import search_index
from articles.search_crisis import is_crisis
from articles.search_documents import library_documents
from articles.search_text import WORD, normal_word, terms_of

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 25
# Control and formatting characters (NUL, escape codes, bidirectional overrides, zero-width
# spaces) and U+FFFD, which stands for bytes that were not text.
UNSEARCHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                          "\u2060-\u2064\u2066-\u2069\ufeff\ufffd]")  # fmt: skip

LONG = _("Your search was long, so we used the first %(length)s characters.")
LEFT_OUT = _("We left out characters that cannot be searched for, such as control characters.")
NO_WORDS = _("Your search had no letters or numbers in it. Type a word, such as “side effects” "
             "or “cost”.")  # fmt: skip
COMMON_WORDS = _("That search only had very common words. Try a word such as “side effects” or "
                 "“cost”.")  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    query: str = ""  # as cleaned: shown in the search box and the headings
    notices: tuple[str, ...] = ()  # what was done to the query
    problem: str = ""  # why nothing could be searched for
    crisis: bool = False
    suggestion: str = ""  # the query with its typos corrected, when it had any
    results: tuple[search_index.Result, ...] = ()  # the best MAX_RESULTS
    found: int = 0  # how many there were in all

    @property
    def searched(self) -> bool:
        return bool(self.query) and not self.problem


def clean(raw: str) -> tuple[str, tuple[str, ...]]:
    """The query as search uses it, and what was done to it."""
    raw = raw[: MAX_QUERY_LENGTH * 20]  # enough to know it was long; no need to read it all
    notices = []
    kept = UNSEARCHABLE.sub(" ", raw)
    if kept != raw:
        notices.append(LEFT_OUT)
    query = " ".join(kept.split())
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH].rstrip()
        notices.insert(0, LONG % {"length": MAX_QUERY_LENGTH})
    return query, tuple(notices)


def search_site(library, raw_query: str, *, site_pages=list) -> Outcome:
    """What the search page shows for `raw_query`. `site_pages()` gives the documents of the
    site's own pages (the view passes `articles.search_pages.site_documents`)."""
    query, notices = clean(raw_query)
    if not query:
        return Outcome(notices=notices)
    terms = terms_of(query)
    if not terms:
        problem = COMMON_WORDS if WORD.search(query) else NO_WORDS
        return Outcome(query, notices, problem, crisis=is_crisis(query))
    index = index_for(library, site_pages)
    crisis = is_crisis(query)
    # Words of someone in crisis are never "corrected" into something else.
    corrections = {} if crisis else {t: index.correct(t) for t in terms if not index.knows(t)}
    corrections = {typo: word for typo, word in corrections.items() if word}
    suggestion = _corrected(query, corrections) if corrections else ""
    crisis = crisis or is_crisis(suggestion)
    results, found = index.search([corrections.get(t, t) for t in terms], MAX_RESULTS)
    if crisis:
        results = index.first(reverse("get_help_now"), results)
        found = max(found, len(results))
    return Outcome(query, notices, "", crisis, suggestion, tuple(results[:MAX_RESULTS]), found)


def _corrected(query: str, corrections: dict[str, str]) -> str:
    def replace(match):
        return corrections.get(normal_word(match.group()), match.group())

    return WORD.sub(replace, query)


_indexes: "weakref.WeakKeyDictionary[object, search_index.SearchIndex]"
_indexes = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def index_for(library, site_pages=list) -> search_index.SearchIndex:
    """The library's index, built on its first search, with the site's pages of that moment."""
    index = _indexes.get(library)
    if index is None:
        with _lock:
            index = _indexes.get(library)
            if index is None:
                with translation.override(library.language):
                    found = [*library_documents(library), *site_pages()]
                index = _indexes[library] = search_index.SearchIndex(found)
    return index


@receiver(setting_changed)
def _forget_indexes(**kwargs):
    """The site's pages quote settings (the clinic's name and phone); tests change them."""
    with _lock:
        _indexes.clear()
