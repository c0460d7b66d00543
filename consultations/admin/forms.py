"""Forms behind the staff screens: the change form's workflow fields, the decline reason, and
the appointment (entered on the clinic's clock)."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone

from consultations import appointments, clinictime
from consultations.choices import TRANSITIONS, AppointmentMode, Status
from consultations.models import Appointment, ConsultationRequest
from consultations.models.appointment import NOTE_MAX_LENGTH
from consultations.neutral import NothingClinical
from consultations.validators import NoControlCharacters

DECLINE_REASON_REQUIRED = "Give a reason for declining the request."
# What staff may change on a request themselves (its status moves through its own field).
STAFF_FIELDS = ["risk", "assigned_to"]


class ConsultationRequestAdminForm(forms.ModelForm):
    # Not the model's status field: a change goes through services, which records it.
    new_status = forms.ChoiceField(label="Status", required=False)
    status_reason = forms.CharField(
        label="Reason for the status change",
        required=False,
        max_length=1000,
        validators=[NoControlCharacters(allow_line_breaks=True)],
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Required when declining. Staff see it on the request; the patient does not.",
    )

    class Meta:
        model = ConsultationRequest
        fields = STAFF_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status
        if "new_status" in self.fields:
            # Booked means an appointment: "Book an appointment" records one and books it.
            targets = [t for t in TRANSITIONS.get(current, ()) if t != Status.BOOKED]
            self.fields["new_status"].choices = [
                (current, f"{Status(current).label} (current)"),
                *((target, Status(target).label) for target in targets),
            ]
            self.fields["new_status"].initial = current
            if Status.BOOKED in TRANSITIONS.get(current, ()):
                self.fields[
                    "new_status"
                ].help_text = "To book a consultation, use “Book an appointment” under Appointment."

    def clean(self):
        cleaned = super().clean()
        moving_to = cleaned.get("new_status") or self.instance.status
        reason = cleaned.get("status_reason")
        if "status_reason" in self.errors or "new_status" in self.errors:
            return cleaned
        if moving_to == self.instance.status and reason:
            self.add_error(
                "status_reason",
                "Choose a new status for this reason, or write it as a staff note below.",
            )
        elif moving_to == Status.DECLINED and not reason:
            self.add_error("status_reason", DECLINE_REASON_REQUIRED)
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason for declining",
        max_length=1000,
        validators=[NoControlCharacters(allow_line_breaks=True)],
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Kept on each request. Staff see it; the patient does not.",
        error_messages={"required": DECLINE_REASON_REQUIRED},
    )


LENGTH_MESSAGE = (
    f"Enter a length between {appointments.MIN_MINUTES} and {appointments.MAX_MINUTES} minutes."
)


class AppointmentForm(forms.Form):
    """Date and time on the clinic's clock (CLINIC_TIME_ZONE), how long, how, and a note for the
    patient. `cleaned_data["starts_at"]` is the UTC moment."""

    date = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date of the appointment.",
            "invalid": "Enter a date like 2027-03-14.",
        },
    )
    time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
        error_messages={
            "required": "Enter the start time.",
            "invalid": "Enter a time like 14:30 (24-hour clock).",
        },
    )
    duration_minutes = forms.IntegerField(
        label="Length (minutes)",
        min_value=appointments.MIN_MINUTES,
        max_value=appointments.MAX_MINUTES,
        initial=60,
        error_messages={
            "required": "Enter the length in minutes.",
            "invalid": "Enter the length in minutes, like 60.",
            "min_value": LENGTH_MESSAGE,
            "max_value": LENGTH_MESSAGE,
        },
    )
    mode = forms.ChoiceField(
        label="How",
        choices=AppointmentMode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the appointment takes place.",
            "invalid_choice": "Choose in person, video or phone.",
        },
    )
    patient_note = forms.CharField(
        label="Note for the patient (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        validators=[NoControlCharacters(allow_line_breaks=True), NothingClinical()],
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Sent in the patient’s email and calendar invitation, where others may see "
        "it: no treatment or health details. For example: “Please arrive 10 minutes early.” "
        "For a video call, the link to join.",
        error_messages={
            "max_length": f"Keep the note to {NOTE_MAX_LENGTH} characters or fewer.",
        },
    )

    def __init__(self, *args, appointment: Appointment | None = None, **kwargs):
        if appointment is not None:
            local = clinictime.local(appointment.starts_at)
            kwargs.setdefault(
                "initial",
                {
                    "date": local.date(),
                    "time": local.time(),
                    "duration_minutes": appointment.duration_minutes,
                    "mode": appointment.mode,
                    "patient_note": appointment.patient_note,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields[
            "time"
        ].help_text = f"On the clinic’s clock ({settings.CLINIC_TIME_ZONE}), 24-hour."

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("date"), cleaned.get("time")
        if day is None or at is None:
            return cleaned
        try:
            starts_at = clinictime.moment(day, at)
        except clinictime.NotOnTheClock as gap:
            when = f"{at:%H:%M} on {day:%B} {day.day}"
            self.add_error(
                "time",
                f"{when} does not exist: the clocks go forward an hour that night. "
                "Choose another time."
                if gap.skipped
                else f"{when} happens twice: the clocks go back an hour that night. "
                "Choose a time outside that hour.",
            )
            return cleaned
        now = timezone.now()
        if starts_at <= now:
            past_day = day < clinictime.local(now).date()
            self.add_error("date" if past_day else "time", "Choose a time in the future.")
        elif starts_at > now + timedelta(days=appointments.MAX_DAYS_AHEAD):
            self.add_error("date", "Choose a date within the next year.")
        cleaned["starts_at"] = starts_at
        return cleaned
