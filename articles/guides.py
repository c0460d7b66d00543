"""The FAQ (`content/faq.yml`) and glossary (`content/glossary.yml`): loaded, checked, rendered."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.text import slugify

from articles.library import Problem, unknown_site_paths
from articles.rendering import render_markdown


@dataclass(frozen=True)
class Entry:
    """A question and answer, or a term and its definition."""

    id: str
    heading: str
    html: str
    text: str
    article: str | None


def _load(path: Path, heading_key: str, body_key: str, *, article_required: bool, slugs):
    name = path.name
    problems: list[Problem] = []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506
    except FileNotFoundError:
        return [], [Problem(name, "file", "does not exist")]
    except yaml.YAMLError as error:
        return [], [Problem(name, "file", f"is not valid YAML: {error}")]
    if not isinstance(data, list) or not data:
        return [], [
            Problem(name, "file", f"must be a list of entries with {heading_key} and {body_key}")
        ]
    entries, seen = [], set()
    for number, item in enumerate(data, start=1):
        where = f"entry {number}"
        if not isinstance(item, dict):
            problems.append(Problem(name, where, "must be a mapping"))
            continue
        heading, body, article = item.get(heading_key), item.get(body_key), item.get("article")
        if not isinstance(heading, str) or not heading.strip():
            problems.append(Problem(name, f"{where}.{heading_key}", "must be non-empty text"))
            continue
        if not isinstance(body, str) or not body.strip():
            problems.append(Problem(name, f"{where}.{body_key}", "must be non-empty text"))
            continue
        if article is None and article_required:
            problems.append(
                Problem(name, f"{where}.article", "is required (the article that goes deeper)")
            )
        elif article is not None and article not in slugs:
            problems.append(
                Problem(name, f"{where}.article", f"{article!r} is not a published article")
            )
        unknown = set(item) - {heading_key, body_key, "article"}
        if unknown:
            problems.append(Problem(name, where, f"unknown keys: {', '.join(sorted(unknown))}"))
        anchor = slugify(heading)[:60] or f"entry-{number}"
        if anchor in seen:
            problems.append(Problem(name, f"{where}.{heading_key}", f"duplicates {heading!r}"))
        seen.add(anchor)
        rendered = render_markdown(body)
        for missing in unknown_site_paths(rendered.site_links):
            problems.append(
                Problem(name, f"{where}.{body_key}", f"links to {missing}, not a page of this site")
            )
        text = " ".join(rendered.html.split())
        entries.append(Entry(anchor, heading.strip(), rendered.html, text, article))
    return entries, problems


def load_faq(root: Path, slugs):
    return _load(root / "faq.yml", "question", "answer", article_required=True, slugs=slugs)


def load_glossary(root: Path, slugs):
    return _load(root / "glossary.yml", "term", "definition", article_required=False, slugs=slugs)
