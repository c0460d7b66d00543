"""Which request this browser has just sent, for its confirmation page: a signed cookie, not a
server-side session, so a patient's visit writes nothing to the database but the request itself.

It holds only the request's id and whether its confirmation has been shown (the reference
appears once: the confirmation replaces the cookie with a "shown" one, so the next person at a
shared computer sees only that a request was sent; someone who copied the first cookie out of
the browser could see the reference code again, never anything the patient wrote). Signed with
the secret key (old keys in DJANGO_SECRET_KEY_FALLBACKS still read), sent only to our own pages
under /consultations/ (or /fr/consultations/, for a form sent in French), gone after an hour.
"""

from django.conf import settings
from django.core import signing
from django.utils import translation

NAME = "consultation_sent"
SALT = "consultations.sent"
MAX_AGE = 3600  # the confirmation is for right after sending
PATH = "/consultations/"


def _path() -> str:
    """The pages of the language the form was sent in: /consultations/ or /fr/consultations/."""
    language = translation.get_language()
    return PATH if language == settings.LANGUAGE_CODE else f"/{language}{PATH}"


def remember(response, consultation_request_id: int, *, shown: bool) -> None:
    # Plain characters only ("12.new", "12.shown"): nothing a browser or proxy needs to quote.
    value = f"{consultation_request_id}.{'shown' if shown else 'new'}"
    response.set_signed_cookie(
        NAME, value, salt=SALT, max_age=MAX_AGE, path=_path(), httponly=True,
        secure=settings.SESSION_COOKIE_SECURE, samesite="Strict",
    )  # fmt: skip


def recall(request) -> dict | None:
    """{"id": …, "shown": …} from a cookie we signed within the hour, or None."""
    try:
        number, state = request.get_signed_cookie(NAME, salt=SALT, max_age=MAX_AGE).split(".")
        return {"id": int(number), "shown": {"new": False, "shown": True}[state]}
    except (KeyError, signing.BadSignature, ValueError):
        return None
