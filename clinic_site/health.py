"""/healthz for load balancers: 200 when the database and the cache answer, 503 otherwise.

It runs as middleware ahead of the Host check and the HTTPS redirect, because load balancers
probe instances by address over plain HTTP. The answer names nothing internal; what failed is
logged for the operators.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # any failure means "unavailable"; the kind is logged
        logger.error("Health check: the database did not answer (%s)", type(error).__name__)
        return False


def cache_answers() -> bool:
    key = f"healthz:{secrets.token_hex(8)}"
    try:
        cache.set(key, "1", timeout=10)
        answered = cache.get(key) == "1"
        cache.delete(key)
    except Exception as error:
        logger.error("Health check: the cache did not answer (%s)", type(error).__name__)
        return False
    if not answered:
        logger.error("Health check: the cache did not return what was stored")
    return answered


def health_check(get_response):
    path = settings.HEALTH_CHECK_PATH

    def middleware(request):
        if request.path_info != path:
            return get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"status": "method not allowed"}, status=405)
            response["Allow"] = "GET, HEAD"
        else:
            healthy = database_answers() and cache_answers()
            status = "ok" if healthy else "unavailable"
            response = JsonResponse({"status": status}, status=200 if healthy else 503)
        add_never_cache_headers(response)
        return response

    return middleware
