"""Logging a contact: staff tried to reach the patient, and say how it went.

Each attempt is kept (the contact log), recorded in the audit log with its outcome (never the
note), and moves the status where it should: reaching a new request's patient makes it
"contacted". No answer, a voicemail or a wrong number leave the status as it was: nobody has
spoken to the patient yet.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from consultations import audit, services
from consultations.choices import ContactOutcome, Status
from consultations.models import AuditEvent, ConsultationRequest, ContactAttempt

# Nobody to call: the patient took their details back, or nobody real sent it.
NOT_LOGGABLE = {
    Status.WITHDRAWN: "The patient withdrew this request: their contact details are erased.",
    Status.SPAM: "This request is marked spam. Mark it “not spam” (new) before logging a contact.",
}


@transaction.atomic
def contact_attempt_log(
    *,
    consultation_request: ConsultationRequest,
    by: AbstractBaseUser,
    outcome: str,
    note: str = "",
) -> ContactAttempt:
    """Keep one attempt to reach the patient. Raises ValidationError (by field) on bad input."""
    locked = ConsultationRequest.objects.select_for_update().get(pk=consultation_request.pk)
    if locked.status in NOT_LOGGABLE:
        raise ValidationError(NOT_LOGGABLE[locked.status])
    if outcome not in ContactOutcome.values:
        raise ValidationError({"outcome": "Choose how it went."})
    attempt = ContactAttempt(
        consultation_request=locked, author=by, outcome=outcome, note=note.strip()
    )
    attempt.full_clean()
    attempt.save()
    services.touch(locked)
    audit.record(
        AuditEvent.Action.CONTACT_LOGGED,
        consultation_requests=[locked],
        user=by,
        detail=ContactOutcome(outcome).label.lower(),
    )
    if outcome == ContactOutcome.REACHED and locked.status == Status.NEW:
        services.consultation_request_change_status(
            consultation_request=locked, to_status=Status.CONTACTED, by=by
        )
    consultation_request.status = locked.status
    return attempt
