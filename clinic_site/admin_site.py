"""The staff admin: a password and a second factor, every time: the code from an authenticator
app, or a passkey (WebAuthn) in its place.

`admin_apps.StaffAdminConfig` replaces "django.contrib.admin" in INSTALLED_APPS so that
`admin.site`, and every admin registration, is this site. A signed-in user without a verified
device is treated as not staff: they see the sign-in page and nothing else.

The sign-in reveals nothing until both factors pass: a wrong password, a right password with a
missing or wrong code or a passkey that is not theirs or not valid, an account without an
authenticator app, an inactive or non-staff account all get the same answer. Each such attempt
counts towards the lockout (django-axes: five for one user name from one address;
STAFF_LOCKOUT_FAILURES_PER_USERNAME from anywhere).

A passkey sign-in is still one POST of user name, password and the passkey's answer: the page's
script (static/js/passkeys.js) first asks `passkey_sign_in_options` for a challenge, which is
kept in the anonymous session and asks for no user name, so it reveals nothing about accounts
either. The form checks the password and the answer together. Nobody is logged in, even
unverified, before both pass.
"""

import json
import logging
import time

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate, logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import ResidentKeyRequirement, UserVerificationRequirement

from clinic_site.client_ip import client_ip

log = logging.getLogger(__name__)

REFUSED = (
    "That did not work. Check your user name, your password and the code your authenticator "
    "app shows now (or use your passkey again), then try again."
)
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


def locked_out_everywhere(username: str) -> bool:
    """Has this user name failed too often in the cool-off period, from any address?"""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.STAFF_LOCKOUT_FAILURES_PER_USERNAME


def verified_device(user, token: str):
    """The user's authenticator app if `token` is its code now; None otherwise."""
    if not token:
        return None
    with transaction.atomic():
        device = (
            TOTPDevice.objects.devices_for_user(user, confirmed=True)
            .select_for_update()
            .order_by("pk")
            .first()
        )
        if device is None or not device.verify_is_allowed()[0]:
            return None
        return device if device.verify_token(token) else None


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


class StaffLoginForm(AdminAuthenticationForm):
    """User name, password and the 6-digit code or a passkey, checked together."""

    otp_token = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )
    # The passkey's answer, put here by static/js/passkeys.js.
    passkey = forms.CharField(required=False, widget=forms.HiddenInput)
    error_messages = {"invalid_login": REFUSED, "inactive": REFUSED}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the user name's max_length without a validator, so a longer name reached
        # the lockout records (255 characters) and failed on PostgreSQL. Refuse it here.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        # Any bad answer, a NUL character in it too, must get the one refusal (below), never a
        # message of its own.
        self.fields["passkey"].validators.clear()

    def clean(self):
        # Whatever happens next, the challenge this browser was given is used up.
        challenge = take_challenge(self.request, SIGN_IN_CHALLENGE)
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data  # the fields say what is missing
        if locked_out_everywhere(username):
            self._lock_out(username)
            raise ValidationError(REFUSED, code="invalid_login")
        user = authenticate(self.request, username=username, password=password)
        device = None
        if user is not None and user.is_active and user.is_staff:
            if answer := self.cleaned_data.get("passkey", ""):
                device = verified_passkey(self.request, user, answer, challenge)
            else:
                device = verified_device(user, self.cleaned_data.get("otp_token", "").strip())
        if device is None:
            if user is not None:
                # The password was right, so Django saw no failure: the missing or wrong code or
                # passkey, or the missing app, is one, for the lockout and the audit log alike.
                user_login_failed.send(
                    sender=__name__, credentials={"username": username}, request=self.request
                )
            raise ValidationError(REFUSED, code="invalid_login")
        user.otp_device = device  # django-otp marks the session verified at login
        self.user_cache = user
        return self.cleaned_data

    def _lock_out(self, username: str) -> None:
        """Show the lockout page (django-axes' middleware answers with it) and record it."""
        self.request.axes_locked_out = True
        user_locked_out.send(
            "axes", request=self.request, username=username, ip_address=client_ip(self.request)
        )


class StaffAdminSite(OTPAdminSite):
    login_form = StaffLoginForm
    login_template = "admin/staff_login.html"

    def each_context(self, request):
        # For the page that returns to the sign-in page by itself (static/js/staff-idle.js).
        context = super().each_context(request)
        context["staff_idle_seconds"] = settings.STAFF_SESSION_IDLE_MINUTES * 60
        return context

    def get_urls(self):
        # Each staff member's own passkeys, in the admin, behind both factors; and, for the
        # sign-in page, a challenge for anyone.
        staff = self.admin_view
        return [
            path("passkeys/", staff(require_GET(self.passkeys_view)), name="passkeys"),
            path("passkeys/add/", staff(require_POST(self.add_passkey_view)), name="passkey_add"),
            path(
                "passkeys/add/options/",
                staff(require_POST(self.add_passkey_options_view)),
                name="passkey_add_options",
            ),
            path(
                "passkeys/<int:pk>/remove/",
                staff(require_POST(self.remove_passkey_view)),
                name="passkey_remove",
            ),
            path(
                "passkeys/sign-in/options/",
                never_cache(require_POST(self.passkey_sign_in_options_view)),
                name="passkey_sign_in_options",
            ),
            *super().get_urls(),
        ]

    def passkeys_view(self, request):
        context = {
            **self.each_context(request),
            "title": "Your passkeys",
            "passkeys": own_passkeys(request.user),
            "signed_in_with": getattr(request.user.otp_device, "persistent_id", ""),
        }
        return TemplateResponse(request, "admin/passkeys.html", context)

    def add_passkey_options_view(self, request):
        options, state = PasskeyCeremonies(request).register_begin(request.user)
        issue_challenge(request, ADD_CHALLENGE, state)
        return JsonResponse(options)

    def add_passkey_view(self, request):
        challenge = take_challenge(request, ADD_CHALLENGE)
        form = AddPasskeyForm(request.POST)
        passkey = None
        if form.is_valid():
            name = form.cleaned_data["name"] or "Passkey"
            passkey = registered_passkey(request, challenge, name, form.cleaned_data["credential"])
        if passkey is None:
            messages.error(request, "The passkey was not added. Try again.")
        else:
            messages.success(
                request, f"Added “{passkey.name}”. Sign in with it instead of a code next time."
            )
        return redirect("admin:passkeys")

    def remove_passkey_view(self, request, pk: int):
        passkey = get_object_or_404(own_passkeys(request.user), pk=pk)
        was_this_sign_in = passkey.persistent_id == request.user.otp_device.persistent_id
        passkey.delete()
        if was_this_sign_in:
            # The session was verified by this passkey, so it is not any more.
            logout(request)
            messages.info(request, "You removed the passkey you signed in with: sign in again.")
            return redirect("admin:login")
        messages.success(request, f"Removed “{passkey.name}”.")
        return redirect("admin:passkeys")

    def passkey_sign_in_options_view(self, request):
        # The same for everyone: no user name asked, no list of anyone's passkeys given.
        options, state = PasskeyCeremonies(request).authenticate_begin()
        issue_challenge(request, SIGN_IN_CHALLENGE, state)
        return JsonResponse(options)

    def autocomplete_view(self, request):
        # No staff page uses autocomplete, and its answers (names found by a search) would be a
        # view of requests the audit log does not see: switched off.
        raise PermissionDenied

    def logout(self, request, extra_context=None):
        response = super().logout(request, extra_context)
        # Nothing a staff member saw stays behind in this browser's cache or storage.
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
