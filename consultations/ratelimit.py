"""A fixed-window rate limit, kept in Django's cache (Redis when REDIS_URL is set).

What is counted (a client's address, an email address) is kept only as a keyed hash, never
itself, and each count expires with its window.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window resets


def client_ip(request) -> str:
    """REMOTE_ADDR, unless settings say how many proxies we sit behind.

    With N trusted proxies, each appends the address it received from to X-Forwarded-For, so
    the client is the Nth entry from the right; anything further left can be forged.
    """
    proxies = settings.CONSULTATION_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def hit(counted: str, *, scope: str, rate: tuple[int, int]) -> Verdict:
    """Count one attempt by `counted` (say, a client's address) and say whether it is within
    `rate` = (count, seconds)."""
    limit, period = rate
    now = int(time.time())
    window = now // period
    hashed = salted_hmac(f"ratelimit.{scope}", counted).hexdigest()[:32]
    key = f"ratelimit:{scope}:{hashed}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    return Verdict(allowed=count <= limit, retry_after=period - (now % period))
