"""The FAQ (`content/faq.yml`) and glossary (`content/glossary.yml`): loaded, checked, rendered.

Part of the loading stage: `articles.loader` calls `load_faq` and `load_glossary` with the slugs
of the published articles. Links to site pages are kept in `site_links` for `articles.checks`.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.text import slugify

from articles.front_matter import Problem
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
class _Kind:
    heading: str  # "question" or "term"
    body: str  # "answer" or "definition"
    article_required: bool


FAQ = _Kind("question", "answer", article_required=True)
GLOSSARY = _Kind("term", "definition", article_required=False)


def _read(path: Path, kind: _Kind) -> tuple[list, list[Problem]]:
    name = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506
    except FileNotFoundError:
        return [], [Problem(name, "file", "does not exist")]
    except yaml.YAMLError as error:
        return [], [Problem(name, "file", f"is not valid YAML: {error}")]
    if not isinstance(data, list) or not data:
        message = f"must be a list of entries with {kind.heading} and {kind.body}"
        return [], [Problem(name, "file", message)]
    return data, []


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


def _load(path: Path, kind: _Kind, slugs) -> tuple[list[Entry], list[Problem]]:
    data, problems = _read(path, kind)
    entries, seen = [], set()
    for number, item in enumerate(data, start=1):
        entry = _entry(path.name, number, item, kind, slugs, problems)
        if entry is None:
            continue
        if entry.id in seen:
            message = f"duplicates {entry.heading!r}"
            problems.append(Problem(path.name, f"entry {number}.{kind.heading}", message))
        seen.add(entry.id)
        entries.append(entry)
    return entries, problems


def load_faq(root: Path, slugs):
    return _load(root / "faq.yml", FAQ, slugs)


def load_glossary(root: Path, slugs):
    return _load(root / "glossary.yml", GLOSSARY, slugs)
