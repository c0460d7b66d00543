"""The request's page: its sections, and how the read-only answers read.

What the patient (or the referring clinician) sent and the consent record are read-only; the
workflow section holds what staff may change.
"""

from django.contrib import admin
from django.utils.html import format_html

from consultations.admin.display import clinic_time

SUBMITTED = (
    "full_name",
    "preferred_name",
    "email",
    "phone_number",
    "contact_method",
    "best_times",
    "voicemail_ok",
    "province",
    "patient_language",
    "is_adult",
    "help_wanted_list",
    "referred_by_clinician",
    "referrer_name",
    "referrer_contact",
    "message",
    "heard_from",
)
# A referral: the patient's details as the clinician gave them, and the clinician.
REFERRAL_SUBMITTED = (
    "full_name",
    "email",
    "phone_number",
    "contact_method",
    "province",
    "patient_language",
    "is_adult",
    "help_wanted_list",
    "message",
)
REFERRER = (
    "referrer_name",
    "referrer_profession",
    "referrer_registration",
    "referrer_email",
    "referrer_phone_number",
)
CONSENT = ("consent_given", "privacy_notice_version")


class RequestLayout:
    """Mixed into the requests' ModelAdmin."""

    def get_fieldsets(self, request, obj=None):
        workflow = [
            "reference",
            "received",
            "source",
            "status",
            "decline_reason",
            "risk",
            "assigned_to",
        ]
        if obj is not None and obj.spam_reason:
            workflow.insert(4, "spam_reason")
        if obj is not None and obj.withdrawn_at:
            workflow.insert(4, "withdrawn_at")
        if obj is not None and self.has_change_permission(request, obj):
            workflow[3:4] = ["new_status", "status_reason"]
        if obj is not None and obj.is_referral:
            return [
                ("Workflow", {"fields": workflow}),
                ("The patient, as referred (read-only)", {"fields": REFERRAL_SUBMITTED}),
                ("The referring clinician (read-only)", {"fields": REFERRER}),
                ("Consent record: agreed to be referred (read-only)", {"fields": CONSENT}),
            ]
        return [
            ("Workflow", {"fields": workflow}),
            ("What the patient sent (read-only)", {"fields": SUBMITTED}),
            ("Consent record (read-only)", {"fields": CONSENT}),
        ]

    @admin.display(description="Received (clinic time)", ordering="received_at")
    def received(self, obj):
        return format_html('<span class="nowrap">{}</span>', clinic_time(obj.received_at))

    @admin.display(description="Phone")
    def phone_number(self, obj):
        return obj.phone_display

    @admin.display(description="Referring clinician's phone")
    def referrer_phone_number(self, obj):
        return obj.referrer_phone_display

    @admin.display(description="Patient's language")
    def patient_language(self, obj):
        """In English, as the admin is: the language of the patient's emails."""
        return obj.language_name

    @admin.display(description="Best times to reach")
    def best_times(self, obj):
        return obj.contact_times_display

    @admin.display(description="Help wanted")
    def help_wanted_list(self, obj):
        return obj.help_wanted_display

    @admin.display(description="Consent given (clinic time)")
    def consent_given(self, obj):
        return clinic_time(obj.consent_given_at)
