"""Finished pages: rendered once, then answered as bytes before most of the middleware runs.

Pages built only from the content library (home, the article list, topics, articles, the FAQ,
the glossary, the fixed pages) change only when the library, the settings or a deploy change.
The first request for a page goes through everything: the view renders it, `rendered_once` keeps
it as finished bytes (plain and gzipped, with a strong `ETag` and, where the content has a date,
`Last-Modified`), and on the way back out `early_pages` notes every header the rest of the
middleware added (CSP, Permissions-Policy, X-Frame-Options, …). Later requests are answered by
`early_pages`, placed right after WhiteNoise, with the same bytes and the same headers, the way
WhiteNoise answers a static file; SecurityMiddleware, outside it, adds its headers to both.

A page belongs to the content it was made from (`source()`, the library), as `source()` gives
it in the page's language: once that is replaced (in DEBUG, or a test), its pages are never
answered again. DEBUG answers nothing from
here, so drafts show and edits appear at once. A request that carries a session cookie (a
signed-in staff member) always goes through the whole stack, so staff sessions keep their clock
and the draft preview works; a response that sets a cookie or its own Cache-Control is never kept.
"""

import datetime
import functools
import gzip
import hashlib
import re
import threading
import weakref
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

# Shared caches (a CDN, nginx) may keep a page this long; browsers revalidate with the ETag.
SHARED_MAX_AGE = 300
CACHE_CONTROL = f"public, max-age=0, s-maxage={SHARED_MAX_AGE}"
# Article, topic and fixed pages are a closed set (one per URL and allowed host): all are kept,
# up to MAX_PAGES in case ALLOWED_HOSTS is "*". Searches are not a closed set: the latest
# MAX_SEARCHES answers per host are kept apart from them, the oldest making way for new ones, so
# no flood of searches can push an article out.
MAX_PAGES = 1000
MAX_SEARCHES = 256
# Pages smaller than this are sent as they are: compressing them saves too little.
GZIP_MIN_BYTES = 1024
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Set per answer (they differ between the plain and gzipped copies, or a 200 and a 304).
PER_ANSWER = {"content-length", "content-encoding", "etag", "content-type"}

_lock = threading.Lock()


class FinishedPage:
    """One page's bytes, plain and gzipped, with the validators a cache needs.

    Compressing here is safe from BREACH-style attacks: these pages hold no secret (no CSRF
    token, nothing from a session), so there is nothing for a reflected query to reveal.
    """

    __slots__ = ("variants", "content_type", "modified", "last_modified", "source", "generation",
                 "headers", "language")  # fmt: skip

    def __init__(self, response: HttpResponse, day: datetime.date | None, source, generation):
        content = response.content
        self.content_type = response["Content-Type"]
        digest = hashlib.blake2b(content, digest_size=16).hexdigest()
        # (bytes, ETag, Content-Encoding): a strong ETag differs between encodings.
        self.variants = {False: (content, f'"{digest}"', None)}
        if len(content) >= GZIP_MIN_BYTES:
            packed = gzip.compress(content, compresslevel=6, mtime=0)
            self.variants[True] = (packed, f'"{digest}-gzip"', "gzip")
        self.modified = self.last_modified = None
        if day is not None:
            midnight = datetime.datetime.combine(day, datetime.time(), datetime.UTC)
            self.modified = int(midnight.timestamp())
            self.last_modified = http_date(self.modified)
        self.source, self.generation = source, weakref.ref(generation)
        # The source may differ by language (the clinic profile): asked again in the page's own.
        self.language = translation.get_language()
        self.headers = None  # what the rest of the middleware adds, once `early_pages` saw it

    def is_current(self) -> bool:
        generation = self.generation()
        if generation is None:
            return False
        with translation.override(self.language):
            return generation is self.source()

    def response(self, request) -> HttpResponse:
        meta = request.META
        wants_gzip = ACCEPTS_GZIP.search(meta.get("HTTP_ACCEPT_ENCODING", "")) is not None
        content, etag, encoding = self.variants.get(wants_gzip) or self.variants[False]
        response = None
        if "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta:
            response = get_conditional_response(request, etag=etag, last_modified=self.modified)
        if response is None:
            response = HttpResponse(content, content_type=self.content_type)
            if encoding:
                response.headers["Content-Encoding"] = encoding
        headers = response.headers
        headers["ETag"] = etag
        if self.last_modified:
            headers["Last-Modified"] = self.last_modified
        headers["Cache-Control"] = CACHE_CONTROL
        headers["Vary"] = "Accept-Encoding"
        return response

    def note_headers(self, response: HttpResponse) -> None:
        """Keep the headers the middleware inside `early_pages` added to this page's 200."""
        self.headers = tuple(
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in PER_ANSWER
        )

    def early_response(self, request) -> HttpResponse:
        response = self.response(request)
        headers = response.headers
        for name, value in self.headers:
            headers[name] = value
        headers["Content-Length"] = str(len(response.content))
        return response


class SearchPages:
    """The kept answers of one path whose page depends on the query (search)."""

    def __init__(self, query):
        self.query, self.pages = query, OrderedDict()

    def keep(self, request, page: FinishedPage):
        self.pages[self.query(request)] = page
        if len(self.pages) > MAX_SEARCHES:
            self.pages.popitem(last=False)


# (scheme, host, path) → FinishedPage, or SearchPages for a path whose answer depends on a query.
_pages: dict[tuple[str, str, str], "FinishedPage | SearchPages"] = {}


def _key(request) -> tuple[str, str, str] | None:
    try:
        return request.scheme, request.get_host(), request.path
    except DisallowedHost:
        return None  # the full stack answers it (400), as it answers any bad Host


def lookup(request) -> FinishedPage | None:
    """The finished page for this request, if there is a current one."""
    entry = _pages.get(_key(request))
    if isinstance(entry, SearchPages):
        entry = entry.pages.get(entry.query(request))
    return entry if entry is not None and entry.is_current() else None


def _keep(request, page: FinishedPage, query) -> None:
    key = _key(request)
    if key is None:
        return
    with _lock:
        entry = _pages.get(key)
        if query is not None:
            if not isinstance(entry, SearchPages):
                entry = SearchPages(query)
            entry.keep(request, page)
            page = entry
        elif entry is None and len(_pages) >= MAX_PAGES:
            return
        _pages[key] = page


def _keepable(response) -> bool:
    # A page the view marked private (a staff preview) or that sets a cookie is never kept.
    return response.status_code == 200 and not response.cookies and "Cache-Control" not in response


def rendered_once(source, *, last_modified=None, query=None):
    """Decorates a GET view whose page depends only on `source()` (the library) and the URL.

    `last_modified(library, **kwargs)` returns the date the page's content last changed, or
    None. Only 200 responses are kept; a 404 is raised (and rendered) every time.

    Pages ignore the query string unless `query(request)` says what in it matters (search):
    then the latest MAX_SEARCHES distinct answers are kept.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or settings.DEBUG:
                return view(request, *args, **kwargs)
            page = lookup(request)
            if page is None:
                generation = source()
                response = view(request, *args, **kwargs)
                if not _keepable(response):
                    return response
                day = last_modified(generation, **kwargs) if last_modified else None
                page = FinishedPage(response, day, source, generation)
                _keep(request, page, query)
            response = page.response(request)
            response.finished_page = page
            return response

        return wrapper

    return decorate


def early_pages(get_response):
    """Answers a finished page before the rest of the middleware runs (goes after WhiteNoise)."""
    session_cookie = settings.SESSION_COOKIE_NAME

    def middleware(request):
        visitor = session_cookie not in request.COOKIES
        if visitor and request.method in ("GET", "HEAD") and not settings.DEBUG:
            page = lookup(request)
            if page is not None and page.headers is not None:
                return page.early_response(request)
        response = get_response(request)
        page = getattr(response, "finished_page", None)
        if page is not None and visitor and page.headers is None and response.status_code == 200:
            if not response.cookies:
                page.note_headers(response)
        return response

    return middleware


@receiver(setting_changed)
def _forget_pages(**kwargs):
    """Pages quote settings (the clinic's name and phone); tests change them."""
    with _lock:
        _pages.clear()
