"""The clinic's clock. Staff enter appointment times, and patients read them, in
CLINIC_TIME_ZONE; the database and invitations hold UTC.

A wall-clock time is not always one moment: on the night clocks go forward an hour is skipped
(2:30 does not happen), and on the night they go back an hour happens twice (1:30 is two
moments). Neither is guessed at: `moment()` refuses both, and the form asks for another time.
"""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import gettext

UTC = dt.UTC


class NotOnTheClock(ValueError):  # noqa: N818 (reads as what happened)
    def __init__(self, wall: dt.datetime, *, skipped: bool):
        self.wall, self.skipped = wall, skipped
        super().__init__(f"{wall:%Y-%m-%d %H:%M} is {'skipped' if skipped else 'repeated'}")


def zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.CLINIC_TIME_ZONE)


def moment(day: dt.date, at: dt.time) -> dt.datetime:
    """The UTC moment of this date and time on the clinic's clock."""
    wall = dt.datetime.combine(day, at.replace(tzinfo=None, fold=0))
    first, second = wall.replace(tzinfo=zone()), wall.replace(tzinfo=zone(), fold=1)
    if first.utcoffset() != second.utcoffset():
        round_trip = first.astimezone(UTC).astimezone(zone()).replace(tzinfo=None)
        raise NotOnTheClock(wall, skipped=round_trip != wall)
    return first.astimezone(UTC)


def local(moment_: dt.datetime) -> dt.datetime:
    return moment_.astimezone(zone())


def day_text(moment_: dt.datetime) -> str:
    """'Thursday, December 3, 2026' ('jeudi 3 décembre 2026' in French)"""
    return dateformat.format(local(moment_), gettext("l, F j, Y"))


def time_text(moment_: dt.datetime) -> str:
    """'10 a.m. EST', '2:30 p.m. EDT', 'noon EST' ('14 h 30 EST'), in the clinic's time zone."""
    return dateformat.format(local(moment_), gettext("P T"))


def when_text(moment_: dt.datetime) -> str:
    """'Thursday, December 3, 2026 at 10 a.m. EST'"""
    return gettext("%(day)s at %(time)s") % {"day": day_text(moment_), "time": time_text(moment_)}


def staff_text(moment_: dt.datetime) -> str:
    """'2026-12-03 10:00 EST', as the admin shows every time."""
    return local(moment_).strftime("%Y-%m-%d %H:%M %Z")
