"""The French content beside the English it was translated from: which page is which, and which
translations are stale.

Each French file names its English `source` and that file's `source_revision` when it was
translated: the first characters of the SHA-256 of the English file's bytes. When the English
file changes, its revision no longer matches, and the translation is stale until someone brings
it up to date and writes the new revision (`manage.py content_report` prints the current ones).
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from articles.front_matter import Problem

REVISION_LENGTH = 12


def revision(path: Path) -> str:
    """The revision of an English file: what a translation of it records as `source_revision`."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:REVISION_LENGTH]


@dataclass(frozen=True)
class Translation:
    """One translated file (an article, the FAQ or the glossary) and the state of its source."""

    path: str  # as problems name it: fr/effets-secondaires.md
    source: str  # side-effects.md
    translated_from: str  # the source's revision when it was translated
    current: str | None  # the source's revision now, or None if the source does not exist

    @property
    def stale(self) -> bool:
        return self.current is not None and self.current != self.translated_from

    @property
    def status(self) -> str:
        if self.current is None:
            return "no source"
        return "stale" if self.stale else "current"


@dataclass(frozen=True)
class Pairing:
    """Articles matched across languages by the French file's `source`."""

    french_for: dict  # English slug → French Article
    english_for: dict  # French slug → English Article
    translations: tuple[Translation, ...]
    problems: tuple[Problem, ...]

    def stale(self, path: str) -> bool:
        return any(t.path == path and t.stale for t in self.translations)


def _source_revision(root: Path, source: str) -> str | None:
    path = root / source
    return revision(path) if source and path.is_file() else None


def pair(english, french, root: Path) -> Pairing:
    """Match the French library's articles (and FAQ and glossary) to the English ones under
    `root`. Problems are warnings: a stale or one-language page is still served. (A French
    article with no English twin is one whose `source` is missing or taken: said as such.)"""
    french_for, english_for, translations, problems = {}, {}, [], []
    by_file = {Path(a.path).name: a for a in english.every_article}
    for article in french.every_article:
        source = by_file.get(article.source)
        current = _source_revision(root, article.source) if source else None
        translations.append(
            Translation(article.path, article.source, article.source_revision, current)
        )
        if source is None:
            message = f"translates {article.source!r}, which is not an English article"
            problems.append(Problem(article.path, "source", message, level="warning"))
            continue
        if source.slug in french_for:
            first = french_for[source.slug].path
            message = f"translates {article.source!r}, as {first} does"
            problems.append(Problem(article.path, "source", message, level="warning"))
            continue
        french_for[source.slug], english_for[article.slug] = article, source
    for name, found in (("faq.yml", french.faq_source), ("glossary.yml", french.glossary_source)):
        if found:
            source, translated_from = found
            current = _source_revision(root, source)
            path = french.file_name(name)
            translations.append(Translation(path, source, translated_from, current))
    for item in translations:
        if item.stale:
            message = (
                f"is stale: {item.source} changed since it was translated "
                f"(revision {item.translated_from}, now {item.current})"
            )
            problems.append(Problem(item.path, "source_revision", message, level="warning"))
    for article in english.published:
        if article.slug not in french_for:
            message = "exists in English only: no French translation names it as its source"
            problems.append(Problem(article.path, "translation", message, level="warning"))
    return Pairing(french_for, english_for, tuple(translations), tuple(problems))
