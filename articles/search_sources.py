"""What search looks through, gathered in one place: the library's published articles, its FAQ
and glossary, and the site's own pages (as a visitor sees them, rendered by their own views).

Everything search knows about the content comes through `documents(library)`; nothing else in
the search modules reads the library.
"""

import inspect
import logging
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, resolve, reverse

from articles.search_html import Section, sections_of

logger = logging.getLogger(__name__)

# The site's own pages that search looks through, by URL name; one not in the URLconf is left out.
SITE_PAGES = ("get_help_now", "our_clinic", "about", "privacy", "accessibility")


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


def documents(library) -> list[Document]:
    """Everything search looks through, for one library."""
    faq_url, glossary_url = reverse("articles:faq"), reverse("articles:glossary")
    return [
        *(article_document(a) for a in library.published),
        *(entry_document(e, faq_url, "Question") for e in library.faq),
        *(entry_document(e, glossary_url, "Glossary") for e in library.glossary),
        *site_documents(),
    ]


def article_document(article) -> Document:
    meta = f"{article.topic.name} · {article.reading_minutes} min read"
    found = sections_of(article.html)
    return Document(article.get_absolute_url(), article.title, "Article", meta,
                    article.summary, tuple(article.tags), found.sections)  # fmt: skip


def entry_document(entry, page_url: str, kind: str) -> Document:
    """A FAQ question or a glossary term: its own result, linking to its id on the page."""
    found = sections_of(entry.html)
    passages = [p for section in found.sections for p in section.passages]
    body = (Section("", "", passages),) if passages else ()
    return Document(f"{page_url}#{entry.id}", entry.heading, kind, "", "", (), body)


class _PageRequest(HttpRequest):
    """A plain GET of one of the site's pages, made to read its text: no visitor, no host."""

    def __init__(self, path: str):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = path
        self.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "80"}

    def get_host(self) -> str:
        return "localhost"


def site_documents() -> list[Document]:
    found = []
    for name in SITE_PAGES:
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue  # a page this deployment does not have
        html = _render(path)
        if html is None:
            continue
        page = sections_of(html, main_only=True)
        found.append(Document(path, page.title, "Page", "", page.description, (), page.sections))
    return found


def _render(path: str) -> str | None:
    """The page's HTML from its own view (past the page cache, which keys on the visitor's
    host), or None if it cannot be made: search then goes on without it."""
    match = resolve(path)
    view = inspect.unwrap(match.func)
    try:
        response = view(_PageRequest(path), *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response = response.render()
    except Exception as error:  # a broken page must not break search for every other page
        logger.warning("Search left out %s: %s", path, type(error).__name__)
        return None
    if response.status_code != 200:
        logger.warning("Search left out %s: status %s", path, response.status_code)
        return None
    return response.content.decode(response.charset or "utf-8")
