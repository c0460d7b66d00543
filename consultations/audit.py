"""Writes to the audit log: every staff sign-in, and every view, change, export and deletion of
a request, with the client's address.

Callers pass what happened in words the log can keep: field names and status codes, never
what the patient wrote, what a note says, a password or a code. The address is the one the
request being served came from (clinic_site.client_ip), remembered by `remember_the_address`
for the length of the request, so no service has to carry it; scheduled jobs have none.
"""

import contextvars
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser

from clinic_site.client_ip import client_ip
from consultations.models import AuditEvent, ConsultationRequest

_address: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_address", default=None)


def remember_the_address(get_response):
    """Middleware: the client's address, for whatever this request writes to the log."""

    def middleware(request):
        token = _address.set(client_ip(request) or None)
        try:
            return get_response(request)
        finally:
            _address.reset(token)

    return middleware


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
    address = _address.get()
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            actor_user_id=actor_user_id,
            action=action,
            detail=detail,
            address=address,
            reference=item.reference,
            consultation_request=item if keep_link else None,
        )
        for item in consultation_requests
    )


def viewed(consultation_request: ConsultationRequest, user, page: str = "") -> None:
    """A staff member saw this request on `page` (a change, history or action page)."""
    record(
        AuditEvent.Action.VIEWED, consultation_requests=[consultation_request], user=user,
        detail=page,
    )  # fmt: skip


def record_staff(
    action: str, *, actor: str, user_id: int | None = None, detail: str = "", address=None
) -> AuditEvent:
    """An event about a staff member rather than a request: a sign-in, a lockout, a device."""
    return AuditEvent.objects.create(
        actor=actor[:150],
        actor_user_id=user_id,
        action=action,
        detail=detail,
        address=address or _address.get(),
    )


def field_names(names: Sequence[str]) -> str:
    """The `detail` of a change: which fields, never their values."""
    return ", ".join(sorted(names))
