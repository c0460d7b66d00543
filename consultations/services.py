"""Every write to consultation requests: create, change status, notes, emails, access, purge."""

import logging
import secrets
from collections import Counter
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from consultations import audit, emails
from consultations.choices import TRANSITIONS, EmailStatus, SpamReason, Status
from consultations.models import AuditEvent, ConsultationRequest, StaffNote, StatusChange
from consultations.urgency import suggests_risk

logger = logging.getLogger(__name__)

# No 0/O or 1/I, so a code read out over the phone cannot be misheard as another.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_ATTEMPTS = 5
# Deleting in batches keeps each query under SQLite's limit on bound parameters.
DELETE_BATCH = 500


def new_reference() -> str:
    return "KT-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def _unused_reference() -> str:
    for _ in range(REFERENCE_ATTEMPTS):
        reference = new_reference()
        if not ConsultationRequest.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find an unused reference code.")


@transaction.atomic
def consultation_request_create(
    *,
    full_name: str,
    preferred_name: str = "",
    email: str,
    phone: str,
    contact_method: str,
    contact_times: list[str],
    province: str,
    is_adult: bool,
    help_wanted: list[str],
    referred_by_clinician: bool,
    referrer_name: str = "",
    referrer_contact: str = "",
    message: str = "",
    heard_from: str = "",
    consent: bool,
    submission_token: str = "",
    spam_reason: str = "",
) -> ConsultationRequest:
    """Store a request with its consent record; schedule the emails for after the commit.

    Sending the same form twice (same `submission_token`) returns the first request.
    A `spam_reason` stores the request as spam, out of the staff queue, and sends nothing.
    """
    if existing := ConsultationRequest.objects.for_submission_token(submission_token).first():
        return existing
    if not consent:
        raise ValidationError({"consent": "Consent is required to store a request."})
    if not is_adult:
        raise ValidationError({"is_adult": "Only adults can request a consultation."})
    if spam_reason and spam_reason not in SpamReason.values:
        raise ValueError(f"Unknown spam reason {spam_reason!r}")
    is_spam = bool(spam_reason)
    email_status = EmailStatus.SKIPPED if is_spam else EmailStatus.PENDING
    consultation_request = ConsultationRequest(
        full_name=full_name,
        preferred_name=preferred_name,
        email=email,
        phone=phone,
        contact_method=contact_method,
        contact_times=contact_times,
        province=province,
        is_adult=is_adult,
        help_wanted=help_wanted,
        referred_by_clinician=referred_by_clinician,
        referrer_name=referrer_name,
        referrer_contact=referrer_contact,
        message=message,
        heard_from=heard_from,
        consent_given_at=timezone.now(),
        privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
        submission_token=submission_token,
        is_urgent=suggests_risk(message),
        status=Status.SPAM if is_spam else Status.NEW,
        spam_reason=spam_reason,
        patient_email_status=email_status,
        clinic_email_status=email_status,
    )
    consultation_request.reference = _unused_reference()
    # Uniqueness is left to the database, which settles races; everything else is checked here.
    consultation_request.full_clean(validate_unique=False, validate_constraints=False)
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                consultation_request.save()
            break
        except IntegrityError:
            # Either the same form was sent twice at once, or two new codes collided.
            if existing := ConsultationRequest.objects.for_submission_token(
                submission_token
            ).first():
                return existing
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
            consultation_request.reference = _unused_reference()

    StatusChange.objects.create(
        consultation_request=consultation_request,
        from_status="",
        to_status=consultation_request.status,
        reason=f"Automatic: {SpamReason(spam_reason).label}"
        if is_spam
        else "Received from the website",
    )
    if is_spam:
        logger.warning(
            "Consultation form submission treated as spam (%s); stored as %s",
            spam_reason,
            consultation_request.reference,
        )
    else:
        logger.info("Consultation request %s received", consultation_request.reference)
        transaction.on_commit(
            partial(
                consultation_request_send_emails, consultation_request_id=consultation_request.pk
            ),
            robust=True,
        )
    return consultation_request


def consultation_request_send_emails(*, consultation_request_id: int) -> dict[str, str]:
    """Send whichever of the two emails has not gone out yet, recording each outcome.

    A failing mail server must never lose or break a request: failures are logged (reference
    and error type only) and stored on the request for staff to see and resend.
    """
    consultation_request = ConsultationRequest.objects.get(pk=consultation_request_id)
    if consultation_request.status == Status.SPAM:
        return {}
    updates: dict = {"emails_attempted_at": timezone.now()}
    outcomes = {}
    for kind, build in (
        ("patient", emails.patient_acknowledgement),
        ("clinic", emails.clinic_notification),
    ):
        if getattr(consultation_request, f"{kind}_email_status") == EmailStatus.SENT:
            continue
        try:
            build(consultation_request).send()
        except Exception as error:  # any mail failure is recorded, never raised
            failure = emails.describe_failure(error)
            logger.error(
                "Could not send the %s email for %s: %s",
                kind,
                consultation_request.reference,
                failure,
            )
            updates[f"{kind}_email_status"], updates[f"{kind}_email_error"] = (
                EmailStatus.FAILED,
                failure,
            )
        else:
            updates[f"{kind}_email_status"], updates[f"{kind}_email_error"] = EmailStatus.SENT, ""
        outcomes[kind] = updates[f"{kind}_email_status"]
    if outcomes:
        ConsultationRequest.objects.filter(pk=consultation_request.pk).update(**updates)
    return outcomes


@transaction.atomic
def consultation_request_change_status(
    *,
    consultation_request: ConsultationRequest,
    to_status: str,
    by: AbstractBaseUser | None,
    reason: str = "",
) -> StatusChange:
    """Move a request along the workflow, recording who, when, from, to and why.

    The audit log gets the move (statuses only); the reason stays in the status history."""
    locked = ConsultationRequest.objects.select_for_update().get(pk=consultation_request.pk)
    from_status, reason = locked.status, reason.strip()
    if to_status not in TRANSITIONS.get(from_status, ()):
        raise ValidationError(
            f"A request that is “{Status(from_status).label}” can’t be marked "
            f"“{Status(to_status).label if to_status in Status.values else to_status}”."
        )
    if to_status == Status.DECLINED and not reason:
        raise ValidationError("Give a reason for declining the request.")
    change = StatusChange(
        consultation_request=locked,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        changed_by=by,
    )
    change.full_clean()
    locked.status = to_status
    locked.save(update_fields=["status"])
    change.save()
    audit.record(
        AuditEvent.Action.STATUS_CHANGED,
        consultation_requests=[locked],
        user=by,
        detail=f"{from_status} → {to_status}",
    )
    consultation_request.status = to_status
    return change


@transaction.atomic
def consultation_note_create(
    *, consultation_request: ConsultationRequest, author: AbstractBaseUser, body: str
) -> StaffNote:
    note = StaffNote(consultation_request=consultation_request, author=author, body=body.strip())
    note.full_clean()
    note.save()
    audit.record(
        AuditEvent.Action.NOTE_ADDED, consultation_requests=[consultation_request], user=author
    )
    return note


@transaction.atomic
def consultation_requests_delete(
    *, consultation_requests: QuerySet[ConsultationRequest], by: AbstractBaseUser | None
) -> int:
    """Delete requests with their notes and history; the audit log keeps their references.

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
        ConsultationRequest.objects.filter(pk__in=[item.pk for item in batch]).delete()
    return len(items)


@transaction.atomic
def consultation_requests_purge(
    *, older_than_days: int, dry_run: bool = False, now: datetime | None = None
) -> dict[str, int]:
    """Delete closed, declined and spam requests received more than `older_than_days` ago,
    with their notes and history. Returns how many, by status.

    The audit log records each deletion, by "system", and keeps its earlier entries."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    doomed = ConsultationRequest.objects.purgeable(before=cutoff)
    counts = dict(Counter(doomed.values_list("status", flat=True)))
    if not dry_run and counts:
        consultation_requests_delete(consultation_requests=doomed, by=None)
        logger.info("Purged consultation requests received before %s: %s", cutoff.date(), counts)
    return counts
