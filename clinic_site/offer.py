"""What the site tells people about the clinic, from its profile, for pages, forms and emails.

The profile is the one source of truth for the reply time, the same-day promise, the hours and
the conditions the form offers. A profile that cannot be read is an error of the system check
(clinic.E001), which stops a production start; should a page still meet one (DEBUG, with the
file being edited), it says less rather than fail: "as soon as we can" for the reply time, and
only "Something else" on the form.
"""

import logging

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic_site.profile import ClinicProfile, Hours, ProfileError, get_profile

logger = logging.getLogger(__name__)

AS_SOON_AS_WE_CAN = _("as soon as we can")
OTHER = ("other", _("Something else"))


def current() -> ClinicProfile | None:
    """The clinic profile, or None when it cannot be read (the check says why)."""
    try:
        return get_profile()
    except ProfileError as error:
        logger.error("The clinic profile cannot be used: %s", error)
        return None


def reply_promise(profile: ClinicProfile | None = None) -> str:
    """When we reply to a request: "within two business days"."""
    profile = profile or current()
    if profile is None:
        return str(AS_SOON_AS_WE_CAN)
    return gettext("within %(reply_time)s") % {"reply_time": profile.reply_time}


def urgent_promise(profile: ClinicProfile | None = None) -> str:
    """When we reply to a request that may indicate a risk: "the same business day, …"."""
    profile = profile or current()
    return profile.urgent_reply if profile else str(AS_SOON_AS_WE_CAN)


def opening_hours(profile: ClinicProfile | None = None) -> tuple[Hours, ...]:
    profile = profile or current()
    return profile.hours if profile else ()


def condition_choices(profile: ClinicProfile | None = None) -> list[tuple[str, str]]:
    """What the form offers under "What would you like help with?", "other" last."""
    profile = profile or current()
    if profile is None:
        return [OTHER]
    choices = [(c.code, c.label) for c in profile.conditions if c.code != "other"]
    return [*choices, *((c.code, c.label) for c in profile.conditions if c.code == "other")]


def condition_label(code: str) -> str:
    """The label of a request's answer; an old code the profile no longer lists shows as is."""
    profile = current()
    if profile is None:
        return str(dict([OTHER]).get(code, code))
    return profile.condition_label(code)
