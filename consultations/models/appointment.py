"""A booked appointment: when (stored in UTC), how long, how, and its calendar identity.

Writes live in consultations/appointments.py. `uid` and `sequence` are the invitation's UID and
SEQUENCE (RFC 5545): the UID never changes, and every move or cancellation raises the
sequence, so calendars replace what they hold instead of adding a second entry.
"""

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from consultations.choices import AppointmentMode, ChangeAsked
from consultations.models.request import ConsultationRequest
from consultations.neutral import NothingClinical
from consultations.validators import NoControlCharacters

NOTE_MAX_LENGTH = 500
CHANGE_NOTE_MAX_LENGTH = 300


class AppointmentQuerySet(models.QuerySet):
    def active(self):
        """Not cancelled (it may be over). A request has at most one upcoming active
        appointment: consultations/appointments.py checks it under the request's row lock."""
        return self.filter(cancelled_at__isnull=True)

    def upcoming(self, *, now: datetime | None = None):
        return self.active().filter(starts_at__gt=now or timezone.now())

    def change_asked(self):
        """The patient asked to move or cancel it, and staff have not dealt with that yet."""
        return self.active().exclude(change_asked="")


class Appointment(models.Model):
    consultation_request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="appointments"
    )
    uid = models.CharField("calendar UID", max_length=100, unique=True, editable=False)
    sequence = models.PositiveIntegerField("version", default=0, editable=False)
    starts_at = models.DateTimeField("starts")
    duration_minutes = models.PositiveSmallIntegerField("length (minutes)")
    mode = models.CharField("how", max_length=10, choices=AppointmentMode)
    # Goes to the patient's inbox and calendar: the form refuses health and treatment words.
    patient_note = models.CharField(
        "note for the patient",
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        validators=[NoControlCharacters(allow_line_breaks=True), NothingClinical()],
    )
    created_at = models.DateTimeField("booked", default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField("cancelled", null=True, blank=True, editable=False)
    # What the patient asked through their signed link; cleared when staff deal with it.
    change_asked = models.CharField(
        "patient asks to", max_length=10, choices=ChangeAsked, blank=True, editable=False
    )
    change_asked_at = models.DateTimeField("asked", null=True, blank=True, editable=False)
    change_asked_note = models.CharField(
        "patient's note",
        max_length=CHANGE_NOTE_MAX_LENGTH,
        blank=True,
        editable=False,
        validators=[NoControlCharacters(allow_line_breaks=True)],
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1), name="consultation_appointment_has_length"
            ),
        ]

    def __str__(self) -> str:
        return f"Appointment, version {self.sequence}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
