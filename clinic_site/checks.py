"""System checks for the clinic profile: `manage.py check` refuses a broken one, and
`check --deploy` warns while it still holds the example values it ships with."""

from django.conf import settings
from django.core.checks import Error, Warning

from clinic_site.profile import ProfileError, get_profile, matches, profile_path


def check_profile(app_configs=None, **kwargs):
    """The English profile, and each translation of it there is, must be complete; and a
    translation must give the same facts (codes, prices, hours, team) in other words."""
    found, english = [], None
    for language, _ in settings.LANGUAGES:
        path = profile_path(language)
        if language != settings.LANGUAGE_CODE and not path.exists():
            continue
        try:
            profile = get_profile(language)
        except ProfileError as error:
            found += [Error(f"{path}: {problem}", id="clinic.E001") for problem in error.problems]
            continue
        if language == settings.LANGUAGE_CODE:
            english = profile
        elif english is not None:
            found += [Error(f"{path}: {problem}", id="clinic.E001")
                      for problem in matches(english, profile)]  # fmt: skip
    return found


def check_profile_is_the_clinics_own(app_configs=None, **kwargs):
    try:
        example = get_profile(settings.LANGUAGE_CODE).example
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
