"""The contact log: each time staff tried to reach the patient, and how it went. Added, never
edited or deleted, like the notes."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from consultations.choices import ContactOutcome
from consultations.models.request import ConsultationRequest
from consultations.validators import NoControlCharacters

NOTE_MAX_LENGTH = 300


class ContactAttempt(models.Model):
    consultation_request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="contact_attempts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=ContactOutcome)
    note = models.CharField(
        max_length=NOTE_MAX_LENGTH, blank=True, validators=[NoControlCharacters()]
    )
    created_at = models.DateTimeField("logged", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "contact attempt"
        verbose_name_plural = "contact log"

    def __str__(self) -> str:
        return self.get_outcome_display()
