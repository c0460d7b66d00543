"""Passkeys (WebAuthn, through django-otp-webauthn and py_webauthn) as a staff member's second
factor in place of the authenticator app's code.

The package's credential model and ceremonies are used; its views and script are not, because
they would sign in with a passkey alone or in a request apart from the password. Here a sign-in
is one POST of user name, password and the passkey's answer (clinic_site/staff_login.py): the
page's script (static/js/passkeys.js) first asks for a challenge, which is kept in the anonymous
session and asks for no user name, so it reveals nothing about accounts. Each challenge is used
once and expires after OTP_WEBAUTHN_TIMEOUT_SECONDS.
"""

import json
import logging
import time

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import ResidentKeyRequirement, UserVerificationRequirement

log = logging.getLogger(__name__)

# Where each ceremony's challenge waits in the session for the browser's answer.
SIGN_IN_CHALLENGE = "staff_passkey_sign_in"
ADD_CHALLENGE = "staff_passkey_add"
# A passkey's answer is a few hundred characters, its credential at most a few thousand.
LONGEST_ANSWER = 16_000
# Whatever a forged or broken answer makes the package or py_webauthn raise.
BAD_ANSWER = (
    OTPWebAuthnApiError,
    WebAuthnException,
    ValueError,
    TypeError,
    KeyError,
    RecursionError,
)


class PasskeyCeremonies(WebAuthnHelper):
    """The package's WebAuthn ceremonies (py_webauthn underneath), with this site's choices."""

    def __init__(self, request, *, name: str = ""):
        super().__init__(request)
        self.name = name

    def get_discoverable_credentials_preference(self):
        # The sign-in asks for a passkey before it knows whose (a list of the user's passkeys
        # would tell anyone whether a user name exists), so only passkeys the browser can find
        # by itself will do.
        return ResidentKeyRequirement.REQUIRED

    def get_generate_authentication_options_kwargs(self, *, user=None, require_user_verification):
        kwargs = super().get_generate_authentication_options_kwargs(
            user=None, require_user_verification=False
        )
        # The password is the other factor, so a security key without a PIN is enough; a
        # fingerprint or PIN is asked for where the device has one.
        kwargs["user_verification"] = UserVerificationRequirement.PREFERRED
        return kwargs

    def create_credential(self, user, response, parsed_credential, original_data):
        device = super().create_credential(user, response, parsed_credential, original_data)
        device.name = self.name
        return device


def issue_challenge(request, key: str, state: dict) -> None:
    request.session[key] = {**state, "issued_at": time.time()}


def take_challenge(request, key: str) -> dict | None:
    """The challenge this browser was given, once: the first answer uses it up, right or wrong,
    and it is void after OTP_WEBAUTHN_TIMEOUT_SECONDS."""
    if request is None or key not in request.session:
        return None  # and no session is started for a sign-in with a code
    state = request.session.pop(key)
    request.session.save()  # used up even if something fails later in this request
    if not isinstance(state, dict):
        return None
    if time.time() - state.get("issued_at", 0) > settings.OTP_WEBAUTHN_TIMEOUT_SECONDS:
        return None
    return state


def _answer(text: str) -> dict | None:
    """The browser's answer to a ceremony, as the JSON object it must be, or None."""
    if not text or len(text) > LONGEST_ANSWER:
        return None
    data = json.loads(text)
    return data if isinstance(data, dict) else None


def verified_passkey(request, user, answer: str, challenge: dict | None):
    """The user's passkey if `answer` is its signature of this browser's challenge, for this
    site's relying party ID and origins; None otherwise. The package checks that the passkey
    is the user's and py_webauthn the rest, the signature count included."""
    if challenge is None:
        return None
    try:
        data = _answer(answer)
        if data is None:
            return None
        passkey = PasskeyCeremonies(request).authenticate_complete(user, challenge, data)
    except BAD_ANSWER as error:
        log.info("A passkey sign-in was refused (%s).", type(error).__name__)
        return None
    return passkey if passkey.confirmed else None


def registered_passkey(request, challenge: dict | None, name: str, answer: str):
    """A new passkey for the signed-in user, if `answer` is a valid one made for this challenge."""
    if challenge is None:
        return None
    try:
        data = _answer(answer)
        if data is None:
            return None
        with transaction.atomic():
            return PasskeyCeremonies(request, name=name).register_complete(
                request.user, challenge, data
            )
    except (*BAD_ANSWER, IntegrityError) as error:
        log.info("A passkey was not added (%s).", type(error).__name__)
        return None


def own_passkeys(user):
    return WebAuthnCredential.objects.filter(user=user).order_by("created_at", "pk")


class AddPasskeyForm(forms.Form):
    name = forms.CharField(max_length=64, required=False)
    credential = forms.CharField(max_length=LONGEST_ANSWER)
