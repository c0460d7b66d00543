"""The staff sign-in form: user name, password and a second factor, checked together.

The sign-in reveals nothing until both factors pass: a wrong password, a right password with a
missing or wrong code or a passkey that is not theirs or not valid, an account without an
authenticator app, an inactive or non-staff account all get the same answer. Each such attempt
counts towards the lockout (django-axes: five for one user name from one address;
STAFF_LOCKOUT_FAILURES_PER_USERNAME from anywhere). Nobody is logged in, even unverified,
before both pass.
"""

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic_site.client_ip import client_ip
from clinic_site.passkeys import SIGN_IN_CHALLENGE, take_challenge, verified_passkey

REFUSED = (
    "That did not work. Check your user name, your password and the code your authenticator "
    "app shows now (or use your passkey again), then try again."
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
