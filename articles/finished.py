"""Pages built only from the content library are rendered once, then served as finished bytes.

Home, the article list, topics, articles, the FAQ, the glossary and the fixed pages change only
when the library (or a deploy) changes. The first request for a page renders it; later requests
get the same bytes with an `ETag` and, where the content has a date, `Last-Modified`, so a
conditional request is answered 304 and a proxy or CDN may cache the page for a few minutes.

The cache belongs to the library object: a new library (in DEBUG, after a content file changes)
starts an empty cache, so a page can never outlive the content it was made from.
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
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from articles.library import get_library

# Shared caches (a CDN) may keep a page this long; browsers revalidate with the ETag.
SHARED_MAX_AGE = 300
CACHE_CONTROL = f"public, max-age=0, s-maxage={SHARED_MAX_AGE}"

_pages: "weakref.WeakKeyDictionary[object, tuple[dict, OrderedDict]]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


# Article, topic and fixed pages are a closed set (one per URL and allowed host): all are kept,
# up to MAX_PAGES in case ALLOWED_HOSTS is "*". Searches are not a closed set: the latest
# MAX_SEARCHES answers are kept apart from them, the oldest making way for new ones, so no flood of
# searches can push an article out.
MAX_PAGES = 1000
MAX_SEARCHES = 256
# Pages smaller than this are sent as they are: compressing them saves too little.
GZIP_MIN_BYTES = 1024
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


class FinishedPage:
    """One page's bytes, plain and gzipped, with the validators a cache needs.

    Compressing here is safe from BREACH-style attacks: these pages hold no secret (no CSRF
    token, nothing from a session), so there is nothing for a reflected query to reveal.
    """

    __slots__ = ("variants", "content_type", "modified", "last_modified")

    def __init__(self, response: HttpResponse, day: datetime.date | None):
        content = response.content
        self.content_type = response["Content-Type"]
        digest = hashlib.blake2b(content, digest_size=16).hexdigest()
        # (bytes, ETag, Content-Encoding): a strong ETag differs between encodings.
        self.variants = {False: (content, f'"{digest}"', None)}
        if len(content) >= GZIP_MIN_BYTES:
            packed = gzip.compress(content, compresslevel=6, mtime=0)
            self.variants[True] = (packed, f'"{digest}-gzip"', "gzip")
        self.modified = None
        self.last_modified = None
        if day is not None:
            self.modified = int(
                datetime.datetime.combine(day, datetime.time(), datetime.UTC).timestamp()
            )
            self.last_modified = http_date(self.modified)

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


def rendered_once(last_modified=None, *, query=None):
    """Decorates a GET view whose page depends only on the library and the URL.

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
            library = get_library()
            key = (request.scheme, request.get_host(), request.path)
            if query is not None:
                key += (query(request),)
            store = _pages.get(library)
            page = store[query is not None].get(key) if store is not None else None
            if page is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.cookies:
                    return response
                day = last_modified(library, **kwargs) if last_modified else None
                page = FinishedPage(response, day)
                _keep(library, key, page, searched=query is not None)
            return page.response(request)

        return wrapper

    return decorate


@receiver(setting_changed)
def _forget_pages(**kwargs):
    """Pages quote settings (the clinic's name and phone); tests change them."""
    with _lock:
        _pages.clear()


def _keep(library, key, page: FinishedPage, *, searched: bool) -> None:
    with _lock:
        store = _pages.get(library)
        if store is None:
            store = _pages[library] = ({}, OrderedDict())  # (pages, searches)
        if searched:
            store[1][key] = page
            if len(store[1]) > MAX_SEARCHES:
                store[1].popitem(last=False)
        elif len(store[0]) < MAX_PAGES:
            store[0][key] = page
