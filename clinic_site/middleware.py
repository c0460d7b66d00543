"""Response headers the whole site shares: browser features off, private pages never stored;
and request bodies read to the end."""

from django.conf import settings
from django.http import UnreadablePostError
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from clinic_site.locales import of_path

CHUNK = 64 * 1024


def read_whole_body(get_response):
    """Read what is left of a request's body after answering it (up to Django's upload limit).

    An answer given before the body was read (a POST refused for its missing CSRF cookie, a
    lockout) would otherwise leave bytes unread when gunicorn closes the connection; the kernel
    then resets it, and nginx, still sending, tells the visitor 502 Bad Gateway instead of the
    page we meant (measured: now and then, for a 900 KB form sent without its cookie).
    """

    def middleware(request):
        response = get_response(request)
        left = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440
        try:
            while left > 0 and (chunk := request.read(min(CHUNK, left))):
                left -= len(chunk)
        except UnreadablePostError:  # the client went away: nothing to protect
            pass
        return response

    return middleware


def security_headers(get_response):
    """Adds the Permissions-Policy (Django sets the other security headers itself)."""
    policy = settings.PERMISSIONS_POLICY

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", policy)
        return response

    return middleware


def private_pages(get_response):
    """Pages that can show personal data are never stored by browsers, proxies or CDNs.

    That is the consultation form (a form returned with errors shows what was typed), its
    confirmation, and everything under the staff admin.
    """
    prefixes = ("/consultations/", "/" + settings.ADMIN_PATH)

    def middleware(request):
        response = get_response(request)
        if request.path.startswith(prefixes):
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response

    return middleware


def url_language(get_response):
    """The language a URL names, and only that: /fr/… is French, every other path English.

    Unlike Django's LocaleMiddleware it never reads Accept-Language or a cookie, so a page is the
    same for everyone who opens its URL and needs no `Vary: Accept-Language`: a shared cache
    keeps one copy of it, and a link always opens in the language it names.
    """

    def middleware(request):
        language = of_path(request.path_info)
        request.LANGUAGE_CODE = language
        # For this request only: the thread goes back to its language after it (a test's, say).
        with translation.override(language):
            response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware
