"""The staff workflow: list, filters, search, actions, notes, history, export.

Every write (a status, a note, the risk flag or the assignee, a deletion) goes through
services.py, which records it once, in the append-only audit log; so does every view and export.
The admin's own change history (LogEntry) is not kept for requests: it would be a second record.
"""

import re

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.utils import timezone

from consultations import appointments, audit, services
from consultations.admin.actions import WorkflowActions
from consultations.admin.appointments import AppointmentViews
from consultations.admin.columns import QueueColumns
from consultations.admin.contacts import ContactViews, contact_panel
from consultations.admin.display import may_read_messages
from consultations.admin.filters import (
    AppointmentFilter,
    HelpWantedFilter,
    LanguageFilter,
    ReferralFilter,
    RiskFilter,
    StaleFilter,
    StatusFilter,
)
from consultations.admin.forms import STAFF_FIELDS, ConsultationRequestAdminForm
from consultations.admin.inlines import (
    AppointmentInline,
    AuditEventInline,
    EmailInline,
    StaffNoteInline,
    StatusHistoryInline,
)
from consultations.admin.layout import CONSENT, REFERRER, SUBMITTED, RequestLayout
from consultations.models import (
    QUEUE_ORDERING,
    Appointment,
    AuditEvent,
    ConsultationRequest,
    ContactAttempt,
    StaffNote,
)

PHONE_SEARCH = re.compile(r"\+?[\d\s().-]{7,20}")
# Query parameters of the list that are not filters.
NOT_FILTERS = {"q", "o", "p", "_changelist_filters", "e"}


def list_detail(request) -> str:
    """Whether a list page was searched or filtered; never what was searched for."""
    used = []
    if request.GET.get("q"):
        used.append("searched")
    if set(request.GET) - NOT_FILTERS:
        used.append("filtered")
    return ", ".join(used)


class ConsultationRequestAdmin(
    ContactViews, AppointmentViews, RequestLayout, QueueColumns, WorkflowActions, admin.ModelAdmin
):
    form = ConsultationRequestAdminForm
    list_display = (
        "reference_code",
        "waiting",
        "name",
        "message_start",
        "status_pill",
        "risk_flag",
        "assignee",
        "appointment_column",
    )
    list_display_links = ("reference_code", "name")
    list_filter = (
        StatusFilter,
        RiskFilter,
        AppointmentFilter,
        ReferralFilter,
        StaleFilter,
        ("received_at", admin.DateFieldListFilter),
        HelpWantedFilter,
        "province",
        LanguageFilter,
    )
    search_fields = ("reference", "full_name", "preferred_name", "email", "phone")
    search_help_text = "Search by reference, name, email or phone number."
    list_per_page = 50
    readonly_fields = (
        "reference",
        "received",
        "status",
        "spam_reason",
        "decline_reason",
        "withdrawn_at",
        "source",
        *SUBMITTED,
        *REFERRER,
        *CONSENT,
    )
    inlines = [
        StaffNoteInline,
        AppointmentInline,
        StatusHistoryInline,
        EmailInline,
        AuditEventInline,
    ]
    actions = [
        "mark_contacted",
        "book_appointment",
        "mark_declined",
        "mark_spam",
        "send_emails_again",
        "export_csv",
    ]

    # --- Queue, search, permissions ---

    def get_queryset(self, request):
        # As ModelAdmin.get_queryset, but annotated before the queue ordering refers to it.
        queryset = self.model._default_manager.with_queue_keys().select_related("assigned_to")
        ahead = Appointment.objects.upcoming().order_by("starts_at")
        latest = ContactAttempt.objects.select_related("author").order_by("-created_at", "-pk")
        queryset = queryset.prefetch_related(
            Prefetch("appointments", queryset=ahead, to_attr="upcoming_appointments"),
            Prefetch("contact_attempts", queryset=latest, to_attr="recent_contacts"),
        )
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return QUEUE_ORDERING

    def get_list_display(self, request):
        if may_read_messages(request.user):
            return self.list_display
        return tuple(name for name in self.list_display if name != "message_start")

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        digits = "".join(ch for ch in search_term if ch.isdigit())
        if len(digits) >= 7 and PHONE_SEARCH.fullmatch(search_term.strip()):
            # Phones are stored as +16135550100: match however staff type the number.
            digits = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
            results = results | queryset.filter(phone__contains=digits)
        return results, may_have_duplicates

    def has_add_permission(self, request):
        return False  # requests come from the website form

    def has_export_permission(self, request):
        return request.user.has_perm("consultations.export_consultationrequest")

    # --- Every page that shows a request is recorded in the audit log ---

    def changelist_view(self, request, extra_context=None):
        glance = {
            **ConsultationRequest.objects.glance(),
            "change_asked": Appointment.objects.upcoming().change_asked().count(),
        }
        extra_context = {
            "title": "Consultation requests",
            **(extra_context or {}),
            "glance": glance,
        }
        response = super().changelist_view(request, extra_context=extra_context)
        context = getattr(response, "context_data", None) or {}
        if response.status_code != 200:
            return response
        if "cl" in context:  # the list itself: which requests it showed, never the search term
            audit.record(
                AuditEvent.Action.LISTED,
                consultation_requests=list(context["cl"].result_list),
                user=request.user,
                detail=list_detail(request),
            )
        elif "queryset" in context:  # an action's confirmation page, listing what it will touch
            audit.record(
                AuditEvent.Action.VIEWED,
                consultation_requests=list(context["queryset"]),
                user=request.user,
                detail=f"{request.POST.get('action', 'action')} confirmation",
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, unquote(object_id))
        if item is not None:
            appointment = appointments.current(item)
            panel = {
                "appointment": appointment,
                "ahead": appointment is not None and appointment.starts_at > timezone.now(),
                "can_change": self.has_change_permission(request, item),
                "bookable": item.status in appointments.BOOKABLE,
            }
            extra_context = {
                **(extra_context or {}),
                "appointment_panel": panel,
                "contact_panel": contact_panel(request, self, item),
            }
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and response.status_code == 200 and original is not None:
            audit.viewed(original, request.user)
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        item = getattr(response, "context_data", {}).get("object")
        if request.method == "GET" and response.status_code == 200 and item is not None:
            audit.viewed(item, request.user, "delete page")
        return response

    def history_view(self, request, object_id, extra_context=None):
        """The request's own audit trail, for staff who may read the audit log."""
        item = self.get_object(request, unquote(object_id))
        if item is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not request.user.has_perm("consultations.view_auditevent"):
            raise PermissionDenied
        audit.viewed(item, request.user, "history")
        context = {
            **self.admin_site.each_context(request),
            "title": f"History of {item}",
            "subtitle": None,
            "opts": self.opts,
            "object": item,
            "events": item.audit_events.order_by("at", "pk"),
            **(extra_context or {}),
        }
        return TemplateResponse(
            request, "admin/consultations/consultationrequest/history.html", context
        )

    def save_model(self, request, obj, form, change):
        changed = [name for name in form.changed_data if name in STAFF_FIELDS]
        services.consultation_request_update(
            consultation_request=obj, by=request.user, changed=changed
        )
        new_status = form.cleaned_data.get("new_status")
        if change and new_status and new_status != obj.status:
            services.consultation_request_change_status(
                consultation_request=obj,
                to_status=new_status,
                by=request.user,
                reason=form.cleaned_data.get("status_reason", ""),
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not StaffNote:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):
            services.consultation_note_create(
                consultation_request=form.instance, author=request.user, body=note.body
            )

    # The audit log is the one record of what staff did; no second one in LogEntry.
    def log_addition(self, request, obj, message):
        return None

    def log_change(self, request, obj, message):
        return None

    def log_deletions(self, request, queryset):
        return None

    def delete_model(self, request, obj):
        services.consultation_requests_delete(
            consultation_requests=ConsultationRequest.objects.filter(pk=obj.pk), by=request.user
        )

    def delete_queryset(self, request, queryset):
        services.consultation_requests_delete(consultation_requests=queryset, by=request.user)
