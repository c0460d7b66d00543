"""Records kept with each request, shown on its admin page: notes, status history, emails,
audit trail."""

from django import forms
from django.contrib import admin
from django.db import models

from consultations.admin.display import can_see_requests, clinic_time
from consultations.models import Appointment, AuditEvent, Email, StaffNote


class RecordInline(admin.TabularInline):
    """A read-only record kept with the request: visible to whoever may see the request."""

    template = "admin/consultations/consultationrequest/records_inline.html"
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None):
        return can_see_requests(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusHistoryInline(RecordInline):
    """The request's status moves, read from the audit log (the one record of them)."""

    model = AuditEvent
    verbose_name = "status change"
    verbose_name_plural = "Status history"
    fields = readonly_fields = ("when", "actor", "move")
    MOVES = (
        AuditEvent.Action.RECEIVED,
        AuditEvent.Action.STATUS_CHANGED,
        AuditEvent.Action.WITHDRAWN,
        AuditEvent.Action.APPOINTMENT_BOOKED,
        AuditEvent.Action.APPOINTMENT_MOVED,
        AuditEvent.Action.APPOINTMENT_CANCELLED,
        AuditEvent.Action.CHANGE_ASKED,
        AuditEvent.Action.CHANGE_DEALT_WITH,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).filter(action__in=self.MOVES).order_by("at", "pk")

    @admin.display(description="When (clinic time)")
    def when(self, event):
        return clinic_time(event.at)

    @admin.display(description="What")
    def move(self, event):
        if event.action == AuditEvent.Action.STATUS_CHANGED:
            return event.detail
        if event.detail and event.action != AuditEvent.Action.WITHDRAWN:
            return f"{event.get_action_display()}: {event.detail}"
        return event.get_action_display()


class EmailInline(RecordInline):
    model = Email
    verbose_name_plural = "Emails (use “Send failed emails again” on the list to retry)"
    fields = readonly_fields = (
        "kind",
        "version",
        "state",
        "attempts",
        "due",
        "last_attempt",
        "error",
    )

    @admin.display(description="Appointment version")
    def version(self, email):
        return "–" if email.sequence is None else email.sequence

    @admin.display(description="Due (clinic time)")
    def due(self, email):
        return clinic_time(email.next_attempt_at)

    @admin.display(description="Last attempt (clinic time)")
    def last_attempt(self, email):
        return clinic_time(email.last_attempt_at)


class AppointmentInline(RecordInline):
    """Every appointment the request has had, cancelled ones too. Book, move and cancel from
    the Appointment section above."""

    model = Appointment
    verbose_name_plural = "Appointments (book, move or cancel under “Appointment” above)"
    fields = readonly_fields = ("when", "duration_minutes", "mode", "sequence", "state")

    @admin.display(description="When (clinic time)")
    def when(self, appointment):
        return clinic_time(appointment.starts_at)

    @admin.display(description="State")
    def state(self, appointment):
        if appointment.is_cancelled:
            return f"Cancelled {clinic_time(appointment.cancelled_at)}"
        if appointment.change_asked:
            return f"Booked; the patient asks to {appointment.change_asked} it"
        return "Booked"


class AuditEventInline(RecordInline):
    """Every entry about the request, for staff who may read the audit log."""

    model = AuditEvent
    classes = ["collapse"]
    verbose_name_plural = "Audit trail (who opened, changed or exported this request)"
    fields = readonly_fields = ("when", "actor", "address", "action", "detail")

    def get_queryset(self, request):
        # Being shown in a list is recorded too, but would bury everything else here.
        return super().get_queryset(request).exclude(action=AuditEvent.Action.LISTED)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("consultations.view_auditevent")

    @admin.display(description="When (clinic time)")
    def when(self, event):
        return clinic_time(event.at)


class StaffNoteInline(admin.StackedInline):
    """Notes are added, never edited or deleted: they are part of the record."""

    model = StaffNote
    template = "admin/consultations/consultationrequest/notes_inline.html"
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}
    extra = 1
    can_delete = False
    fields = ("body",)
    verbose_name_plural = "Staff notes"

    def has_view_permission(self, request, obj=None):
        return can_see_requests(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
