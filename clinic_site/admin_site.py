"""The staff admin: a password and a code from an authenticator app (TOTP), every time.

`admin_apps.StaffAdminConfig` replaces "django.contrib.admin" in INSTALLED_APPS so that
`admin.site`, and every `@admin.register`, is this site. A signed-in user without a verified
device is treated as not staff: they see the sign-in page and nothing else.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

ENROL_HINT = (
    "No authenticator app is set up for this account. Ask an administrator to run "
    "“manage.py enrol_totp <your user name>” with you."
)


class StaffLoginForm(OTPAdminAuthenticationForm):
    """User name, password and the 6-digit code; the device is the user's authenticator app."""

    otp_device = None  # each account has one authenticator app: no device to choose
    otp_challenge = None  # TOTP apps need no challenge
    otp_token = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": "Enter the 6-digit code from your authenticator app.",
        "invalid_token": "That code is not right. Enter the code your app shows now.",
        "device_required": ENROL_HINT,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the user name's max_length without a validator, so a longer name reached
        # the lockout records (255 characters) and failed on PostgreSQL. Refuse it here.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))

    def _chosen_device(self, user):
        return (
            TOTPDevice.objects.devices_for_user(user, confirmed=True)
            .select_for_update()
            .order_by("pk")
            .first()
        )


class StaffAdminSite(OTPAdminSite):
    login_form = StaffLoginForm
    login_template = "admin/staff_login.html"

    def __init__(self, name="admin"):
        super().__init__(name)
