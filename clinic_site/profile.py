"""The clinic's own facts (`content/clinic.yml`, or CLINIC_PROFILE): treatments, conditions,
fees, policies, opening hours, the process after a request, and the team.

Its French is a file of the same name in the `fr/` folder beside it (`content/fr/clinic.yml`):
the same facts in French words, with the same codes, prices, hours and team (`matches` says
where they differ). A clinic without one shows its English profile on French pages too.

Read and validated once per process (in DEBUG, once per file version); `manage.py check`
reports each problem by field, and `check --deploy` warns while the file still says
`example: true`. Pages and emails read it through clinic_site/offer.py, which never fails.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.utils import numberformat

from clinic_site.locales import current

CODE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class ProfileError(ValueError):
    """The file cannot be used; `problems` says why, one line per field."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Hours:
    days: str
    opens: str
    closes: str


@dataclass(frozen=True)
class Treatment:
    name: str
    description: str


@dataclass(frozen=True)
class Condition:
    code: str
    label: str


@dataclass(frozen=True)
class Fee:
    name: str
    low: int
    high: int
    includes: str

    @property
    def amount(self) -> str:
        return money(self.low) if self.low == self.high else f"{money(self.low)}–{money(self.high)}"


def money(amount: int) -> str:
    """1,200 in English, 1 200 in French (a narrow no-break space), as each language writes it."""
    french = current() == "fr"
    return numberformat.format(
        amount, ".", grouping=3, thousand_sep="\u202f" if french else ",", force_grouping=True
    )


@dataclass(frozen=True)
class Step:
    step: str
    when: str


@dataclass(frozen=True)
class TeamMember:
    role: str
    name: str
    profession: str = ""
    college: str = ""
    registration: str = ""


@dataclass(frozen=True)
class ClinicProfile:
    example: bool
    reply_time: str
    urgent_reply: str
    hours: tuple[Hours, ...]
    referral_needed: bool
    referral_explanation: str
    treatments: tuple[Treatment, ...]
    conditions: tuple[Condition, ...]
    currency: str
    fees: tuple[Fee, ...]
    coverage: str
    refunds: str
    cancellation: str
    process: tuple[Step, ...]
    team: tuple[TeamMember, ...]

    @property
    def fee_range(self) -> str:
        """From the lowest to the highest fee, as the home page's first screen gives it."""
        low = min(fee.low for fee in self.fees)
        high = max(fee.high for fee in self.fees)
        if low == high:
            return f"{self.currency} {money(low)}"
        return f"{self.currency} {money(low)}–{money(high)}"

    def condition_label(self, code: str) -> str:
        return next((c.label for c in self.conditions if c.code == code), code)


class _Reader:
    """Reads fields out of the parsed YAML, collecting a problem for each one that is wrong."""

    def __init__(self):
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, data: dict, key: str, where: str, *, required=True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{where}{key}", "must be some text")
            return ""
        return " ".join(value.split())

    def items(self, data: dict, key: str) -> list[dict]:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.problem(key, "must be a list with at least one entry")
            return []
        good = [entry for entry in value if isinstance(entry, dict)]
        if len(good) != len(value):
            self.problem(key, "each entry must have named fields (key: value)")
        return good

    def whole_number(self, data: dict, key: str, where: str) -> int | None:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(f"{where}{key}", "must be a whole number of dollars, such as 250")
            return None
        return value


KNOWN = {
    "example", "reply_time", "urgent_reply", "hours", "referral", "treatments", "conditions",
    "fees", "refunds", "cancellation", "process", "team",
}  # fmt: skip


def _hours(read: _Reader, data: dict) -> list[Hours]:
    hours = []
    for n, entry in enumerate(read.items(data, "hours"), 1):
        where = f"hours[{n}]."
        opens, closes = str(entry.get("opens", "")), str(entry.get("closes", ""))
        for key, value in (("opens", opens), ("closes", closes)):
            if not TIME.match(value):
                read.problem(where + key, 'must be a 24-hour time in quotes, such as "08:30"')
        if TIME.match(opens) and TIME.match(closes) and opens >= closes:
            read.problem(where + "closes", "must be later than opens")
        hours.append(Hours(read.text(entry, "days", where), opens, closes))
    return hours


def _conditions(read: _Reader, data: dict) -> list[Condition]:
    conditions = []
    for n, entry in enumerate(read.items(data, "conditions"), 1):
        code = entry.get("code")
        if not isinstance(code, str) or not CODE.match(code):
            read.problem(f"conditions[{n}].code", "must be lower-case letters, digits or _")
        conditions.append(Condition(str(code), read.text(entry, "label", f"conditions[{n}].")))
    codes = [condition.code for condition in conditions]
    if len(set(codes)) != len(codes):
        read.problem("conditions", "each code may appear only once")
    if conditions and "other" not in codes:
        read.problem("conditions", 'must include "other", for anything the list does not name')
    return conditions


def _fees(read: _Reader, data: dict) -> tuple[str, list[Fee], str]:
    fees = data.get("fees")
    if not isinstance(fees, dict):
        read.problem("fees", "must have currency, items and coverage")
        return "", [], ""
    currency = fees.get("currency")
    if currency not in ("CAD",):
        read.problem("fees.currency", "must be CAD")
    items = []
    for n, entry in enumerate(read.items(fees, "items"), 1):
        where = f"fees.items[{n}]."
        if "price" in entry:
            low = high = read.whole_number(entry, "price", where)
        else:
            low = read.whole_number(entry, "price_from", where)
            high = read.whole_number(entry, "price_to", where)
            if low is not None and high is not None and low > high:
                read.problem(where + "price_to", "must not be lower than price_from")
        name, includes = read.text(entry, "name", where), read.text(entry, "includes", where)
        items.append(Fee(name, low or 0, high or 0, includes))
    return str(currency), items, read.text(fees, "coverage", "fees.")


def _team(read: _Reader, data: dict) -> list[TeamMember]:
    team = []
    for n, entry in enumerate(read.items(data, "team"), 1):
        where = f"team[{n}]."
        member = TeamMember(
            role=read.text(entry, "role", where),
            name=read.text(entry, "name", where),
            profession=read.text(entry, "profession", where, required=False),
            college=read.text(entry, "college", where, required=False),
            registration=str(entry.get("registration", "")).strip(),
        )
        if bool(member.college) != bool(member.registration):
            read.problem(where + "registration", "give both the college and the number, or neither")
        team.append(member)
    return team


def parse(data) -> ClinicProfile:
    """The profile in `data` (the parsed YAML), or ProfileError naming every problem."""
    read = _Reader()
    if not isinstance(data, dict):
        raise ProfileError(["the file must hold named fields (key: value)"])
    for unknown in sorted(set(data) - KNOWN):
        read.problem(unknown, "is not a field of the clinic profile (a typo?)")
    if not isinstance(data.get("example", False), bool):
        read.problem("example", "must be true or false (or left out)")
    referral = data.get("referral") if isinstance(data.get("referral"), dict) else {}
    if not isinstance(referral.get("needed"), bool):
        read.problem("referral.needed", "must be true or false")
    currency, fees, coverage = _fees(read, data)
    profile = ClinicProfile(
        example=data.get("example") is True,
        reply_time=read.text(data, "reply_time", ""),
        urgent_reply=read.text(data, "urgent_reply", ""),
        hours=tuple(_hours(read, data)),
        referral_needed=referral.get("needed") is True,
        referral_explanation=read.text(referral, "explanation", "referral."),
        treatments=tuple(
            Treatment(read.text(t, "name", f"treatments[{n}]."), read.text(t, "description", ""))
            for n, t in enumerate(read.items(data, "treatments"), 1)
        ),
        conditions=tuple(_conditions(read, data)),
        currency=currency,
        fees=tuple(fees),
        coverage=coverage,
        refunds=read.text(data, "refunds", ""),
        cancellation=read.text(data, "cancellation", ""),
        process=tuple(
            Step(read.text(s, "step", f"process[{n}]."), read.text(s, "when", f"process[{n}]."))
            for n, s in enumerate(read.items(data, "process"), 1)
        ),
        team=tuple(_team(read, data)),
    )
    if read.problems:
        raise ProfileError(read.problems)
    return profile


def load(path: Path) -> ClinicProfile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError([f"cannot be read ({error.__class__.__name__}: {error})"]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ProfileError([f"is not valid YAML ({error})"]) from None
    return parse(data)


@functools.lru_cache(maxsize=4)
def _load_version(path: str, mtime_ns: int) -> ClinicProfile:
    return load(Path(path))


def profile_path(language: str) -> Path:
    """The file of the profile in `language`: CLINIC_PROFILE, or its translation beside it."""
    english = Path(settings.CLINIC_PROFILE)
    if language == settings.LANGUAGE_CODE:
        return english
    return english.parent / language / english.name


def matches(english: ClinicProfile, translated: ClinicProfile) -> list[str]:
    """Where a translation gives other facts than the English: only the words may differ."""
    facts = {
        "example": lambda p: p.example,
        "conditions": lambda p: [c.code for c in p.conditions],
        "hours": lambda p: [(h.opens, h.closes) for h in p.hours],
        "referral.needed": lambda p: p.referral_needed,
        "fees": lambda p: (p.currency, [(f.low, f.high) for f in p.fees]),
        "treatments": lambda p: len(p.treatments),
        "process": lambda p: len(p.process),
        "team": lambda p: [m.registration for m in p.team],
    }
    return [
        f"{name}: differs from the English profile (only the words may be translated)"
        for name, fact in facts.items()
        if fact(english) != fact(translated)
    ]


def get_profile(language: str | None = None) -> ClinicProfile:
    """The profile in `language` (or the page's), read once per process like the articles (in
    DEBUG, again when the file changes): the pages made from it are kept finished, and a
    restart runs the check first. A language without its own file gets the English profile."""
    code = current(language)
    path = profile_path(code)
    if code != settings.LANGUAGE_CODE and not path.exists():
        path = profile_path(settings.LANGUAGE_CODE)
    mtime = 0
    if settings.DEBUG:
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            mtime = -1
    return _load_version(str(path), mtime)
