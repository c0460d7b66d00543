"""With REDIS_URL set, the cache and the consultation rate limit live in the local Redis."""

import secrets

import pytest
import redis
from django.core.cache import cache

from tests.consultations.conftest import FORM_URL, valid_form
from tests.production import PRODUCTION, settings_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings):
    """The real local Redis, under a prefix of this test's own, emptied afterwards."""
    prefix = f"clinic-test-{secrets.token_hex(4)}"
    location = settings.CACHES["default"]["LOCATION"]  # this xdist worker's own database
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        }
    }
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    server = redis.Redis.from_url(location)
    server.ping()  # REDIS_URL is set, so a Redis that does not answer is a failure
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_production_settings_use_redis_when_redis_url_is_set(monkeypatch):
    module = settings_module(monkeypatch, **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/3")
    cache_settings = module["CACHES"]["default"]
    assert cache_settings["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache_settings["LOCATION"] == "redis://127.0.0.1:6379/3"


@pytest.mark.redis
def test_the_cache_stores_and_expires_values_in_redis(redis_cache):
    server, prefix = redis_cache
    cache.set("greeting", "bonjour", timeout=60)
    assert cache.get("greeting") == "bonjour"
    assert server.exists(f"{prefix}:1:greeting")
    assert 0 < server.ttl(f"{prefix}:1:greeting") <= 60


@pytest.mark.redis
def test_the_rate_limit_counts_in_redis_under_a_hashed_address(client, settings, redis_cache):
    server, prefix = redis_cache
    settings.CONSULTATION_RATE_LIMIT = (2, 3600)
    assert client.post(FORM_URL, valid_form()).status_code == 302
    assert client.post(FORM_URL, valid_form(email="two@example.com")).status_code == 302
    assert client.post(FORM_URL, valid_form(email="three@example.com")).status_code == 429
    keys = [key.decode() for key in server.scan_iter(f"{prefix}:*ratelimit:consultation:*")]
    assert len(keys) == 1
    assert "127.0.0.1" not in keys[0]
    assert int(server.get(keys[0])) == 3
    assert 0 < server.ttl(keys[0]) <= 3601


@pytest.mark.redis
def test_counts_made_by_another_instance_through_redis_are_honoured(client, settings, redis_cache):
    """Another app server behind the load balancer counts in the same Redis key."""
    server, prefix = redis_cache
    settings.CONSULTATION_RATE_LIMIT = (3, 3600)
    assert client.post(FORM_URL, valid_form()).status_code == 302
    (key,) = server.scan_iter(f"{prefix}:*ratelimit:consultation:*")
    server.incrby(key, 2)  # two more sends, seen by another instance
    assert client.post(FORM_URL, valid_form(email="b@example.com")).status_code == 429


@pytest.mark.redis
def test_the_health_check_answers_ok_with_redis(client, redis_cache):
    assert client.get("/healthz").status_code == 200
