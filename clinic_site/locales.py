"""The site's languages: which one a path or the moment is in, and what `<html lang>`, hreflang,
og:locale and JSON-LD say for each (the site is written for readers in Canada)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALES = {"en": "en-CA", "fr": "fr-CA"}


def locale(language: str) -> str:
    """en → en-CA; a code it does not know, as it is."""
    return LOCALES.get(language.split("-")[0], language)


def current(language: str | None = None) -> str:
    """`language`, or the active one, as a short code ("fr"); the default when none is active."""
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def of_path(path: str) -> str:
    """The language a path names: /fr/… is French, every other path the default (English)."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def reverse_in(language: str, name: str, *args, **kwargs) -> str:
    """The path of a URL name in `language`, whichever language is active."""
    with translation.override(language):
        return reverse(name, args=args or None, kwargs=kwargs or None)
