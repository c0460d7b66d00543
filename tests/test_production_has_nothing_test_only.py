"""Production settings hold nothing made for tests: no test hashers, endpoints or switches,
and the staff protections (two factors, lockout, session limits) are all on."""

import json

import pytest

from tests.production import PRODUCTION, ROOT, run_python

SCRIPT = """
import json, django
from django.conf import settings
django.setup()
from django.contrib import admin
from django.urls import URLResolver, get_resolver

def routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)

print(json.dumps({
    "debug": settings.DEBUG,
    "hashers": settings.PASSWORD_HASHERS,
    "apps": settings.INSTALLED_APPS,
    "middleware": settings.MIDDLEWARE,
    "backends": settings.AUTHENTICATION_BACKENDS,
    "axes_enabled": settings.AXES_ENABLED,
    "axes_limit": settings.AXES_FAILURE_LIMIT,
    "admin_site": admin.site.__class__.__name__,
    "finders": getattr(settings, "WHITENOISE_USE_FINDERS", False),
    "idle": settings.STAFF_SESSION_IDLE_MINUTES,
    "longest": settings.STAFF_SESSION_MAX_HOURS,
    "routes": sorted(routes(get_resolver().url_patterns)),
}))
"""


@pytest.fixture(scope="module")
def production() -> dict:
    """Read in a process of its own: Django set up with the production settings, not these."""
    result = run_python(SCRIPT, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_have_no_test_only_values_or_endpoints(production):
    values = production
    assert values["debug"] is False
    assert not any("MD5" in hasher for hasher in values["hashers"])
    assert not any(app.startswith("tests") for app in values["apps"])
    assert values["finders"] is False
    assert not [route for route in values["routes"] if "test" in route.lower()]


def test_production_requires_two_factors_locks_out_and_limits_sessions(production):
    values = production
    assert values["admin_site"] == "StaffAdminSite"
    assert values["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["axes_enabled"] is True and values["axes_limit"] == 5
    middleware = values["middleware"]
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1] == "django_otp.middleware.OTPMiddleware"
    assert "clinic_site.staff_sessions.staff_sessions" in middleware
    assert (values["idle"], values["longest"]) == (30, 12)


def test_no_application_module_imports_the_tests():
    for folder in ("clinic_site", "articles", "consultations"):
        for path in (ROOT / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            assert "from tests" not in source and "import tests" not in source, path
