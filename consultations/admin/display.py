"""Small helpers the staff screens share: times in the clinic's zone, waiting times, a
message's first line, who may see requests."""

from datetime import datetime

from django.utils import timezone

FIRST_LINE_LENGTH = 70


def clinic_time(moment) -> str:
    if not moment:
        return "–"
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return local.strftime("%Y-%m-%d %H:%M %Z")


def waiting_time(since: datetime, until: datetime) -> str:
    """How long it has waited, as staff read it at a glance: "2 d 3 h", "5 h 12 min", "4 min"."""
    minutes = max(int((until - since).total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def first_line(text: str, limit: int = FIRST_LINE_LENGTH) -> str:
    """The first line that says something, cut at a word to at most `limit` characters."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def can_see_requests(request) -> bool:
    return may_read_messages(request.user)


def may_read_messages(user) -> bool:
    """What the patient wrote is a health detail: shown (in full on the request's page, its
    first line in the queue) only to staff whose role lets them open requests. Both roles do
    today (consultations/migrations/0002); a staff member without a role sees no list at all."""
    return user.has_perm("consultations.view_consultationrequest") or user.has_perm(
        "consultations.change_consultationrequest"
    )
