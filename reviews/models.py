"""What readers said about each article: counts only.

One row per article, answer and reason, holding how many readers gave it. No address, no
session, no time: nothing here can tell one reader from another, and nothing free-form, so no
health detail can arrive.
"""

from django.db import models
from django.utils.translation import gettext_noop as _


class Reason(models.TextChoices):
    # Short and fixed: a reader picks one, or none. Worded about the page, never the reader.
    # Marked for the catalogue but kept in English here (the review desk is English); the form
    # shows them translated (reviews_tags.feedback_reasons).
    CLEAR = "clear", _("It was clear and easy to follow")
    ANSWERED = "answered", _("It answered my question")
    HARD = "hard", _("It was hard to understand")
    MISSING = "missing", _("It did not answer my question")
    OUTDATED = "outdated", _("It seemed out of date")


class PageFeedback(models.Model):
    slug = models.SlugField(max_length=100)
    helpful = models.BooleanField()
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "helpful", "reason"], name="reviews_one_count_per_answer"
            )
        ]
        # Nobody edits counts in the admin; the one permission is to see the review desk.
        default_permissions = ()
        permissions = [("view_review_desk", "Can see the content review desk")]

    def __str__(self):
        answer = "yes" if self.helpful else "no"
        return f"{self.slug}: {answer} {self.reason or '(no reason)'} × {self.count}"
