"""The fixed vocabularies of a consultation request: one place for codes and their labels."""

from django.db import models


class Province(models.TextChoices):
    AB = "AB", "Alberta"
    BC = "BC", "British Columbia"
    MB = "MB", "Manitoba"
    NB = "NB", "New Brunswick"
    NL = "NL", "Newfoundland and Labrador"
    NS = "NS", "Nova Scotia"
    NT = "NT", "Northwest Territories"
    NU = "NU", "Nunavut"
    ON = "ON", "Ontario"
    PE = "PE", "Prince Edward Island"
    QC = "QC", "Quebec"
    SK = "SK", "Saskatchewan"
    YT = "YT", "Yukon"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"


class ContactTime(models.TextChoices):
    WEEKDAY_MORNING = "weekday_morning", "Weekday mornings"
    WEEKDAY_AFTERNOON = "weekday_afternoon", "Weekday afternoons"
    WEEKDAY_EVENING = "weekday_evening", "Weekday evenings"
    WEEKEND = "weekend", "Weekends"


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
    CLINICIAN = "clinician", "A doctor, nurse or therapist"
    FRIEND = "friend", "A friend or family member"
    SEARCH = "search", "A search engine"
    ARTICLE = "article", "An article on this website"
    SOCIAL = "social", "Social media"
    NEWS = "news", "News or media"
    OTHER = "other", "Somewhere else"


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
    FAMILY_PHYSICIAN = "family_physician", "Family physician"
    PSYCHIATRIST = "psychiatrist", "Psychiatrist"
    OTHER_PHYSICIAN = "other_physician", "Other physician"
    NURSE_PRACTITIONER = "nurse_practitioner", "Nurse practitioner"
    PSYCHOLOGIST = "psychologist", "Psychologist"
    OTHER = "other", "Other regulated health professional"


class AppointmentMode(models.TextChoices):
    IN_PERSON = "in_person", "In person, at the clinic"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone call"


class ChangeAsked(models.TextChoices):
    """What a patient asked, through their signed link, about a booked appointment."""

    MOVE = "move", "Move it to another time"
    CANCEL = "cancel", "Cancel it"


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
