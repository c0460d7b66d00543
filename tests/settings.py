"""Settings for the test suite: production settings with a test secret and fast hashing.

Kept under tests/ so nothing test-only can exist in the production settings module.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-" + "x" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from clinic_site.settings import *  # noqa: E402, F403

# Production security stays on (DEBUG off); the test client speaks plain HTTP, so tests that
# care about HTTPS send `secure=True`, and the redirect is covered by its own test.
SECURE_SSL_REDIRECT = False
# Manifest storage needs collectstatic; tests render `{% static %}` without it.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the source folders, as in development: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A test database in a file (not in memory) on SQLite, so that a real worker process, started by
# a test, can open it too. pytest-xdist gives each worker its own (the name gets _gw0, _gw1…).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}  # noqa: F405

# With REDIS_URL set, each pytest-xdist worker gets a Redis database of its own: tests empty the
# cache (FLUSHDB), and one worker's flush must never wipe another's rate-limit counts mid-test.
if REDIS_URL:  # noqa: F405
    from urllib.parse import urlsplit

    _url = urlsplit(REDIS_URL)  # noqa: F405
    _base = int(_url.path.strip("/") or 0)
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    CACHES["default"]["LOCATION"] = _url._replace(path=f"/{_base + _worker}").geturl()  # noqa: F405
