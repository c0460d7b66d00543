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
import hashlib
import threading
import weakref

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from articles.library import get_library

# Shared caches (a CDN) may keep a page this long; browsers revalidate with the ETag.
SHARED_MAX_AGE = 300

_pages: "weakref.WeakKeyDictionary[object, dict]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


# At most this many finished pages per library: the URLs are a closed set (one per article,
# topic and fixed page, per allowed host), so the cap only matters if ALLOWED_HOSTS is "*".
MAX_PAGES = 1000


class FinishedPage:
    __slots__ = ("content", "content_type", "etag", "modified", "last_modified")

    def __init__(self, response: HttpResponse, day: datetime.date | None):
        self.content = response.content
        self.content_type = response["Content-Type"]
        self.etag = '"' + hashlib.blake2b(self.content, digest_size=16).hexdigest() + '"'
        self.modified = None
        self.last_modified = None
        if day is not None:
            self.modified = int(
                datetime.datetime.combine(day, datetime.time(), datetime.UTC).timestamp()
            )
            self.last_modified = http_date(self.modified)

    def response(self, request) -> HttpResponse:
        not_modified = get_conditional_response(
            request, etag=self.etag, last_modified=self.modified
        )
        response = not_modified or HttpResponse(self.content, content_type=self.content_type)
        response["ETag"] = self.etag
        if self.last_modified:
            response["Last-Modified"] = self.last_modified
        patch_cache_control(response, public=True, max_age=0, s_maxage=SHARED_MAX_AGE)
        return response


def rendered_once(last_modified=None):
    """Decorates a GET view whose page depends only on the library and the URL.

    `last_modified(library, **kwargs)` returns the date the page's content last changed, or
    None. Only 200 responses are kept; a 404 is raised (and rendered) every time.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or settings.DEBUG:
                return view(request, *args, **kwargs)
            library = get_library()
            key = (request.scheme, request.get_host(), request.path)
            pages = _pages.get(library)
            page = pages.get(key) if pages is not None else None
            if page is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.cookies:
                    return response
                day = last_modified(library, **kwargs) if last_modified else None
                page = FinishedPage(response, day)
                with _lock:
                    pages = _pages.setdefault(library, {})
                    if len(pages) < MAX_PAGES:
                        pages[key] = page
            return page.response(request)

        return wrapper

    return decorate
