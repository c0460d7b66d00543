"""Writes to the audit log: every staff view, change, export and deletion of a request.

Callers pass what happened in words the log can keep: field names and status codes, never
what the patient wrote or what a note says.
"""

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser

from consultations.models import AuditEvent, ConsultationRequest


def _actor(user: AbstractBaseUser | None, actor: str) -> tuple[str, int | None]:
    if user is None or not user.is_authenticated:
        return actor, None
    return user.get_username(), user.pk


def record(
    action: str,
    *,
    consultation_requests: Iterable[ConsultationRequest],
    user: AbstractBaseUser | None,
    detail: str = "",
    keep_link: bool = True,
    actor: str = AuditEvent.SYSTEM,
) -> list[AuditEvent]:
    """One event per request. Without a signed-in `user` the actor is `actor`: the system (a
    scheduled job) unless said otherwise, such as the patient.

    `keep_link=False` stores only the reference, for a request about to be deleted.
    """
    actor, actor_user_id = _actor(user, actor)
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            actor_user_id=actor_user_id,
            action=action,
            detail=detail,
            reference=item.reference,
            consultation_request=item if keep_link else None,
        )
        for item in consultation_requests
    )


def field_names(names: Sequence[str]) -> str:
    """The `detail` of a change: which fields, never their values."""
    return ", ".join(sorted(names))
