"""Does a sent form look automated, and what then?

Bots fill every field (the hidden one too), send within moments of loading the page, or send a
token that is missing or forged. Such a submission is stored as spam: kept for staff to rescue a
false positive, never emailed about. But a message that suggests a risk of self-harm is never
filtered out: it stays in the queue, flagged for a person to check, and alerts the clinic as any
other would. A person with a stale or broken token is asked to send the form again, keeping
everything they typed.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from consultations.choices import SpamReason
from consultations.formtoken import State, TokenCheck
from consultations.urgency import suggests_risk


@dataclass(frozen=True)
class Verdict:
    spam_reason: str = ""  # why it looked automated, "" when it did not
    ask_again: bool = False  # show the form again: its token is stale or broken


def judge(
    *,
    token: TokenCheck,
    honeypot_filled: bool,
    message: str,
    min_seconds: int,
    about_someone_else: bool = False,
) -> Verdict:
    """The services keep a submission with risk words in the queue whatever this says; here
    they only decide that a broken token is no reason to send a person back to the form.
    `about_someone_else`: a clinician's referral, written about the patient."""
    at_risk = suggests_risk(message, about_someone_else=about_someone_else)
    if honeypot_filled:
        reason = SpamReason.HONEYPOT
    elif not token.is_valid:
        if not at_risk:
            return Verdict(ask_again=True)
        reason = SpamReason.BAD_TOKEN
    # A negative time means server clocks disagree, not a bot: only our servers sign tokens.
    elif token.seconds_taken is not None and 0 <= token.seconds_taken < min_seconds:
        reason = SpamReason.TOO_FAST
    else:
        return Verdict()
    return Verdict(spam_reason=reason)


def token_problem(token: TokenCheck, *, button: str = "") -> str:
    """What to tell a person whose form must be sent again."""
    button = button or gettext("Send my request")
    if token.state is State.EXPIRED:
        return gettext(
            "This form was open for a long time, so for your security we need you to send it "
            "again. Everything you typed is still here: check it, then press “%(button)s”."
        ) % {"button": button}
    return gettext(
        "We could not accept the form as it was sent. Everything you typed is still here: "
        "check it, then press “%(button)s” again."
    ) % {"button": button}
