"""The signed link in a patient's acknowledgement email, to their request's own page.

It holds only the request's id and a signature (no name, no address, nothing about their
health), and it expires. Signed with SECRET_KEY and accepted with SECRET_KEY_FALLBACKS, so a key
rotation does not break the links already sent.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

SALT = "consultations.your-request"
MAX_AGE = timedelta(days=90)


def your_request_path(consultation_request) -> str:
    token = signing.dumps(consultation_request.pk, salt=SALT)
    return reverse("consultations:your_request", args=[token])


def request_id(token: str) -> int | None:
    """The id the token was made for; None when it is forged, altered or expired."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return value if isinstance(value, int) else None
