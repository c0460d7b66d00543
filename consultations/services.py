"""Every write to consultation requests: create, change, status, notes, withdraw, emails, purge.

Each write is recorded once, in the append-only audit log: who, which request, what, when.
"""

import logging
import secrets
from collections import Counter
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from clinic_site import ratelimit
from consultations import audit, tasks
from consultations.choices import (
    FINISHED_STATUSES,
    TRANSITIONS,
    EmailKind,
    EmailState,
    Source,
    SpamReason,
    Status,
)
from consultations.models import AuditEvent, ConsultationRequest, Email, StaffNote
from consultations.urgency import Risk, assess_risk

logger = logging.getLogger(__name__)

# No 0/O or 1/I, so a code read out over the phone cannot be misheard as another.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_ATTEMPTS = 5
# Deleting in batches keeps each query under SQLite's limit on bound parameters.
DELETE_BATCH = 500
# What a withdrawal erases: everything the patient told us. The reference, the dates, the
# status and the consent record stay, for the audit trail.
ERASED_ON_WITHDRAWAL = {
    "full_name": "",
    "preferred_name": "",
    "email": "",
    "phone": "",
    "contact_times": [],
    "voicemail_ok": None,
    "help_wanted": [],
    "referrer_name": "",
    "referrer_contact": "",
    "referrer_profession": "",
    "referrer_registration": "",
    "referrer_email": "",
    "referrer_phone": "",
    "message": "",
    "heard_from": "",
    "decline_reason": "",
    "risk": Risk.NONE,
    "assigned_to": None,
}


class OverLimit(Exception):  # noqa: N818 (reads as what happened)
    """Too many new requests from one client: nothing was stored."""

    def __init__(self, retry_after: int):
        super().__init__(f"over the limit; retry after {retry_after} s")
        self.retry_after = retry_after


def new_reference() -> str:
    return "KT-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def _unused_reference() -> str:
    for _ in range(REFERENCE_ATTEMPTS):
        reference = new_reference()
        if not ConsultationRequest.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find an unused reference code.")


def _save_new(consultation_request: ConsultationRequest) -> ConsultationRequest:
    """Save it; the same form sent twice, even at the same moment, finds the first request."""
    token = consultation_request.submission_token
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                consultation_request.save()
            return consultation_request
        except IntegrityError:
            # Either the same form was sent twice at once, or two new codes collided.
            if existing := ConsultationRequest.objects.for_submission_token(token).first():
                return existing
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
            consultation_request.reference = _unused_reference()
    raise AssertionError("unreachable")


@transaction.atomic
def consultation_request_create(
    *,
    answers: ConsultationRequest,
    consent: bool,
    submission_token: str = "",
    spam_reason: str = "",
    admit: Callable[[], ratelimit.Verdict] | None = None,
) -> ConsultationRequest:
    """Store what the patient sent (`answers`, not yet saved) with its consent record and queue
    its emails.

    Sending the same form twice (same `submission_token`) returns the first request, before
    `admit` (the caller's rate limit) is asked: a reload must never be refused. When `admit`
    refuses, nothing is stored and OverLimit says when to try again. A
    `spam_reason` stores it as spam, out of the staff queue and without emails, unless its
    message suggests a risk of self-harm: then it stays in the queue, flagged for a person to
    check, and the clinic is alerted as for any other.
    """
    if existing := ConsultationRequest.objects.for_submission_token(submission_token).first():
        return existing
    if admit is not None and not (verdict := admit()).allowed:
        raise OverLimit(verdict.retry_after)
    if not consent:
        raise ValidationError({"consent": "Consent is required to store a request."})
    if not answers.is_adult:
        raise ValidationError({"is_adult": "Only adults can request a consultation."})
    if spam_reason and spam_reason not in SpamReason.values:
        raise ValueError(f"Unknown spam reason {spam_reason!r}")
    answers.risk = assess_risk(
        answers.message, about_someone_else=answers.source == Source.REFERRAL
    )
    is_spam = bool(spam_reason) and answers.risk == Risk.NONE
    answers.status = Status.SPAM if is_spam else Status.NEW
    answers.spam_reason = spam_reason
    answers.submission_token = submission_token
    answers.consent_given_at = answers.last_activity_at = timezone.now()
    answers.finished_at = answers.consent_given_at if is_spam else None
    answers.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
    answers.reference = _unused_reference()
    # Uniqueness is left to the database, which settles races; everything else is checked here.
    answers.full_clean(validate_unique=False, validate_constraints=False)
    consultation_request = _save_new(answers)
    if consultation_request is not answers:
        return consultation_request  # the same form, sent twice at once
    audit.record(
        AuditEvent.Action.RECEIVED,
        consultation_requests=[consultation_request],
        user=None,
        actor=AuditEvent.PATIENT,
        detail=f"automated? {spam_reason}" if spam_reason else "",
    )
    if is_spam:
        logger.warning(
            "Consultation form submission treated as spam (%s); stored as %s",
            spam_reason,
            consultation_request.reference,
        )
    else:
        logger.info("Consultation request %s received", consultation_request.reference)
        _queue_emails(consultation_request)
    return consultation_request


def _allowed(address: str, *, scope: str, rate: tuple[int, int]) -> str:
    verdict = ratelimit.hit(address.lower(), scope=scope, rate=rate)
    return EmailState.QUEUED if verdict.allowed else EmailState.THROTTLED


def _queue_emails(consultation_request: ConsultationRequest) -> None:
    """The acknowledgement (unless this address has had too many today), the clinic's alert,
    and for a referral the clinician's own acknowledgement (limited likewise, more loosely: a
    clinician may refer several patients a day).

    The tasks are rows in the same database, written in the same transaction as the request:
    both are stored, or neither is. The worker cannot see them before the commit.
    """
    kinds = [
        (
            EmailKind.ACKNOWLEDGEMENT,
            _allowed(
                consultation_request.email,
                scope="acknowledgement",
                rate=settings.CONSULTATION_ACKNOWLEDGEMENT_LIMIT,
            ),
        ),
        (EmailKind.CLINIC_ALERT, EmailState.QUEUED),
    ]
    if consultation_request.source == Source.REFERRAL and consultation_request.referrer_email:
        state = _allowed(
            consultation_request.referrer_email,
            scope="referrer-acknowledgement",
            rate=settings.CONSULTATION_REFERRAL_ACKNOWLEDGEMENT_LIMIT,
        )
        kinds.append((EmailKind.REFERRER_ACKNOWLEDGEMENT, state))
    for kind, state in kinds:
        email = Email.objects.create(
            consultation_request=consultation_request, kind=kind, state=state
        )
        if state == EmailState.QUEUED:
            tasks.enqueue(email)


def touch(consultation_request: ConsultationRequest) -> None:
    """Someone did something with it: it is not stale."""
    now = timezone.now()
    ConsultationRequest.objects.filter(pk=consultation_request.pk).update(last_activity_at=now)
    consultation_request.last_activity_at = now


@transaction.atomic
def consultation_request_update(
    *, consultation_request: ConsultationRequest, by: AbstractBaseUser, changed: list[str]
) -> None:
    """Save staff changes already set on `consultation_request` (its risk flag, its assignee):
    the audit log gets the names of the fields, never their values."""
    editable = {"risk", "assigned_to"}
    if not changed:
        return
    if set(changed) - editable:
        raise ValueError(f"Staff cannot change {sorted(set(changed) - editable)} here.")
    others = [f.name for f in ConsultationRequest._meta.fields if f.name not in changed]
    consultation_request.clean_fields(exclude=others)
    consultation_request.save(update_fields=changed)
    touch(consultation_request)
    audit.record(
        AuditEvent.Action.CHANGED,
        consultation_requests=[consultation_request],
        user=by,
        detail=audit.field_names(changed),
    )


@transaction.atomic
def consultation_request_change_status(
    *,
    consultation_request: ConsultationRequest,
    to_status: str,
    by: AbstractBaseUser | None,
    reason: str = "",
) -> None:
    """Move a request along the workflow. The audit log records who moved it, when, from and
    to. A reason for declining is kept on the request, where staff see it; a reason given for
    any other move becomes a staff note, so nothing staff wrote is dropped.

    Moving a booked request on (declined, or back to contacted) cancels its appointment still
    to come, and the patient is told; closing it after the appointment leaves that as it was.
    Booking itself is consultations.appointments.appointment_book, which records the time."""
    locked = ConsultationRequest.objects.select_for_update().get(pk=consultation_request.pk)
    from_status, reason = locked.status, reason.strip()
    if to_status not in TRANSITIONS.get(from_status, ()):
        raise ValidationError(
            f"A request that is “{Status(from_status).label}” can’t be marked "
            f"“{Status(to_status).label if to_status in Status.values else to_status}”."
        )
    if to_status == Status.DECLINED and not reason:
        raise ValidationError("Give a reason for declining the request.")
    if len(reason) > 1000:
        raise ValidationError("Keep the reason to 1,000 characters or fewer.")
    locked.status = to_status
    locked.decline_reason = reason if to_status == Status.DECLINED else ""
    locked.last_activity_at = timezone.now()
    if to_status not in FINISHED_STATUSES:
        locked.finished_at = None
    elif from_status not in FINISHED_STATUSES:
        locked.finished_at = locked.last_activity_at
    locked.save(update_fields=["status", "decline_reason", "last_activity_at", "finished_at"])
    audit.record(
        AuditEvent.Action.STATUS_CHANGED,
        consultation_requests=[locked],
        user=by,
        detail=f"{from_status} → {to_status}",
    )
    if from_status == Status.BOOKED:
        from consultations import appointments  # which builds on this module

        if ahead := appointments.upcoming(locked):
            appointments.appointment_cancel(appointment=ahead, by=by, move_status=False)
    consultation_request.status = to_status
    consultation_request.decline_reason = locked.decline_reason
    consultation_request.finished_at = locked.finished_at
    if reason and to_status != Status.DECLINED and by is not None:
        consultation_note_create(
            consultation_request=locked,
            author=by,
            body=f"{Status(to_status).label}: {reason}",
        )


@transaction.atomic
def consultation_note_create(
    *, consultation_request: ConsultationRequest, author: AbstractBaseUser, body: str
):
    note = StaffNote(consultation_request=consultation_request, author=author, body=body.strip())
    note.full_clean()
    note.save()
    touch(consultation_request)
    audit.record(
        AuditEvent.Action.NOTE_ADDED, consultation_requests=[consultation_request], user=author
    )
    return note


@transaction.atomic
def consultation_request_withdraw(*, consultation_request: ConsultationRequest) -> bool:
    """The patient withdraws their request: what they told us is erased at once, with the notes
    staff wrote about it, and emails not yet sent are cancelled. False if it was already gone."""
    locked = ConsultationRequest.objects.select_for_update().get(pk=consultation_request.pk)
    if locked.status == Status.WITHDRAWN:
        return False
    now = timezone.now()
    ConsultationRequest.objects.filter(pk=locked.pk).update(
        **ERASED_ON_WITHDRAWAL,
        status=Status.WITHDRAWN,
        withdrawn_at=now,
        last_activity_at=now,
        finished_at=locked.finished_at or now,
    )
    locked.notes.all().delete()
    locked.contact_attempts.update(note="")
    # Appointments end with the details: no reminder, and no address left to write to.
    locked.appointments.update(
        patient_note="", change_asked="", change_asked_at=None, change_asked_note=""
    )
    locked.appointments.filter(cancelled_at__isnull=True).update(cancelled_at=now)
    tasks.unschedule(locked.emails.all(), state=EmailState.CANCELLED)
    audit.record(
        AuditEvent.Action.WITHDRAWN,
        consultation_requests=[locked],
        user=None,
        actor=AuditEvent.PATIENT,
        detail="personal details erased",
    )
    logger.info("Consultation request %s withdrawn by the patient", locked.reference)
    return True


@transaction.atomic
def emails_send_again(*, emails: QuerySet[Email]) -> list[Email]:
    """Queue again the emails that failed or are waiting to retry; never one already sent or
    being sent, so no email can go out twice. Returns those queued."""
    queued = list(
        emails.select_for_update().filter(state__in=(EmailState.FAILED, *tasks.CLAIMABLE))
    )
    Email.objects.filter(pk__in=[email.pk for email in queued]).update(
        state=EmailState.QUEUED, next_attempt_at=None
    )
    for email in queued:
        email.next_attempt_at = None
        tasks.enqueue(email)
    return queued


@transaction.atomic
def consultation_requests_delete(
    *, consultation_requests: QuerySet[ConsultationRequest], by: AbstractBaseUser | None
) -> int:
    """Delete requests with their notes and emails; the audit log keeps their references.

    `by=None` is the system (the retention purge)."""
    items = list(
        ConsultationRequest.objects.select_for_update()
        .filter(pk__in=consultation_requests.values("pk"))
        .only("pk", "reference")
    )
    for start in range(0, len(items), DELETE_BATCH):
        batch = items[start : start + DELETE_BATCH]
        audit.record(
            AuditEvent.Action.DELETED, consultation_requests=batch, user=by, keep_link=False
        )
        tasks.unschedule(
            Email.objects.filter(consultation_request__in=batch), state=EmailState.CANCELLED
        )
        ConsultationRequest.objects.filter(pk__in=[item.pk for item in batch]).delete()
    return len(items)


@transaction.atomic
def consultation_requests_purge(*, dry_run: bool = False, now: datetime | None = None) -> dict:
    """Delete finished requests received more than CONSULTATION_RETENTION_DAYS ago, and open
    ones left untouched past their stale period and its grace. Returns how many, by status."""
    doomed = ConsultationRequest.objects.purgeable(now=now)
    counts = dict(Counter(doomed.values_list("status", flat=True)))
    if not dry_run and counts:
        consultation_requests_delete(consultation_requests=doomed, by=None)
        logger.info("Purged consultation requests: %s", counts)
    return counts
