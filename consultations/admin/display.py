"""Small helpers the staff screens share: times in the clinic's zone, who may see requests."""

from django.utils import timezone


def clinic_time(moment) -> str:
    if not moment:
        return "–"
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return local.strftime("%Y-%m-%d %H:%M %Z")


def can_see_requests(request) -> bool:
    user = request.user
    return user.has_perm("consultations.view_consultationrequest") or user.has_perm(
        "consultations.change_consultationrequest"
    )
