"""The fixed vocabularies of a consultation request: one place for codes and their labels.

The labels patients and referring clinicians read are translated (lazily: the admin, in
English, shows the English ones); those only staff read are not. The codes never change.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class Province(models.TextChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    MB = "MB", _("Manitoba")
    NB = "NB", _("New Brunswick")
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Prince Edward Island")
    QC = "QC", _("Quebec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


class ContactTime(models.TextChoices):
    """Labels kept as plain English strings (staff read them joined, in the admin and the CSV);
    the patient's form shows them translated (`CONTACT_TIMES`)."""

    WEEKDAY_MORNING = "weekday_morning", gettext_noop("Weekday mornings")
    WEEKDAY_AFTERNOON = "weekday_afternoon", gettext_noop("Weekday afternoons")
    WEEKDAY_EVENING = "weekday_evening", gettext_noop("Weekday evenings")
    WEEKEND = "weekend", gettext_noop("Weekends")


CONTACT_TIMES = [(value, _(label)) for value, label in ContactTime.choices]


# The patient's answer to "may we leave a voicemail, and may our call show the clinic's name?",
# as staff read it. Unknown for referrals and older requests: then neither is all right.
VOICEMAIL_OK = [
    (True, "Yes: a voicemail and our name on the call are fine"),
    (False, "No: leave no voicemail, hide our name"),
    (None, "Not asked: leave no voicemail, hide our name"),
]


class HelpWanted(models.TextChoices):
    """The conditions the shipped clinic profile names. The form offers the profile's own
    (clinic_site/offer.py); these stay for old migrations and for consultations.neutral."""

    DEPRESSION = "depression", "Depression"
    ANXIETY = "anxiety", "Anxiety"
    PTSD = "ptsd", "PTSD (post-traumatic stress)"
    OCD = "ocd", "OCD (obsessive-compulsive disorder)"
    CHRONIC_PAIN = "chronic_pain", "Chronic pain"
    OTHER = "other", "Something else"


class HeardFrom(models.TextChoices):
    CLINICIAN = "clinician", _("A doctor, nurse or therapist")
    FRIEND = "friend", _("A friend or family member")
    SEARCH = "search", _("A search engine")
    ARTICLE = "article", _("An article on this website")
    SOCIAL = "social", _("Social media")
    NEWS = "news", _("News or media")
    OTHER = "other", _("Somewhere else")


class Status(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    BOOKED = "booked", "Consultation booked"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Declined"
    SPAM = "spam", "Spam"
    WITHDRAWN = "withdrawn", "Withdrawn by the patient"


OPEN_STATUSES = (Status.NEW, Status.CONTACTED, Status.BOOKED)
FINISHED_STATUSES = (Status.CLOSED, Status.DECLINED, Status.SPAM, Status.WITHDRAWN)

# Which moves staff can make. Forward along new → contacted → booked → closed; declined or
# spam from any open state; and a way back for mistakes (reopen, "not spam after all").
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.CONTACTED, Status.BOOKED, Status.CLOSED, Status.DECLINED, Status.SPAM),
    Status.CONTACTED: (Status.BOOKED, Status.CLOSED, Status.DECLINED, Status.SPAM),
    Status.BOOKED: (Status.CONTACTED, Status.CLOSED, Status.DECLINED),
    Status.CLOSED: (Status.CONTACTED,),
    Status.DECLINED: (Status.CONTACTED,),
    Status.SPAM: (Status.NEW,),
    Status.WITHDRAWN: (),  # the patient's own decision; their details are gone
}


class SpamReason(models.TextChoices):
    """Why a submission looked automated. Without risk words it is stored as spam; with them it
    stays in the queue, flagged for a person to check."""

    HONEYPOT = "honeypot", "Filled in the hidden field"
    TOO_FAST = "too_fast", "Sent too quickly after the form was shown"
    BAD_TOKEN = "bad_token", "Form token missing, tampered with or expired"


class Source(models.TextChoices):
    """Where a request came from: the patient's own form, or a clinician's referral form."""

    PATIENT = "patient", "The patient (request form)"
    REFERRAL = "referral", "A clinician (referral form)"


class Profession(models.TextChoices):
    FAMILY_PHYSICIAN = "family_physician", _("Family physician")
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    OTHER_PHYSICIAN = "other_physician", _("Other physician")
    NURSE_PRACTITIONER = "nurse_practitioner", _("Nurse practitioner")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    OTHER = "other", _("Other regulated health professional")


class AppointmentMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person, at the clinic")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone call")


class ChangeAsked(models.TextChoices):
    """What a patient asked, through their signed link, about a booked appointment."""

    MOVE = "move", _("Move it to another time")
    CANCEL = "cancel", _("Cancel it")


class EmailKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement to the patient"
    CLINIC_ALERT = "clinic_alert", "Alert to the clinic"
    REFERRER_ACKNOWLEDGEMENT = "referrer_acknowledgement", "Acknowledgement to the clinician"
    # One of each per appointment and version (its SEQUENCE): see consultations/appointments.py.
    INVITATION = "invitation", "Appointment invitation"
    UPDATE = "update", "Appointment moved or changed"
    CANCELLATION = "cancellation", "Appointment cancelled"
    REMINDER = "reminder", "Appointment reminder"
    CHANGE_ALERT = "change_alert", "Alert to the clinic: patient asks to change it"


# The kinds that belong to an appointment, each with the appointment's version.
APPOINTMENT_EMAILS = (
    EmailKind.INVITATION,
    EmailKind.UPDATE,
    EmailKind.CANCELLATION,
    EmailKind.REMINDER,
    EmailKind.CHANGE_ALERT,
)


class EmailState(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Sending"
    RETRYING = "retrying", "Failed; will try again"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed; not sent"
    THROTTLED = "throttled", "Not sent: too many to this address today"
    CANCELLED = "cancelled", "Cancelled"
    SUPERSEDED = "superseded", "Not sent: the appointment changed"


class ContactOutcome(models.TextChoices):
    """How a call or message to the patient went, as staff log it."""

    REACHED = "reached", "Reached"
    NO_ANSWER = "no_answer", "No answer"
    VOICEMAIL = "voicemail", "Voicemail left"
    WRONG_NUMBER = "wrong_number", "Wrong number"
