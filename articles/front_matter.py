"""The first stage: a content file's YAML front matter, read and checked field by field.

Dates stay text while parsing, so a bad one is reported by its field rather than by YAML. Every
complaint is a `Problem` naming the file and the field at fault.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# A reviewer is a role ("Clinical team"), never an invented person: refuse titles and credentials.
PERSONAL_TITLE = re.compile(r"\b(dr|mr|mrs|ms|md|rn|np|phd|frcpc)\b\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    path: str
    field: str
    message: str
    level: str = "error"

    def __str__(self):
        return f"{self.path}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Reference:
    number: int
    citation: str
    url: str = ""
    doi: str = ""

    @property
    def link(self) -> str:
        return self.url or (f"https://doi.org/{self.doi}" if self.doi else "")


class TextDatesLoader(yaml.CSafeLoader):
    """YAML without implicit timestamps: dates stay text, so a bad one is reported by field.
    (libyaml's parser; the resolvers, changed below, are Python's.)"""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Handler(YAMLHandler):
    def load(self, fm, **kwargs):
        return yaml.load(fm, Loader=TextDatesLoader)  # noqa: S506 (a CSafeLoader subclass)


def read(path: Path, name: str) -> tuple[dict, str, list[Problem]]:
    """The file's front matter and body, or the problem that stops it being read."""
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"), handler=_Handler())
    except UnicodeDecodeError:
        return {}, "", [Problem(name, "file", "is not valid UTF-8 text")]
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" (line {where.line + 1})" if where else ""
        return {}, "", [Problem(name, "front matter", f"is not valid YAML{line}: {error}")]
    if not post.metadata:
        message = "is missing: start the file with a --- YAML block ---"
        return {}, "", [Problem(name, "front matter", message)]
    return post.metadata, post.content, []


class FieldChecker:
    """Validates one file's fields, collecting problems that name the file and the field."""

    def __init__(self, name: str, meta: dict):
        self.name, self.meta, self.problems = name, meta, []

    def error(self, field_name: str, message: str):
        self.problems.append(Problem(self.name, field_name, message))

    def text(self, key: str, max_length: int) -> str:
        if key not in self.meta:
            return ""
        value = self.meta.get(key)
        if not isinstance(value, str) or not value.strip():
            self.error(key, "must be non-empty text")
            return ""
        if len(value) > max_length:
            self.error(key, f"must be at most {max_length} characters (it has {len(value)})")
        return value.strip()

    def date(self, key: str) -> datetime.date | None:
        value = self.meta.get(key)
        try:
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        self.error(key, f"must be a real date written YYYY-MM-DD (got {value!r})")
        return None

    def tags(self) -> tuple[str, ...]:
        if "tags" not in self.meta:
            return ()
        value = self.meta.get("tags")
        if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
            self.error("tags", "must be a list of words, such as [sessions, safety]")
            return ()
        return tuple(t.strip().lower() for t in value)

    def references(self) -> tuple[Reference, ...]:
        if "references" not in self.meta:
            return ()
        value = self.meta.get("references")
        if not isinstance(value, list) or not value:
            self.error("references", "must be a list of one or more citations")
            return ()
        found = []
        for number, item in enumerate(value, start=1):
            reference = self._reference(number, item)
            if reference is not None:
                found.append(reference)
        return tuple(found)

    def _reference(self, number: int, item) -> Reference | None:
        where = f"references[{number}]"
        if not isinstance(item, dict) or not isinstance(item.get("citation"), str):
            self.error(where, "must have a `citation` text")
            return None
        unknown = set(item) - {"citation", "url", "doi"}
        if unknown:
            self.error(where, f"unknown keys: {', '.join(sorted(unknown))}")
        url, doi = str(item.get("url") or ""), str(item.get("doi") or "")
        if url and not url.startswith("https://"):
            self.error(f"{where}.url", "must be an https:// address")
        if doi and not DOI.match(doi):
            self.error(f"{where}.doi", f"is not a DOI such as 10.1000/xyz (got {doi!r})")
        return Reference(number, item["citation"].strip(), url, doi)


# A translation (content/fr/) also names its English file and that file's revision when it was
# translated (articles.translations.revision), so a later change to the English shows.
TRANSLATED = ("source", "source_revision")
SOURCE_FILE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.(?:md|yml)$")
REVISION = re.compile(r"^[0-9a-f]{12}$")


def check_source(check: FieldChecker) -> tuple[str, str]:
    """A translation's `source` and `source_revision`, checked; ("", "") where they are wrong."""
    source, revision = (check.meta.get(key) for key in TRANSLATED)
    if "source" in check.meta and not (isinstance(source, str) and SOURCE_FILE.match(source)):
        check.error("source", "must name the English file it translates, such as side-effects.md")
        source = ""
    if isinstance(revision, int) and not isinstance(revision, bool):
        # A revision of digits only, written bare, is read by YAML as a number.
        check.error("source_revision", 'is all digits: quote it ("…") so it is read as text')
        revision = ""
    elif "source_revision" in check.meta and not (
        isinstance(revision, str) and REVISION.match(revision)
    ):
        check.error("source_revision", "must be the 12-character revision of the English file")
        revision = ""
    return source or "", revision or ""
