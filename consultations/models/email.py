"""The emails a request sets off, each with its state (sent by consultations.tasks)."""

from django.db import models
from django.utils import timezone

from consultations.choices import EmailKind, EmailState
from consultations.models.request import ConsultationRequest


class Email(models.Model):
    """One email a request sets off, and what became of it. The address is not kept here: it is
    the request's (or the clinic's) at the moment of sending. `error` never holds an address."""

    consultation_request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="emails"
    )
    kind = models.CharField(max_length=30, choices=EmailKind)
    state = models.CharField(max_length=10, choices=EmailState, default=EmailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation_request", "kind"], name="consultation_email_once_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_state_display()}"
