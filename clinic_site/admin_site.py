"""The staff admin: a password and a second factor, every time: the code from an authenticator
app, or a passkey (WebAuthn) in its place.

`admin_apps.StaffAdminConfig` replaces "django.contrib.admin" in INSTALLED_APPS so that
`admin.site`, and every admin registration, is this site. A signed-in user without a verified
device is treated as not staff: they see the sign-in page and nothing else. The sign-in form is
in staff_login.py, the passkey ceremonies in passkeys.py; this module holds the site's pages.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_otp.admin import OTPAdminSite

from clinic_site.passkeys import (
    ADD_CHALLENGE,
    SIGN_IN_CHALLENGE,
    AddPasskeyForm,
    PasskeyCeremonies,
    issue_challenge,
    own_passkeys,
    registered_passkey,
    take_challenge,
)
from clinic_site.staff_login import StaffLoginForm

# The admin home: the request queue first, then the security models, in this order.
QUEUE = ("consultations", "ConsultationRequest")
SECURITY = [
    ("auth", "User"),
    ("auth", "Group"),
    ("otp_totp", "TOTPDevice"),
    ("axes", "AccessAttempt"),
    ("axes", "AccessLog"),
    ("axes", "AccessFailureLog"),
    ("django_tasks_database", "DBTaskResult"),
    ("consultations", "AuditEvent"),
]


def group_for_the_clinic(app_list: list[dict]) -> list[dict]:
    """Django lists apps alphabetically; the clinic's staff want the queue first, then the
    security models together (each staff member sees only those they may open)."""
    models = {
        (app["app_label"], model["object_name"]): (app, model)
        for app in app_list
        for model in app["models"]
    }
    grouped = []
    if QUEUE in models:
        app, model = models.pop(QUEUE)
        # templates/admin/index.html puts the content review desk right after the queue.
        grouped.append({**app, "name": "Intake", "models": [model], "is_queue": True})
    security = [models.pop(key)[1] for key in SECURITY if key in models]
    if security:
        grouped.append(
            {
                "name": "Security and records",
                "app_label": "security",
                "app_url": "",
                "has_module_perms": True,
                "models": security,
            }
        )
    for app in app_list:  # anything else, as Django groups it
        rest = [m for m in app["models"] if (app["app_label"], m["object_name"]) in models]
        if rest:
            grouped.append({**app, "models": rest})
    return grouped


class StaffAdminSite(OTPAdminSite):
    login_form = StaffLoginForm
    login_template = "admin/staff_login.html"
    index_title = "Staff pages"
    # The queue needs the width; the home page lists everything the sidebar would.
    enable_nav_sidebar = False

    @property
    def site_header(self):
        return f"{settings.CLINIC_NAME}: staff"

    @property
    def site_title(self):
        return f"{settings.CLINIC_NAME} staff"

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        return app_list if app_label else group_for_the_clinic(app_list)

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
