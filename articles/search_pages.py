"""The site's own pages, for search: each as a visitor sees it, rendered by its own view.

This is the one search module that knows views and the URLconf; the search view hands
`site_documents` to `articles.search`, which knows neither.
"""

import inspect
import logging

from django.http import HttpRequest
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.translation import gettext

from articles.search_html import sections_of
from articles.search_index import Document

logger = logging.getLogger(__name__)

# The site's own pages that search looks through, by URL name; one not in the URLconf is left out.
SITE_PAGES = ("get_help_now", "our_clinic", "about", "privacy", "accessibility")


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
        kind = gettext("Page")
        found.append(Document(path, page.title, kind, "", page.description, (), page.sections))
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
