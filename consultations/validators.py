"""Checks shared by the form and the model, with messages written for the person filling it in."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext

from clinic_site import offer

# Direction overrides can make a name display differently from what is stored ("Trojan Source").
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control_characters(value: str, *, allow_line_breaks: bool = False) -> bool:
    allowed = {"\n", "\t", "\r"} if allow_line_breaks else set()
    return any(
        (unicodedata.category(ch) == "Cc" and ch not in allowed) or ch in BIDI_CONTROLS
        for ch in value
    )


@deconstructible
class NoControlCharacters:
    """Rejects NUL and other invisible control characters (line breaks only where allowed)."""

    def __init__(self, allow_line_breaks: bool = False):
        self.allow_line_breaks = allow_line_breaks

    def __call__(self, value: str) -> None:
        if has_control_characters(value, allow_line_breaks=self.allow_line_breaks):
            raise ValidationError(
                gettext(
                    "Remove the invisible control characters. They sometimes come along when "
                    "text is copied and pasted; typing the text again fixes it."
                ),
                code="control_characters",
            )

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters) and (
            self.allow_line_breaks == other.allow_line_breaks
        )


def validate_readable(value: str) -> None:
    # Bytes that are not UTF-8 reach us as U+FFFD (�): storing that would store something other
    # than what was sent, so the person is asked to type it again instead.
    if "\ufffd" in value:
        raise ValidationError(
            gettext("Some characters could not be read (they show as �). Type the text again."),
            code="unreadable",
        )


def validate_name(value: str) -> None:
    # Angle brackets never appear in names; refusing them keeps markup out of staff screens
    # even though every page escapes what it shows anyway.
    if "<" in value or ">" in value:
        raise ValidationError(gettext("Names can’t contain < or >."), code="markup")
    if not any(ch.isalpha() for ch in value):
        raise ValidationError(gettext("Enter a name using letters."), code="no_letters")


PHONE_PUNCTUATION = re.compile(r"[\s().\-‐‑–—]")
EXTENSION = re.compile(r"(?:ext\.?|extension|x)\s*(\d{1,6})$", re.IGNORECASE)
NANP = re.compile(r"^(?:\+?1)?([2-9]\d{2})([2-9]\d{2})(\d{4})$")
STORED_PHONE = re.compile(r"^\+1[2-9]\d{2}[2-9]\d{6}(?:;ext=\d{1,6})?$")


def normalize_phone(value: str) -> str | None:
    """'(613) 555-0100 ext. 12' → '+16135550100;ext=12'; None when it is not such a number."""
    text = value.strip()
    extension = ""
    if match := EXTENSION.search(text):
        extension = match.group(1)
        text = text[: match.start()]
    match = NANP.match(PHONE_PUNCTUATION.sub("", text))
    if not match:
        return None
    number = "+1" + "".join(match.groups())
    return f"{number};ext={extension}" if extension else number


def format_phone(stored: str) -> str:
    """'+16135550100;ext=12' → '613-555-0100 ext. 12', the way staff dial it."""
    number, _, extension = stored.partition(";ext=")
    digits = number.removeprefix("+1")
    if len(digits) != 10:
        return stored
    text = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return f"{text} ext. {extension}" if extension else text


def validate_stored_phone(value: str) -> None:
    if not STORED_PHONE.match(value):
        raise ValidationError(gettext("Enter a phone number like 613-555-0100."), code="phone")


@deconstructible
class ChoiceList:
    """A JSON list whose items all come from a TextChoices class, without repeats."""

    def __init__(self, choices: type[models.TextChoices]):
        self.choices = choices

    def __call__(self, value) -> None:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError(gettext("Choose from the list."), code="invalid_list")
        if not value:
            raise ValidationError(gettext("Choose at least one."), code="empty_list")
        if set(value) - set(self.choices.values) or len(set(value)) != len(value):
            raise ValidationError(
                gettext("Choose only from the options shown."), code="invalid_choice"
            )

    def __eq__(self, other):
        return isinstance(other, ChoiceList) and self.choices is other.choices


@deconstructible
class OfferedConditions:
    """A JSON list of the codes of conditions the clinic profile offers, without repeats."""

    def __call__(self, value) -> None:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError(gettext("Choose from the list."), code="invalid_list")
        if not value:
            raise ValidationError(gettext("Choose at least one."), code="empty_list")
        offered = {code for code, _ in offer.condition_choices()}
        if set(value) - offered or len(set(value)) != len(value):
            raise ValidationError(
                gettext("Choose only from the options shown."), code="invalid_choice"
            )

    def __eq__(self, other):
        return isinstance(other, OfferedConditions)


def choice_labels(choices: type[models.TextChoices], values: list[str]) -> list[str]:
    """Labels of the chosen values, in the order the choices are listed."""
    return [label for value, label in choices.choices if value in (values or [])]
