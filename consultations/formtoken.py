"""The hidden token each rendering of the form carries.

It is signed and holds a random nonce and the time the form was shown, so one field answers three
questions on POST: was the form filled in faster than a person could (a bot), has this very form
been sent already (a double click, a reload, the back button), and is it still fresh? The nonce
is stored on the request under a unique constraint, which also settles two identical POSTs
racing each other. Several tabs each get their own token, so each can send its own request.

Tokens last MAX_AGE, so a harvested one is soon worthless. They are signed with SECRET_KEY and
checked against SECRET_KEY_FALLBACKS too, so a form shown just before a key rotation still works.
"""

import enum
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

SALT = "consultations.form-token"
MAX_AGE = timedelta(hours=24)
MAX_LENGTH = 300  # ours are about 110 characters; anything much longer is not ours


class State(enum.Enum):
    VALID = "valid"
    MISSING = "missing"
    FORGED = "forged"  # not signed by us, or altered
    EXPIRED = "expired"


@dataclass(frozen=True)
class TokenCheck:
    state: State
    nonce: str = ""  # kept for an expired token too: it still identifies the form
    seconds_taken: float | None = None

    @property
    def is_valid(self) -> bool:
        return self.state is State.VALID


def issue(*, now: float | None = None) -> str:
    shown_at_ms = int((time.time() if now is None else now) * 1000)  # rounded down, never ahead
    return signing.dumps({"n": secrets.token_urlsafe(16), "t": shown_at_ms}, salt=SALT)


def check(token: str, *, now: float | None = None) -> TokenCheck:
    if not token:
        return TokenCheck(State.MISSING)
    if len(token) > MAX_LENGTH:
        return TokenCheck(State.FORGED)
    try:
        payload = signing.loads(token, salt=SALT)
        nonce, shown_at = str(payload["n"]), int(payload["t"]) / 1000
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TokenCheck(State.FORGED)
    if not nonce or len(nonce) > 64:
        return TokenCheck(State.FORGED)
    taken = (time.time() if now is None else now) - shown_at
    state = State.EXPIRED if taken > MAX_AGE.total_seconds() else State.VALID
    return TokenCheck(state, nonce=nonce, seconds_taken=taken)
