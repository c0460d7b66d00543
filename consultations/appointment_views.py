"""The patient's side of an appointment: from their signed link, ask us to move or cancel it.

Asking changes nothing on its own: staff answer, and the appointment stays booked until they
do. Pages under /consultations/ are sent `no-store` (clinic_site.middleware.private_pages).
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from consultations import appointments, views
from consultations.appointment_forms import AppointmentChangeForm


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def your_appointment(request, token: str):
    consultation_request = views.your_request_from(token)
    appointment = appointments.upcoming(consultation_request)
    if appointment is None:
        return redirect("consultations:your_request", token=token)
    form = AppointmentChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            appointments.appointment_change_ask(
                appointment=appointment,
                what=form.cleaned_data["what"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:  # it began or was cancelled meanwhile: say so
            form.add_error(None, error.messages)
        else:
            return redirect("consultations:your_request", token=token)
    context = {
        "item": consultation_request,
        "appointment": appointment,
        "token": token,
        "form": form,
    }
    return render(request, "consultations/your_appointment.html", context)
