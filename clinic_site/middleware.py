"""Response headers the whole site shares: browser features off, private pages never stored."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_vary_headers


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
