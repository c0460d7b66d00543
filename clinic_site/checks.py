"""System checks for the clinic profile: `manage.py check` refuses a broken one, and
`check --deploy` warns while it still holds the example values it ships with."""

from django.conf import settings
from django.core.checks import Error, Warning

from clinic_site.profile import ProfileError, get_profile


def check_profile(app_configs=None, **kwargs):
    try:
        get_profile()
    except ProfileError as error:
        return [
            Error(f"{settings.CLINIC_PROFILE}: {problem}", id="clinic.E001")
            for problem in error.problems
        ]
    return []


def check_profile_is_the_clinics_own(app_configs=None, **kwargs):
    try:
        example = get_profile().example
    except ProfileError:
        return []  # check_profile reports it
    if not example:
        return []
    return [
        Warning(
            f"{settings.CLINIC_PROFILE} still holds the example values it ships with "
            "(example: true): fees, hours, policies and team shown to patients are not yours.",
            hint="Replace each value with your clinic's own, then delete the `example: true` line.",
            id="clinic.W001",
        )
    ]
