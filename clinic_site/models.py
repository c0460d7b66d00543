"""What the site itself keeps in the database: rate-limit counts (see clinic_site.ratelimit)."""

from django.db import models


class RateCount(models.Model):
    """Attempts in one window by one hashed key; deleted once the window is over."""

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
