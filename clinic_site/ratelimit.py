"""Fixed-window rate limits that every worker process and every machine share.

Counts live in the database (`RateCount`), or in Redis when REDIS_URL is set (the choice for
several machines on a busy site). Never in one process's memory: with gunicorn's workers each
keeping its own count, a limit of 3 an hour let 4 through with 2 workers. What is counted (a
client's address, an email address) is kept only as a keyed hash, never itself, and each count
ends with its window.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.crypto import salted_hmac

from clinic_site.models import RateCount


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window resets


def hit(counted: str, *, scope: str, rate: tuple[int, int]) -> Verdict:
    """Count one attempt by `counted` (say, a client's address) and say whether it is within
    `rate` = (count, seconds)."""
    limit, period = rate
    now = int(time.time())
    window = now // period
    hashed = salted_hmac(f"ratelimit.{scope}", counted).hexdigest()[:32]
    key = f"ratelimit:{scope}:{hashed}:{window}"
    ends = (window + 1) * period
    count = _in_redis(key, period) if settings.REDIS_URL else _in_database(key, ends)
    return Verdict(allowed=count <= limit, retry_after=ends - now)


def _in_redis(key: str, period: int) -> int:
    cache.add(key, 0, timeout=period + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        return 1


# RateCount's table; double-quoted names are standard SQL, read alike by SQLite and PostgreSQL.
UPSERT = (
    'INSERT INTO "clinic_site_ratecount" ("key", "count", "expires_at") VALUES (%s, 1, %s) '
    'ON CONFLICT ("key") DO UPDATE SET "count" = "clinic_site_ratecount"."count" + 1 '
    'RETURNING "count"'
)


def _in_database(key: str, ends: int) -> int:
    """One statement, which the database runs atomically: add the row or count one more, and
    read the count back (SQLite 3.35+ and PostgreSQL both have ON CONFLICT … RETURNING). Two
    workers can never both read the same count."""
    expires_at = connection.ops.adapt_datetimefield_value(datetime.fromtimestamp(ends, UTC))
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [key, expires_at])
        (count,) = cursor.fetchone()
    if count == 1:  # a new window: the ones that have ended go
        RateCount.objects.filter(expires_at__lt=datetime.now(UTC)).delete()
    return count
