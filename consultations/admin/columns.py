"""The queue's columns: what to do first, at 1280 px without scrolling sideways.

How long each request has waited, who it is (with how they want to be contacted and whether a
clinician referred them), the first line of their message, the status as a pill, the risk
words until someone reaches the patient, the assignee and the appointment. Times are on the
clinic's clock, short ("Tue Dec 1, 14:05"); the request's page has them in full.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from consultations.admin.display import first_line, waiting_time
from consultations.choices import ContactOutcome

# Where a status pill takes its colours (static/css/staff.css).
PILL_CLASS = {
    "new": "pill-new",
    "contacted": "pill-contacted",
    "booked": "pill-booked",
}


def short_time(moment) -> str:
    """Day and time on the clinic's clock, short enough for a list cell."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return local.strftime("%a %b %-d, %H:%M")


class QueueColumns:
    """Mixed into the requests' ModelAdmin: `list_display` names these."""

    @admin.display(description="Reference", ordering="reference")
    def reference_code(self, obj):
        return format_html('<span class="nowrap">{}</span>', obj.reference)

    @admin.display(description="Waiting", ordering="-received_key")
    def waiting(self, obj):
        until = obj.finished_at or timezone.now()
        return format_html(
            '<span class="nowrap">{}</span><br><small>since {}</small>',
            waiting_time(obj.received_at, until),
            short_time(obj.received_at),
        )

    @admin.display(description="Name", ordering="full_name")
    def name(self, obj):
        if not obj.full_name:
            return "–"
        if obj.is_referral:
            source = format_html("<strong>{}</strong>", "Clinician referral")
        elif obj.referred_by_clinician:
            source = "says a clinician refers them"
        else:
            source = ""
        return format_html(
            "{}<br><small>{} · {}</small>{}",
            obj.full_name,
            obj.get_contact_method_display(),
            obj.get_province_display(),
            format_html("<br><small>{}</small>", source) if source else "",
        )

    @admin.display(description="Message (first line)")
    def message_start(self, obj):
        return first_line(obj.message) or "–"

    @admin.display(description="Status", ordering="status")
    def status_pill(self, obj):
        return format_html(
            '<span class="pill {}">{}</span>',
            PILL_CLASS.get(obj.status, "pill-finished"),
            obj.get_status_display(),
        )

    @admin.display(description="Risk words", ordering="risk")
    def risk_flag(self, obj):
        if not obj.risk:
            return ""
        check = " · looked automated: check" if obj.needs_check else ""
        contacts = getattr(obj, "recent_contacts", None) or []
        reached = next((c for c in contacts if c.outcome == ContactOutcome.REACHED), None)
        if reached is not None:
            level = "Urgent" if obj.is_urgent else "May indicate risk"
            when = short_time(reached.created_at)
            return format_html("{}{}<br><small>reached {}</small>", level, check, when)
        label = "Call back today" if obj.is_urgent else "Read today"
        if not contacts:
            return format_html("<strong>{}</strong>{}", label, check)
        return format_html(
            "<strong>{}</strong>{}<br><small>last try: {}, {}</small>",
            label,
            check,
            contacts[0].get_outcome_display().lower(),
            short_time(contacts[0].created_at),
        )

    @admin.display(description="Assigned to", ordering="assigned_to__username")
    def assignee(self, obj):
        user = obj.assigned_to
        if user is None:
            return "–"
        return user.get_full_name() or user.get_username()

    @admin.display(description="Appointment")
    def appointment_column(self, obj):
        ahead = getattr(obj, "upcoming_appointments", None)
        if not ahead:
            return ""
        appointment = ahead[0]
        when = short_time(appointment.starts_at)
        if appointment.change_asked:
            return format_html("{}<br><strong>asks to {}</strong>", when, appointment.change_asked)
        return when
