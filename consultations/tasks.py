"""Sending emails, off the request path: `manage.py db_worker` runs these tasks.

An email is sent at most once. A task first claims its email with a filtered update that only
one caller can win (queued or retrying → sending); whoever loses sends nothing. A failed send is
tried again later, with growing waits, unless the server refused it outright (a 5xx answer);
then staff see it failed and can send it again from the admin.

The task never raises: what went wrong is stored on the email (error type and SMTP code, never
an address) so that nothing personal reaches the task results or the logs.

An appointment's email is for one version of it. Moving or cancelling the appointment marks the
older versions' waiting emails superseded and takes their tasks off the queue (`unschedule`);
and whatever is still queued, `deliver` checks once more, after claiming the email, that the
appointment is still that version, not cancelled, and (for a reminder) still ahead. So a
reminder never follows a cancellation, even from a task that escaped the queue's clean-up.
"""

import logging
from datetime import timedelta

from django.db.models import F, QuerySet
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from consultations import emails
from consultations.choices import APPOINTMENT_EMAILS, EmailKind, EmailState
from consultations.models import Appointment, Email

logger = logging.getLogger(__name__)

# The waits before the second, third… attempt; after the last, the email is given up on.
RETRY_WAITS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=8),
)
CLAIMABLE = (EmailState.QUEUED, EmailState.RETRYING)


@task()
def send_email(email_id: int) -> str:
    return deliver(email_id)


def enqueue(email: Email) -> None:
    """Queue the email's task; for a retry or a reminder, to run once its time has come."""
    if email.next_attempt_at:
        result = send_email.using(run_after=email.next_attempt_at).enqueue(email.pk)
    else:
        result = send_email.enqueue(email.pk)
    email.task_id = str(result.id)
    Email.objects.filter(pk=email.pk).update(task_id=email.task_id)


def unschedule(emails_: QuerySet[Email], *, state: str = EmailState.SUPERSEDED) -> int:
    """Emails that must not go out after all: marked so that no task can claim them, and their
    waiting tasks deleted from the queue. An email already being sent is left to finish."""
    waiting = list(emails_.filter(state__in=CLAIMABLE).values_list("pk", "task_id"))
    Email.objects.filter(pk__in=[pk for pk, _ in waiting], state__in=CLAIMABLE).update(
        state=state, next_attempt_at=None
    )
    # django-tasks 0.12 cannot cancel a task; its database backend's row can be deleted.
    DBTaskResult.objects.filter(
        id__in=[task_id for _, task_id in waiting if task_id], status="READY"
    ).delete()
    return len(waiting)


def claim(email_id: int) -> Email | None:
    now = timezone.now()
    won = Email.objects.filter(pk=email_id, state__in=CLAIMABLE).update(
        state=EmailState.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
    )
    if won != 1:
        return None
    return Email.objects.select_related("consultation_request").get(pk=email_id)


def deliver(email_id: int) -> str:
    """Send the email if it is still waiting to go; return what became of it."""
    email = claim(email_id)
    if email is None:
        return "not claimed"
    reference = email.consultation_request.reference
    if reason := no_longer_wanted(email):
        Email.objects.filter(pk=email.pk).update(
            state=EmailState.SUPERSEDED, error=reason, next_attempt_at=None
        )
        logger.info("Did not send the %s email for %s: %s", email.kind, reference, reason)
        return EmailState.SUPERSEDED
    try:
        emails.build(email).send()
    except Exception as error:  # any mail failure is recorded, never raised
        return _failed(email, error, reference)
    Email.objects.filter(pk=email.pk).update(
        state=EmailState.SENT, sent_at=timezone.now(), error="", next_attempt_at=None
    )
    logger.info("Sent the %s email for %s", email.kind, reference)
    return EmailState.SENT


def no_longer_wanted(email: Email) -> str:
    """Why an appointment's email must not go out now ("" when it must): read afresh, as the
    appointment may have changed since the email was queued."""
    if email.kind not in APPOINTMENT_EMAILS:
        return ""
    appointment = Appointment.objects.filter(pk=email.appointment_id).first()
    if appointment is None:
        return "appointment deleted"
    if appointment.is_cancelled and email.kind != EmailKind.CANCELLATION:
        return "appointment cancelled"
    if appointment.sequence != email.sequence:
        return "appointment changed since"
    if email.kind == EmailKind.REMINDER and appointment.starts_at <= timezone.now():
        return "too late: the appointment has begun"
    email.appointment = appointment
    return ""


def _failed(email: Email, error: Exception, reference: str) -> str:
    failure = emails.describe_failure(error)
    retry = not emails.is_permanent(error) and email.attempts <= len(RETRY_WAITS)
    next_attempt = timezone.now() + RETRY_WAITS[email.attempts - 1] if retry else None
    state = EmailState.RETRYING if retry else EmailState.FAILED
    Email.objects.filter(pk=email.pk).update(
        state=state, error=failure, next_attempt_at=next_attempt
    )
    log = logger.warning if retry else logger.error
    log("Could not send the %s email for %s (attempt %d): %s",
        email.kind, reference, email.attempts, failure)  # fmt: skip
    if retry:
        email.next_attempt_at = next_attempt
        enqueue(email)
    return state
