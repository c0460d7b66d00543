"""Counting readers' answers, and reading the counts back for the review desk."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F

from reviews.models import PageFeedback, Reason


@transaction.atomic
def feedback_record(*, slug: str, helpful: bool, reason: str = "") -> None:
    """Add one reader's answer to the article's counts."""
    row = PageFeedback(slug=slug, helpful=helpful, reason=reason)
    row.full_clean(exclude=["count"], validate_unique=False, validate_constraints=False)
    # The row may not exist yet, and two readers may answer at once: create it if missing (a
    # conflict means another worker just did), then one UPDATE that the database serialises.
    PageFeedback.objects.bulk_create([row], ignore_conflicts=True)
    PageFeedback.objects.filter(slug=slug, helpful=helpful, reason=reason).update(
        count=F("count") + 1
    )


@dataclass
class Counts:
    """One article's answers: how many said yes and no, and how often each reason was given."""

    yes: int = 0
    no: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.yes + self.no

    def reasons_shown(self) -> list[tuple[str, int]]:
        """(label, count) for each reason given at least once, most given first."""
        labels = dict(Reason.choices)
        given = [(labels[key], n) for key, n in self.reasons.items() if key in labels and n]
        return sorted(given, key=lambda pair: -pair[1])


def counts_by_slug() -> dict[str, Counts]:
    counts: dict[str, Counts] = defaultdict(Counts)
    for slug, helpful, reason, count in PageFeedback.objects.values_list(
        "slug", "helpful", "reason", "count"
    ):
        entry = counts[slug]
        if helpful:
            entry.yes += count
        else:
            entry.no += count
        if reason:
            entry.reasons[reason] = entry.reasons.get(reason, 0) + count
    return dict(counts)
