"""The emails a request sets off, each with its state (sent by consultations.tasks)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from consultations.choices import EmailKind, EmailState
from consultations.models.appointment import Appointment
from consultations.models.request import ConsultationRequest


class Email(models.Model):
    """One email a request sets off, and what became of it. The address is not kept here: it is
    the request's (the referring clinician's, the clinic's) at the moment of sending. `error`
    never holds an address.

    An appointment's emails name the appointment and its version (`sequence`) at the time: one
    for an older version is never sent (see consultations/tasks.py)."""

    consultation_request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="emails"
    )
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )
    sequence = models.PositiveIntegerField("appointment version", null=True, blank=True)
    kind = models.CharField(max_length=30, choices=EmailKind)
    state = models.CharField(max_length=10, choices=EmailState, default=EmailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)
    # The queued task that sends it, so that a reminder can be taken off the queue.
    task_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation_request", "kind"],
                condition=Q(appointment__isnull=True),
                name="consultation_email_once_per_kind",
            ),
            models.UniqueConstraint(
                fields=["appointment", "kind", "sequence"],
                condition=Q(appointment__isnull=False),
                name="consultation_email_once_per_appointment_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_state_display()}"
