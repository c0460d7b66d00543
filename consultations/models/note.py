"""Staff notes on a request: added, never edited or deleted."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from consultations.models.request import ConsultationRequest
from consultations.validators import NoControlCharacters


class StaffNote(models.Model):
    consultation_request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField("note", max_length=4000, validators=[NoControlCharacters(True)])
    created_at = models.DateTimeField("written", default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note of {timezone.localtime(self.created_at):%Y-%m-%d %H:%M %Z}"
