"""/healthz tells a load balancer whether this instance can serve, and nothing more."""

import json
import logging

import pytest
from django.db import OperationalError
from django.test import Client

import clinic_site.health

pytestmark = pytest.mark.django_db

BROKEN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}


def test_it_answers_200_when_the_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_it_answers_a_load_balancer_probing_by_address_over_plain_http(settings):
    settings.SECURE_SSL_REDIRECT = True
    response = Client(HTTP_HOST="10.0.0.7:8000").get("/healthz")
    assert response.status_code == 200


def test_only_the_exact_path_skips_the_host_check(settings):
    assert Client(HTTP_HOST="10.0.0.7").get("/healthz/extra").status_code == 400


def test_it_answers_503_when_the_database_fails(client, monkeypatch, caplog):
    def refuse():
        raise OperationalError("connection to server at 10.1.2.3 failed: password for admin")

    monkeypatch.setattr(clinic_site.health.connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable"}
    assert b"10.1.2.3" not in response.content and b"password" not in response.content
    assert "OperationalError" in caplog.text and "10.1.2.3" not in caplog.text


def test_it_answers_503_when_the_cache_fails(client, settings, caplog):
    settings.CACHES = BROKEN_CACHE
    with caplog.at_level(logging.ERROR, logger="clinic_site.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable"}
    assert "the cache did not answer" in caplog.text
    assert "127.0.0.1:1" not in response.content.decode()


def test_it_accepts_head_and_refuses_other_methods(client):
    assert client.head("/healthz").status_code == 200
    response = client.post("/healthz")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
