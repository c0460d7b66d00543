"""Every write to appointments: book, move, cancel, the patient's request to change one.

Services in the sense of services.py (keyword-only, validated, one transaction, recorded once in
the audit log), kept apart because they are a stage of their own. Each write queues the
patient's email and invitation through the task queue. A reminder is scheduled
CONSULTATION_REMINDER_HOURS before the start; moving or cancelling takes the old reminder off
the queue, and the task checks again when it runs (consultations/tasks.py).

The audit log gets when, how long and how, never the note for the patient or what they wrote.
"""

import logging
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from consultations import audit, clinictime, services, tasks
from consultations.choices import ChangeAsked, EmailKind, Status
from consultations.models import Appointment, AuditEvent, ConsultationRequest, Email
from consultations.urgency import Risk, assess_risk

logger = logging.getLogger(__name__)

MIN_MINUTES, MAX_MINUTES = 10, 240
MAX_DAYS_AHEAD = 366
BOOKABLE = (Status.NEW, Status.CONTACTED, Status.BOOKED)
RISK_ORDER = {Risk.NONE: 0, Risk.POSSIBLE: 1, Risk.URGENT: 2}


def new_uid() -> str:
    """Globally unique, as RFC 5545 asks: a random part and the site's host name."""
    return f"{uuid.uuid4()}@{urlsplit(settings.SITE_URL).hostname}"


def check_time(starts_at: datetime, duration_minutes: int, *, now: datetime | None = None):
    """What staff must be told before an appointment is stored (the form says it first)."""
    now = now or timezone.now()
    errors = {}
    if starts_at <= now:
        errors["starts_at"] = "Choose a time in the future."
    elif starts_at > now + timedelta(days=MAX_DAYS_AHEAD):
        errors["starts_at"] = "Choose a time within the next year."
    if not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        errors["duration_minutes"] = (
            f"Choose a length between {MIN_MINUTES} and {MAX_MINUTES} minutes."
        )
    if errors:
        raise ValidationError(errors)


def describe(appointment: Appointment) -> str:
    """For the audit log: when, how long, how. Never the note."""
    return (
        f"{clinictime.staff_text(appointment.starts_at)}, {appointment.duration_minutes} min, "
        f"{appointment.get_mode_display().split(',')[0].lower()}"
    )


def upcoming(consultation_request: ConsultationRequest) -> Appointment | None:
    """The request's appointment still to come (there is at most one)."""
    return consultation_request.appointments.upcoming().order_by("starts_at").first()


def current(consultation_request: ConsultationRequest) -> Appointment | None:
    """The one staff and the patient see: the one to come, or else the latest not cancelled."""
    return upcoming(consultation_request) or (
        consultation_request.appointments.active().order_by("-starts_at").first()
    )


def _queue(appointment: Appointment, kind: str, *, run_after: datetime | None = None) -> Email:
    email = Email.objects.create(
        consultation_request_id=appointment.consultation_request_id,
        appointment=appointment,
        sequence=appointment.sequence,
        kind=kind,
        next_attempt_at=run_after,
    )
    tasks.enqueue(email)
    return email


def _schedule_reminder(appointment: Appointment) -> None:
    """The day before (by default); none when the appointment is closer than that already."""
    remind_at = appointment.starts_at - timedelta(hours=settings.CONSULTATION_REMINDER_HOURS)
    if remind_at > timezone.now():
        _queue(appointment, EmailKind.REMINDER, run_after=remind_at)


def _unschedule_older(appointment: Appointment) -> None:
    """Emails for earlier versions that have not gone yet never will."""
    tasks.unschedule(appointment.emails.filter(sequence__lt=appointment.sequence))


def _lock(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update()
        .select_related("consultation_request")
        .get(pk=appointment.pk)
    )


@transaction.atomic
def appointment_book(
    *,
    consultation_request: ConsultationRequest,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    patient_note: str = "",
    by: AbstractBaseUser,
) -> Appointment:
    """Book the request's appointment: marks it booked, emails the invitation, schedules the
    reminder."""
    locked = ConsultationRequest.objects.select_for_update().get(pk=consultation_request.pk)
    if locked.status not in BOOKABLE:
        raise ValidationError(
            f"A request that is “{locked.get_status_display()}” can’t be booked. "
            "Reopen it first (mark it contacted)."
        )
    if upcoming(locked) is not None:
        raise ValidationError(
            "This request already has an appointment to come: move it or cancel it instead."
        )
    check_time(starts_at, duration_minutes)
    appointment = Appointment(
        consultation_request=locked,
        uid=new_uid(),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        patient_note=patient_note.strip(),
    )
    appointment.full_clean()
    appointment.save()
    if locked.status != Status.BOOKED:
        services.consultation_request_change_status(
            consultation_request=locked, to_status=Status.BOOKED, by=by
        )
    else:
        services.touch(locked)
    consultation_request.status = Status.BOOKED
    _queue(appointment, EmailKind.INVITATION)
    _schedule_reminder(appointment)
    audit.record(
        AuditEvent.Action.APPOINTMENT_BOOKED,
        consultation_requests=[locked],
        user=by,
        detail=describe(appointment),
    )
    logger.info("Appointment booked for %s", locked.reference)
    return appointment


@transaction.atomic
def appointment_move(
    *,
    appointment: Appointment,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    patient_note: str = "",
    by: AbstractBaseUser,
) -> bool:
    """Change when, how long, how or the note: a new version, the patient's update (same UID,
    higher SEQUENCE) and a new reminder; the old reminder is taken off the queue. False when
    nothing changed. Clears the patient's request to change it, which this answers."""
    locked = _lock(appointment)
    if locked.is_cancelled:
        raise ValidationError("This appointment was cancelled. Book a new one instead.")
    wanted = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "mode": mode,
        "patient_note": patient_note.strip(),
    }
    if all(getattr(locked, name) == value for name, value in wanted.items()):
        return False
    check_time(starts_at, duration_minutes)
    before = describe(locked)
    for name, value in wanted.items():
        setattr(locked, name, value)
    locked.sequence += 1
    locked.change_asked, locked.change_asked_at, locked.change_asked_note = "", None, ""
    locked.full_clean()
    locked.save()
    _unschedule_older(locked)
    _queue(locked, EmailKind.UPDATE)
    _schedule_reminder(locked)
    services.touch(locked.consultation_request)
    audit.record(
        AuditEvent.Action.APPOINTMENT_MOVED,
        consultation_requests=[locked.consultation_request],
        user=by,
        detail=f"version {locked.sequence}: {before} → {describe(locked)}",
    )
    _copy(locked, appointment)
    return True


@transaction.atomic
def appointment_cancel(
    *, appointment: Appointment, by: AbstractBaseUser | None, move_status: bool = True
) -> bool:
    """Cancel it: the patient gets the cancellation (METHOD:CANCEL, same UID, higher SEQUENCE)
    if it was still to come; its reminder and any email not yet sent are taken off the queue.
    The request goes back to "contacted" unless `move_status` is False (the caller is moving
    it elsewhere). False if it was cancelled already."""
    locked = _lock(appointment)
    if locked.is_cancelled:
        return False
    was_ahead = locked.starts_at > timezone.now()
    locked.sequence += 1
    locked.cancelled_at = timezone.now()
    locked.change_asked, locked.change_asked_at, locked.change_asked_note = "", None, ""
    locked.save()
    _unschedule_older(locked)
    consultation_request = locked.consultation_request
    if was_ahead and consultation_request.email:
        _queue(locked, EmailKind.CANCELLATION)
    audit.record(
        AuditEvent.Action.APPOINTMENT_CANCELLED,
        consultation_requests=[consultation_request],
        user=by,
        detail=f"version {locked.sequence}: {describe(locked)}",
    )
    services.touch(consultation_request)
    if move_status and consultation_request.status == Status.BOOKED:
        services.consultation_request_change_status(
            consultation_request=consultation_request, to_status=Status.CONTACTED, by=by
        )
    _copy(locked, appointment)
    return True


@transaction.atomic
def appointment_change_ask(*, appointment: Appointment, what: str, note: str = "") -> None:
    """The patient, through their signed link, asks to move or cancel. Staff see it in the
    queue; the clinic is alerted once per version. A note with risk words raises the request's
    risk flag (never lowers it)."""
    locked = _lock(appointment)
    if locked.is_cancelled or locked.starts_at <= timezone.now():
        # The patient reads these, in the language of their page.
        raise ValidationError(gettext("This appointment can no longer be changed online."))
    if what not in ChangeAsked.values:
        raise ValidationError({"what": gettext("Choose whether to move or cancel it.")})
    locked.change_asked, locked.change_asked_note = what, note.strip()
    locked.change_asked_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["change_asked", "change_asked_note", "change_asked_at"])
    consultation_request = locked.consultation_request
    risk = assess_risk(locked.change_asked_note)
    if RISK_ORDER[risk] > RISK_ORDER[Risk(consultation_request.risk)]:
        ConsultationRequest.objects.filter(pk=consultation_request.pk).update(risk=risk)
        consultation_request.risk = risk
    services.touch(consultation_request)
    audit.record(
        AuditEvent.Action.CHANGE_ASKED,
        consultation_requests=[consultation_request],
        user=None,
        actor=AuditEvent.PATIENT,
        detail=what,
    )
    if not locked.emails.filter(kind=EmailKind.CHANGE_ALERT, sequence=locked.sequence).exists():
        _queue(locked, EmailKind.CHANGE_ALERT)
    _copy(locked, appointment)


@transaction.atomic
def appointment_change_dealt_with(*, appointment: Appointment, by: AbstractBaseUser) -> bool:
    """Staff answered the patient's request without moving or cancelling (they kept the time
    after a call, say). False if there was nothing to deal with."""
    locked = _lock(appointment)
    if not locked.change_asked:
        return False
    asked = locked.change_asked
    locked.change_asked, locked.change_asked_at, locked.change_asked_note = "", None, ""
    locked.save(update_fields=["change_asked", "change_asked_at", "change_asked_note"])
    services.touch(locked.consultation_request)
    audit.record(
        AuditEvent.Action.CHANGE_DEALT_WITH,
        consultation_requests=[locked.consultation_request],
        user=by,
        detail=f"asked to {asked}; kept as it is",
    )
    _copy(locked, appointment)
    return True


def _copy(source: Appointment, target: Appointment) -> None:
    """The caller's object shows what was saved."""
    if source is not target:
        for field in Appointment._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))
