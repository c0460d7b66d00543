"""The framework floor exists only in the benchmark's own URLconf, never in production."""

import pytest
from django.urls import Resolver404, get_resolver, resolve

from perf import FLOOR_PATH

FLOOR_URL = "/" + FLOOR_PATH


def test_the_production_urlconf_has_no_floor_route():
    with pytest.raises(Resolver404):
        resolve(FLOOR_URL, urlconf="clinic_site.urls")


def test_the_benchmark_settings_use_the_benchmark_urlconf_and_nothing_else_changes():
    import clinic_site.settings as production
    import perf.settings as bench

    assert production.ROOT_URLCONF == "clinic_site.urls"
    assert bench.ROOT_URLCONF == "perf.urls"
    changed = {
        name
        for name in dir(bench)
        if name.isupper() and getattr(bench, name) != getattr(production, name, None)
    }
    assert changed == {"ROOT_URLCONF"}


def test_the_benchmark_urlconf_is_the_site_plus_the_floor():
    site = get_resolver("clinic_site.urls").url_patterns
    bench = get_resolver("perf.urls").url_patterns
    assert [str(p.pattern) for p in bench] == [FLOOR_PATH, *(str(p.pattern) for p in site)]


def test_the_floor_answers_ok(client, settings):
    settings.ROOT_URLCONF = "perf.urls"
    response = client.get(FLOOR_URL)
    assert response.status_code == 200
    assert response.content == b"ok"
