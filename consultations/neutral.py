"""What may appear where anyone can glance at it: an inbox, a calendar, a phone's lock screen.

An appointment reaches the patient's calendar, which others often see (a shared family calendar,
a notification on the lock screen). So its title, its organizer's name and the note staff write
for the patient must name no treatment and hold no health details. The clinic's name is
`CLINIC_EMAIL_SENDER_NAME`, chosen for that; should it still name a treatment, the treatment
words are left out of it here rather than trusting every deployment to have chosen well.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from clinic_site import offer
from consultations.choices import HelpWanted
from consultations.urgency import suggests_risk

TREATMENT_WORDS = ("ketamine", "esketamine", "spravato", "infusion", "infusions")
# Conditions, care and medicine: enough to catch a note that says more than when and where.
HEALTH_WORDS = (
    *TREATMENT_WORDS,
    *(label.split(" (")[0].lower() for label in HelpWanted.labels if label != "Something else"),
    "depressed",
    "anxious",
    "trauma",
    "suicide",
    "suicidal",
    "self-harm",
    "psychiatric",
    "psychiatrist",
    "diagnosis",
    "medication",
    "medications",
    "antidepressant",
    "antidepressants",
    "dose",
    "dosing",
    "therapy",
    "treatment",
    "mental health",
)
_TREATMENT = re.compile(r"\b(?:" + "|".join(TREATMENT_WORDS) + r")\b", re.IGNORECASE)
_HEALTH = re.compile(
    r"\b(" + "|".join(re.escape(word) for word in HEALTH_WORDS) + r")\b", re.IGNORECASE
)


def without_treatment_words(text: str) -> str:
    """'Example Ketamine Clinic' → 'Example Clinic'."""
    return " ".join(_TREATMENT.sub(" ", text).split())


def clinic_name() -> str:
    """The clinic's name as patients' inboxes and calendars show it."""
    return without_treatment_words(settings.CLINIC_EMAIL_SENDER_NAME) or "The clinic"


def _conditions_the_clinic_treats() -> set[str]:
    """The clinic profile's conditions ("PTSD (post-traumatic stress)" → "ptsd"), so a clinic
    that treats one the list above does not name is covered too."""
    return {
        label.split(" (")[0].lower() for code, label in offer.condition_choices() if code != "other"
    }


def health_words_in(text: str) -> list[str]:
    found = {match.lower() for match in _HEALTH.findall(text)}
    lowered = text.lower()
    found |= {
        word
        for word in _conditions_the_clinic_treats()
        if re.search(r"\b" + re.escape(word) + r"\b", lowered)
    }
    return sorted(found)


@deconstructible
class NothingClinical:
    """Refuses text bound for a patient's inbox or calendar that names a treatment, a condition
    or something that suggests a risk of self-harm."""

    def __call__(self, value: str) -> None:
        found = health_words_in(value)
        if found:
            raise ValidationError(
                "This note goes to the patient’s inbox and calendar, where others may see it: "
                "leave out treatment and health details (remove “%(words)s”).",
                code="clinical",
                params={"words": "”, “".join(found)},
            )
        if suggests_risk(value):
            raise ValidationError(
                "This note goes to the patient’s inbox and calendar, where others may see it: "
                "leave out anything about their health or safety.",
                code="clinical",
            )

    def __eq__(self, other):
        return isinstance(other, NothingClinical)
