"""Typed readers for environment variables.

Each helper raises ImproperlyConfigured naming the variable, so a bad value stops start-up
with a message an operator can act on.
"""

import ipaddress
import os
import re
import zoneinfo

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
    if number < minimum or (maximum is not None and number > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise ImproperlyConfigured(f"{name} must be at least {minimum}{upper}; got {number}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_email(name: str, default: str) -> str:
    value = env_str(name, default)
    try:
        validate_email(value)
    except ValidationError:
        raise ImproperlyConfigured(f"{name} must be an email address; got {value!r}.") from None
    return value


PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{6,24}$")


def env_phone(name: str, default: str) -> str:
    value = env_str(name, default)
    if not PHONE.match(value):
        raise ImproperlyConfigured(
            f"{name} must be a phone number of digits, spaces, dots, dashes or brackets; "
            f"got {value!r}."
        )
    return value


def env_time_zone(name: str, default: str) -> str:
    value = env_str(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be an IANA time zone such as America/Toronto; got {value!r}."
        ) from None
    return value


RATE = re.compile(r"^(\d+)/(s|m|h|d)$")


def env_rate(name: str, default: str) -> tuple[int, int]:
    """Parse a rate such as '5/h' into (count, period in seconds)."""
    value = env_str(name, default)
    match = RATE.match(value)
    if not match or int(match.group(1)) < 1:
        raise ImproperlyConfigured(
            f"{name} must look like 5/h (a count per s, m, h or d); got {value!r}."
        )
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
    return int(match.group(1)), seconds


def env_networks(name: str) -> list[str]:
    """A comma list of IP addresses or CIDR networks, such as 10.0.0.0/8,127.0.0.1."""
    values = env_list(name)
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be a comma list of IP addresses or networks such as "
                f"10.0.0.0/8; got {value!r}."
            ) from None
    return values
