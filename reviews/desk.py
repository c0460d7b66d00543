"""The content review desk: every page the clinical team reviews, and where each stands."""

import datetime
import enum
from dataclasses import dataclass

from django.utils import timezone

from consultations.clinictime import zone
from reviews.content import Page, pages
from reviews.feedback import Counts, counts_by_slug

DUE_SOON_DAYS = 30


class State(enum.Enum):
    OVERDUE = "Overdue"
    DUE_SOON = f"Due within {DUE_SOON_DAYS} days"
    CURRENT = "Current"
    NOT_SCHEDULED = "No review date"


def clinic_today() -> datetime.date:
    """Today on the clinic's clock (CLINIC_TIME_ZONE), which is what "overdue" means there."""
    return timezone.now().astimezone(zone()).date()


def review_state(next_review: datetime.date | None, today: datetime.date) -> State:
    """Overdue once the due day has passed; due soon from 30 days before it to the day itself."""
    if next_review is None:
        return State.NOT_SCHEDULED
    days_left = (next_review - today).days
    if days_left < 0:
        return State.OVERDUE
    if days_left <= DUE_SOON_DAYS:
        return State.DUE_SOON
    return State.CURRENT


@dataclass(frozen=True)
class Row:
    page: Page
    state: State
    days_left: int | None
    feedback: Counts | None  # None: the page has no feedback form

    @property
    def due(self) -> str:
        """When the next review is due, in words, counted from the desk's "today"."""
        if self.days_left is None:
            return ""
        if self.days_left == 0:
            return "due today"
        if self.days_left < 0:
            return f"{_days(-self.days_left)} ago"
        return f"in {_days(self.days_left)}"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def desk_rows(today: datetime.date) -> list[Row]:
    """Every page with its state on `today`, the most urgent first, then by title."""
    counts = counts_by_slug()
    rows = []
    for page in pages():
        days_left = (page.next_review - today).days if page.next_review else None
        feedback = counts.get(page.slug, Counts()) if page.slug else None
        rows.append(Row(page, review_state(page.next_review, today), days_left, feedback))
    order = list(State)
    return sorted(
        rows, key=lambda row: (order.index(row.state), row.days_left or 0, row.page.title)
    )


def state_totals(rows: list[Row]) -> dict[State, int]:
    return {state: sum(row.state is state for row in rows) for state in State}
