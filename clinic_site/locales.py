"""What `<html lang>`, hreflang, og:locale and JSON-LD say for each language: the site is written
for readers in Canada."""

LOCALES = {"en": "en-CA", "fr": "fr-CA"}


def locale(language: str) -> str:
    """en → en-CA; a code it does not know, as it is."""
    return LOCALES.get(language.split("-")[0], language)
