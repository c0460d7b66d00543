"""The audit log in the admin: read-only for everyone, superusers included.

Clinic managers may read it (the "view audit event" permission); nobody may add, change or
delete an entry here or anywhere else (see AuditEvent).
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from consultations.admin.display import clinic_time


class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("when", "actor", "address", "action", "request_link", "detail")
    list_filter = ("action", ("at", admin.DateFieldListFilter))
    search_fields = ("reference", "actor")
    search_help_text = "Search by request reference or staff user name."
    fields = readonly_fields = (
        "when",
        "actor",
        "actor_user_id",
        "address",
        "action",
        "reference",
        "request_link",
        "detail",
    )
    list_per_page = 100
    actions = None

    @admin.display(description="When (clinic time)", ordering="at")
    def when(self, event):
        return clinic_time(event.at)

    @admin.display(description="Request", ordering="reference")
    def request_link(self, event):
        if not event.reference:
            return "–"
        if event.consultation_request_id is None:
            return f"{event.reference} (deleted)"
        url = reverse(
            "admin:consultations_consultationrequest_change",
            args=[event.consultation_request_id],
        )
        return format_html('<a href="{}">{}</a>', url, event.reference)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("consultations.view_auditevent")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
