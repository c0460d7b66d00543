"""The FAQ (`content/faq.yml`) and glossary (`content/glossary.yml`): loaded, checked, rendered.

Each file is a mapping: its review (`last_reviewed`, `next_review`, `reviewed_by`, as an article's
front matter has) and its `entries`. A bare list of entries is still read, with no review dates
(the review desk then shows it as having none).

Part of the loading stage: `articles.loader` calls `load_faq` and `load_glossary` with the slugs
of the published articles. Links to site pages are kept in `site_links` for `articles.checks`.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.text import slugify

from articles.front_matter import (
    PERSONAL_TITLE,
    TRANSLATED,
    FieldChecker,
    Problem,
    TextDatesLoader,
    check_source,
)  # fmt: skip
from articles.rendering import render_markdown


@dataclass(frozen=True)
class Entry:
    """A question and answer, or a term and its definition."""

    id: str
    heading: str
    html: str
    text: str
    article: str | None
    site_links: frozenset[str] = frozenset()
    number: int = 0  # its place in the file, for messages


@dataclass(frozen=True)
class Review:
    """When a whole file (the FAQ, the glossary) was last reviewed, by whom, and when next."""

    last_reviewed: datetime.date
    next_review: datetime.date
    reviewed_by: str


REVIEW_FIELDS = ("last_reviewed", "next_review", "reviewed_by")


@dataclass(frozen=True)
class _Kind:
    heading: str  # "question" or "term"
    body: str  # "answer" or "definition"
    article_required: bool


FAQ = _Kind("question", "answer", article_required=True)
GLOSSARY = _Kind("term", "definition", article_required=False)


def _read(path: Path, kind: _Kind, name: str, translated: bool):
    """The file's entries, its review, its English source (a translation's), and problems."""
    source = None
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=TextDatesLoader)  # noqa: S506
    except FileNotFoundError:
        return [], None, source, [Problem(name, "file", "does not exist")]
    except UnicodeDecodeError:
        return [], None, source, [Problem(name, "file", "is not valid UTF-8 text")]
    except yaml.YAMLError as error:
        return [], None, source, [Problem(name, "file", f"is not valid YAML: {error}")]
    review, problems = None, []
    if isinstance(data, dict):
        review, source, problems = _review(name, data, translated)
        data = data.get("entries")
    elif translated:
        problems = [Problem(name, "file", "must be a mapping that names its source")]
    if not isinstance(data, list) or not data:
        message = f"must hold a list of entries with {kind.heading} and {kind.body}"
        return [], review, source, [*problems, Problem(name, "entries", message)]
    return data, review, source, problems


def _review(name: str, data: dict, translated: bool):
    """The file's review fields, checked as an article's are (dates read as text, so a bad one
    is reported by its field); and a translation's source and its revision."""
    check = FieldChecker(name, data)
    required = REVIEW_FIELDS + (TRANSLATED if translated else ())
    for key in sorted(set(data) - {*required, "entries"}):
        check.error(key, "is not a known field (typo?)")
    for key in required:
        if key not in data:
            check.error(key, "is required")
    reviewer = check.text("reviewed_by", 80)
    if reviewer and PERSONAL_TITLE.search(reviewer):
        check.error("reviewed_by", "must be a role such as 'Clinical team', not a person")
    last, after = (check.date(key) if key in data else None for key in REVIEW_FIELDS[:2])
    if last and after and after <= last:
        check.error("next_review", "must be after last_reviewed")
    source = check_source(check) if translated else None
    if check.problems:
        return None, None, check.problems
    return Review(last, after, reviewer), source, []


def _entry(name: str, number: int, item, kind: _Kind, slugs, problems: list) -> Entry | None:
    where = f"entry {number}"
    if not isinstance(item, dict):
        problems.append(Problem(name, where, "must be a mapping"))
        return None
    heading, body, article = item.get(kind.heading), item.get(kind.body), item.get("article")
    if not isinstance(heading, str) or not heading.strip():
        problems.append(Problem(name, f"{where}.{kind.heading}", "must be non-empty text"))
        return None
    if not isinstance(body, str) or not body.strip():
        problems.append(Problem(name, f"{where}.{kind.body}", "must be non-empty text"))
        return None
    if article is None and kind.article_required:
        message = "is required (the article that goes deeper)"
        problems.append(Problem(name, f"{where}.article", message))
    elif article is not None and article not in slugs:
        message = f"{article!r} is not a published article"
        problems.append(Problem(name, f"{where}.article", message))
    unknown = set(item) - {kind.heading, kind.body, "article"}
    if unknown:
        problems.append(Problem(name, where, f"unknown keys: {', '.join(sorted(unknown))}"))
    rendered = render_markdown(body)
    anchor = slugify(heading)[:60] or f"entry-{number}"
    text = " ".join(rendered.html.split())
    return Entry(anchor, heading.strip(), rendered.html, text, article, rendered.site_links, number)


def _load(path: Path, kind: _Kind, slugs, folder: str, translated: bool):
    """(entries, review, source, problems); `folder` names the file in messages ("fr/")."""
    name = folder + path.name
    data, review, source, problems = _read(path, kind, name, translated)
    entries, seen = [], set()
    for number, item in enumerate(data, start=1):
        entry = _entry(name, number, item, kind, slugs, problems)
        if entry is None:
            continue
        if entry.id in seen:
            message = f"duplicates {entry.heading!r}"
            problems.append(Problem(name, f"entry {number}.{kind.heading}", message))
        seen.add(entry.id)
        entries.append(entry)
    return entries, review, source, problems


def load_faq(root: Path, slugs, *, folder: str = "", translated: bool = False):
    return _load(root / "faq.yml", FAQ, slugs, folder, translated)


def load_glossary(root: Path, slugs, *, folder: str = "", translated: bool = False):
    return _load(root / "glossary.yml", GLOSSARY, slugs, folder, translated)
