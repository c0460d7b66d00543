"""The hidden token each rendering of the form carries.

It is signed and holds a random nonce and the time the form was shown, so one field answers two
questions on POST: was the form filled in faster than a person could (a bot), and has this very
form been sent already (a double click, a reload, the back button)? The nonce is stored on the
request under a unique constraint, which also settles two identical POSTs racing each other.
Several tabs each get their own token, so each can send its own request.
"""

import secrets
import time
from dataclasses import dataclass

from django.core import signing

SALT = "consultations.form-token"


@dataclass(frozen=True)
class TokenCheck:
    nonce: str  # "" when the token is missing or forged
    seconds_taken: float | None

    @property
    def is_valid(self) -> bool:
        return bool(self.nonce)


def issue(*, now: float | None = None) -> str:
    shown_at_ms = int((time.time() if now is None else now) * 1000)  # rounded down, never ahead
    return signing.dumps({"n": secrets.token_urlsafe(16), "t": shown_at_ms}, salt=SALT)


MAX_LENGTH = 300  # ours are about 110 characters; anything much longer is not ours


def check(token: str, *, now: float | None = None) -> TokenCheck:
    if not token or len(token) > MAX_LENGTH:
        return TokenCheck(nonce="", seconds_taken=None)
    try:
        payload = signing.loads(token, salt=SALT)
        nonce, shown_at = str(payload["n"]), int(payload["t"]) / 1000
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TokenCheck(nonce="", seconds_taken=None)
    if not nonce or len(nonce) > 64:
        return TokenCheck(nonce="", seconds_taken=None)
    return TokenCheck(nonce=nonce, seconds_taken=(time.time() if now is None else now) - shown_at)
