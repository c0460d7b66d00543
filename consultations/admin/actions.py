"""Bulk actions on the staff list. Every status change goes through services.py."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from consultations import audit, services
from consultations.admin.forms import DeclineForm
from consultations.choices import Status
from consultations.export import requests_to_csv
from consultations.models import AuditEvent, Email


class WorkflowActions:
    """Mixed into the ModelAdmin; each action names the permission it needs."""

    def _move(self, request, queryset, to_status: str, reason: str = "") -> None:
        moved, refused = [], []
        for item in queryset:
            try:
                services.consultation_request_change_status(
                    consultation_request=item, to_status=to_status, by=request.user, reason=reason
                )
            except ValidationError:
                refused.append(item.reference)
                continue
            moved.append(item.reference)
        label = Status(to_status).label.lower()
        if moved:
            self.message_user(request, f"Marked {label}: {', '.join(moved)}.", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                f"Not changed, because their status does not allow it: {', '.join(refused)}.",
                messages.WARNING,
            )

    @admin.action(description="Mark contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        self._move(request, queryset, Status.CONTACTED)

    @admin.action(description="Book an appointment (one request)", permissions=["change"])
    def book_appointment(self, request, queryset):
        """Booked means a time: this opens the request's appointment page."""
        items = list(queryset[:2])
        if len(items) != 1:
            self.message_user(
                request,
                "Choose one request to book: each appointment needs its own time.",
                messages.WARNING,
            )
            return None
        return redirect(
            reverse("admin:consultations_consultationrequest_appointment", args=[items[0].pk])
        )

    @admin.action(description="Mark spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._move(request, queryset, Status.SPAM)

    @admin.action(description="Mark declined (asks for a reason)", permissions=["change"])
    def mark_declined(self, request, queryset):
        form = DeclineForm(request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_valid():
            self._move(request, queryset, Status.DECLINED, reason=form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Decline requests",
            "subtitle": None,
            "opts": self.opts,
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/consultations/consultationrequest/decline.html", context
        )

    @admin.action(description="Send failed emails again", permissions=["change"])
    def send_emails_again(self, request, queryset):
        queued = services.emails_send_again(
            emails=Email.objects.filter(consultation_request__in=queryset)
        )
        references = sorted({email.consultation_request.reference for email in queued})
        if references:
            self.message_user(
                request, f"Queued to send again: {', '.join(references)}.", messages.SUCCESS
            )
        else:
            self.message_user(
                request,
                "Nothing to send again: those emails were sent or are on their way.",
                messages.INFO,
            )

    @admin.action(description="Export selected to CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        items = list(queryset.select_related("assigned_to"))
        audit.record(AuditEvent.Action.EXPORTED, consultation_requests=items, user=request.user)
        # The byte-order mark makes Excel read the file as UTF-8 (accented names survive).
        response = HttpResponse(
            "\ufeff" + requests_to_csv(items), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.localtime(timezone.now(), timezone.get_default_timezone()).strftime(
            "%Y-%m-%d"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="consultation-requests-{stamp}.csv"'
        )
        return response
