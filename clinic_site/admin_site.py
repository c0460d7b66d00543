"""The staff admin: a password and a second factor (a code from an authenticator app), every time.

`admin_apps.StaffAdminConfig` replaces "django.contrib.admin" in INSTALLED_APPS so that
`admin.site`, and every admin registration, is this site. A signed-in user without a verified
device is treated as not staff: they see the sign-in page and nothing else.

The sign-in reveals nothing until both factors pass: a wrong password, a right password with a
missing or wrong code, an account without an authenticator app, an inactive or non-staff
account all get the same answer. Each such attempt counts towards the lockout (django-axes: five
for one user name from one address; STAFF_LOCKOUT_FAILURES_PER_USERNAME from anywhere).
"""

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic_site.client_ip import client_ip

REFUSED = (
    "That did not work. Check your user name, your password and the code your authenticator "
    "app shows now, then try again."
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
    """User name, password and the 6-digit code, checked together."""

    otp_token = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )
    error_messages = {"invalid_login": REFUSED, "inactive": REFUSED}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the user name's max_length without a validator, so a longer name reached
        # the lockout records (255 characters) and failed on PostgreSQL. Refuse it here.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))

    def clean(self):
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
            device = verified_device(user, self.cleaned_data.get("otp_token", "").strip())
        if device is None:
            if user is not None:
                # The password was right, so Django saw no failure: the missing or wrong code,
                # or the missing app, is one, for the lockout and the audit log alike.
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

    def autocomplete_view(self, request):
        # No staff page uses autocomplete, and its answers (names found by a search) would be a
        # view of requests the audit log does not see: switched off.
        raise PermissionDenied

    def logout(self, request, extra_context=None):
        response = super().logout(request, extra_context)
        # Nothing a staff member saw stays behind in this browser's cache or storage.
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
