"""Booking, moving and cancelling a request's appointment: two pages of the request's own.

`<pk>/appointment/` books one (when none is to come) or moves and changes it; it also lets
staff mark the patient's request to change it as dealt with. `<pk>/appointment/cancel/` asks
before cancelling. Both need permission to change requests; every write goes through
consultations/appointments.py and every page shown is recorded in the audit log.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from consultations import appointments, audit, clinictime
from consultations.admin.forms import AppointmentForm
from consultations.models import ConsultationRequest

# Where a service's complaint about a field shows on the form.
FIELD_FOR = {"starts_at": "time", "duration_minutes": "duration_minutes", "mode": "mode"}


class AppointmentViews:
    """Mixed into the requests' ModelAdmin."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_appointment"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/appointment/",
                wrap(self.appointment_view),
                name=name,
            ),
            path(
                "<path:object_id>/appointment/cancel/",
                wrap(self.appointment_cancel_view),
                name=f"{name}_cancel",
            ),
            *super().get_urls(),  # after ours: its "<path:object_id>/" would swallow them
        ]

    def _request_to_change(self, request, object_id) -> ConsultationRequest | None:
        item = self.get_object(request, unquote(object_id))
        if item is not None and not self.has_change_permission(request, item):
            raise PermissionDenied
        return item

    def _back(self, item):
        return redirect(reverse("admin:consultations_consultationrequest_change", args=[item.pk]))

    def _context(self, request, item, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": item,
            "subtitle": None,
            **context,
        }

    def appointment_view(self, request, object_id):
        item = self._request_to_change(request, object_id)
        if item is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        appointment = appointments.upcoming(item)
        if request.method == "POST" and "_dealt_with" in request.POST and appointment:
            if appointments.appointment_change_dealt_with(appointment=appointment, by=request.user):
                self.message_user(
                    request,
                    f"The patient’s request about {item.reference}’s appointment is marked as "
                    "dealt with; the appointment stays as it is.",
                    messages.SUCCESS,
                )
            return self._back(item)
        bookable = appointment is not None or item.status in appointments.BOOKABLE
        form = AppointmentForm(
            request.POST if request.method == "POST" else None, appointment=appointment
        )
        if request.method == "POST" and bookable and form.is_valid():
            try:
                done = self._save(request, item, appointment, form.cleaned_data)
            except ValidationError as error:
                for field, problems in getattr(error, "error_dict", {None: error}).items():
                    for problem in problems:
                        form.add_error(FIELD_FOR.get(field), problem)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return self._back(item)
        if request.method == "GET":
            audit.viewed(item, request.user, "appointment page")
        verb = "Move or change the appointment" if appointment else "Book an appointment"
        context = self._context(
            request,
            item,
            title=f"{verb} for {item.reference}",
            form=form,
            appointment=appointment,
            bookable=bookable,
            clinic_time_zone=clinictime.zone().key,
        )
        return TemplateResponse(
            request, "admin/consultations/consultationrequest/appointment.html", context
        )

    def _save(self, request, item, appointment, data) -> str:
        fields = {
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "mode": data["mode"],
            "patient_note": data["patient_note"],
        }
        if appointment is None:
            booked = appointments.appointment_book(
                consultation_request=item, by=request.user, **fields
            )
            return (
                f"Booked {item.reference} for {clinictime.staff_text(booked.starts_at)}. "
                "The patient is being sent the invitation."
            )
        if appointments.appointment_move(appointment=appointment, by=request.user, **fields):
            return (
                f"Changed {item.reference}’s appointment: now "
                f"{clinictime.staff_text(appointment.starts_at)}. The patient is being sent "
                "the update."
            )
        return "Nothing was changed, so the patient was not sent anything."

    def appointment_cancel_view(self, request, object_id):
        item = self._request_to_change(request, object_id)
        if item is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        appointment = appointments.upcoming(item)
        if appointment is None:
            self.message_user(request, "There is no appointment to cancel.", messages.WARNING)
            return self._back(item)
        if request.method == "POST":
            appointments.appointment_cancel(appointment=appointment, by=request.user)
            self.message_user(
                request,
                f"Cancelled {item.reference}’s appointment on "
                f"{clinictime.staff_text(appointment.starts_at)}. The patient is being sent the "
                "cancellation; the request is back to “contacted”.",
                messages.SUCCESS,
            )
            return self._back(item)
        audit.viewed(item, request.user, "cancel appointment page")
        context = self._context(
            request,
            item,
            title=f"Cancel the appointment for {item.reference}?",
            appointment=appointment,
        )
        return TemplateResponse(
            request, "admin/consultations/consultationrequest/appointment_cancel.html", context
        )
