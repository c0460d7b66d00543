import os

from django.core.checks import run_checks
from django.core.management.base import SystemCheckError
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings")
application = get_wsgi_application()

# Refuse to serve with broken content or configuration, as `runserver` would. The content check
# loads the library, so every article is parsed and rendered once, before the first request.
_errors = [message for message in run_checks() if message.is_serious()]
if _errors:
    raise SystemCheckError("\n".join(str(message) for message in _errors))
