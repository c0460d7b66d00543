"""Loads `content/**/*.md` into frozen Article objects, validating every file.

Parsing, validation and rendering happen once per process; in DEBUG the library reloads when a
file changes. Views ask `get_library()` and never touch the disk.
"""

import datetime
import functools
import hashlib
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from frontmatter.default_handlers import YAMLHandler

from articles.rendering import CALLOUT_KINDS, Rendered, TocEntry, plain_text, render_markdown
from articles.topics import TOPICS, TOPICS_BY_SLUG, Topic

logger = logging.getLogger(__name__)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# A reviewer is a role ("Clinical team"), never an invented person: refuse titles and credentials.
PERSONAL_TITLE = re.compile(r"\b(dr|mr|mrs|ms|md|rn|np|phd|frcpc)\b\.?", re.IGNORECASE)
REQUIRED = ("title", "summary", "category", "tags", "published", "last_reviewed",
            "next_review", "reviewed_by", "references")  # fmt: skip
OPTIONAL = ("draft", "slug")
WORDS_PER_MINUTE = 200


class _TextDatesLoader(yaml.CSafeLoader):
    """YAML without implicit timestamps: dates stay text, so a bad one is reported by field.
    (libyaml's parser; the resolvers, changed below, are Python's.)"""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Handler(YAMLHandler):
    def load(self, fm, **kwargs):
        return yaml.load(fm, Loader=_TextDatesLoader)  # noqa: S506 (a CSafeLoader subclass)


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


@dataclass(frozen=True)
class Article:
    slug: str
    path: str
    title: str
    summary: str
    topic: Topic
    tags: tuple[str, ...]
    published: datetime.date
    last_reviewed: datetime.date
    next_review: datetime.date
    reviewed_by: str
    references: tuple[Reference, ...]
    draft: bool
    html: str
    toc: tuple[TocEntry, ...]
    text: str
    prose: str
    article_links: frozenset[str]
    site_links: frozenset[str]
    callout_kinds: frozenset[str]

    @functools.cached_property
    def words(self) -> int:
        return len(re.findall(r"\b[\w'’-]+\b", self.prose))

    @property
    def changed(self) -> datetime.date:
        """When the article last changed: its last review, or its publication if that is later."""
        return max(self.published, self.last_reviewed)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))

    def get_absolute_url(self) -> str:
        return f"/articles/{self.slug}/"


class _FileChecker:
    """Validates one parsed file, collecting problems that name the file and the field."""

    def __init__(self, name: str, meta: dict):
        self.name, self.meta, self.problems = name, meta, []

    def error(self, field_name: str, message: str):
        self.problems.append(Problem(self.name, field_name, message))

    def text(self, key: str, max_length: int) -> str:
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
        value = self.meta.get("tags")
        if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
            self.error("tags", "must be a list of words, such as [sessions, safety]")
            return ()
        return tuple(t.strip().lower() for t in value)

    def references(self) -> tuple[Reference, ...]:
        value = self.meta.get("references")
        if not isinstance(value, list) or not value:
            self.error("references", "must be a list of one or more citations")
            return ()
        found = []
        for number, item in enumerate(value, start=1):
            where = f"references[{number}]"
            if not isinstance(item, dict) or not isinstance(item.get("citation"), str):
                self.error(where, "must have a `citation` text")
                continue
            unknown = set(item) - {"citation", "url", "doi"}
            if unknown:
                self.error(where, f"unknown keys: {', '.join(sorted(unknown))}")
            url, doi = str(item.get("url") or ""), str(item.get("doi") or "")
            if url and not url.startswith("https://"):
                self.error(f"{where}.url", "must be an https:// address")
            if doi and not DOI.match(doi):
                self.error(f"{where}.doi", f"is not a DOI such as 10.1000/xyz (got {doi!r})")
            found.append(Reference(number, item["citation"].strip(), url, doi))
        return tuple(found)


def _parse(path: Path, root: Path) -> tuple[Article | None, list[Problem]]:
    name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"), handler=_Handler())
    except UnicodeDecodeError:
        return None, [Problem(name, "file", "is not valid UTF-8 text")]
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" (line {where.line + 1})" if where else ""
        return None, [Problem(name, "front matter", f"is not valid YAML{line}: {error}")]
    check = _FileChecker(name, post.metadata)
    if not post.metadata:
        check.error("front matter", "is missing: start the file with a --- YAML block ---")
        return None, check.problems
    for key in REQUIRED:
        if key not in post.metadata:
            check.error(key, "is required")
    for key in sorted(set(post.metadata) - set(REQUIRED) - set(OPTIONAL)):
        check.error(key, "is not a known field (typo?)")

    slug = path.stem
    if not SLUG.match(slug):
        check.error("slug", f"file name {slug!r} must be lower-case words joined by hyphens")
    if "slug" in post.metadata and post.metadata["slug"] != slug:
        check.error("slug", f"{post.metadata['slug']!r} does not match the file name {slug!r}")

    title = check.text("title", 120) if "title" in post.metadata else ""
    summary = check.text("summary", 300) if "summary" in post.metadata else ""
    reviewed_by = check.text("reviewed_by", 80) if "reviewed_by" in post.metadata else ""
    if reviewed_by and PERSONAL_TITLE.search(reviewed_by):
        check.error("reviewed_by", "must be a role such as 'Clinical team', not a person")
    topic = TOPICS_BY_SLUG.get(post.metadata.get("category"))
    if "category" in post.metadata and topic is None:
        known = ", ".join(t.slug for t in TOPICS)
        check.error(
            "category", f"unknown category {post.metadata['category']!r}; use one of {known}"
        )
    tags = check.tags() if "tags" in post.metadata else ()
    dates = {
        k: check.date(k)
        for k in ("published", "last_reviewed", "next_review")
        if k in post.metadata
    }
    if dates.get("last_reviewed") and dates.get("next_review"):
        if dates["next_review"] <= dates["last_reviewed"]:
            check.error("next_review", "must be after last_reviewed")
    references = check.references() if "references" in post.metadata else ()
    draft = post.metadata.get("draft", False)
    if not isinstance(draft, bool):
        check.error("draft", "must be true or false")

    rendered = render_markdown(post.content)
    _check_body(check, rendered, len(references))
    if check.problems:
        return None, check.problems
    article = Article(
        slug=slug, path=name, title=title, summary=summary, topic=topic, tags=tags,
        published=dates["published"], last_reviewed=dates["last_reviewed"],
        next_review=dates["next_review"], reviewed_by=reviewed_by, references=references,
        draft=draft, html=rendered.html, toc=rendered.toc,
        text=plain_text(rendered.html), prose=plain_text(rendered.html, tables=False),
        article_links=rendered.article_links, site_links=rendered.site_links,
        callout_kinds=rendered.callout_kinds,
    )  # fmt: skip
    return article, []


def _check_body(check: _FileChecker, rendered: Rendered, reference_count: int):
    if not rendered.html.strip():
        check.error("body", "is empty")
    if 1 in rendered.heading_levels:
        check.error("body", "must not contain a level-1 heading (#): the page adds the title")
    for number in sorted(rendered.citations):
        if not 1 <= number <= reference_count:
            check.error("body", f"cites [@{number}] but there are {reference_count} references")
    for kind in sorted(rendered.callout_kinds - CALLOUT_KINDS):
        check.error("body", f"unknown callout kind {kind!r}; use one of {sorted(CALLOUT_KINDS)}")


@dataclass
class LoadResult:
    articles: dict[str, Article] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    faq: list = field(default_factory=list)
    glossary: list = field(default_factory=list)


def load(root: Path) -> LoadResult:
    """Parse and validate every article under `root`, including links between them."""
    result = LoadResult()
    if not root.is_dir():
        result.problems.append(Problem(str(root), "content folder", "does not exist"))
        return result
    for path in sorted(root.rglob("*.md")):
        article, problems = _parse(path, root)
        result.problems.extend(problems)
        if article is None:
            continue
        if article.slug in result.articles:
            first = result.articles[article.slug].path
            result.problems.append(
                Problem(article.path, "slug", f"duplicate slug {article.slug!r} (also {first})")
            )
            continue
        result.articles[article.slug] = article
    _check_links(result)
    _load_guides(root, result)
    today = timezone.localdate()
    for article in result.articles.values():
        if article.next_review < today:
            result.problems.append(Problem(article.path, "next_review",
                f"review was due on {article.next_review:%Y-%m-%d}", level="warning"))  # fmt: skip
    return result


def _load_guides(root: Path, result: LoadResult):
    from articles.guides import load_faq, load_glossary

    slugs = {slug for slug, article in result.articles.items() if not article.draft}
    result.faq, faq_problems = load_faq(root, slugs)
    result.glossary, glossary_problems = load_glossary(root, slugs)
    result.problems.extend(faq_problems + glossary_problems)


def unknown_site_paths(paths) -> list[str]:
    """The internal paths among `paths` that no URL of this site answers."""
    missing = []
    for path in sorted(paths):
        try:
            resolve(path)
        except Resolver404:
            missing.append(path)
    return missing


def _check_links(result: LoadResult):
    for article in list(result.articles.values()):
        for slug in sorted(article.article_links):
            target = result.articles.get(slug)
            if target is None:
                result.problems.append(
                    Problem(
                        article.path, "body", f"links to article {slug!r}, which does not exist"
                    )
                )
            elif target.draft and not article.draft:
                result.problems.append(
                    Problem(article.path, "body", f"links to {slug!r}, which is a draft")
                )
        for path in unknown_site_paths(article.site_links):
            result.problems.append(
                Problem(article.path, "body", f"links to {path}, which is not a page of this site")
            )


def fingerprint(root: Path) -> str:
    """Changes whenever an article file is added, removed or edited."""
    digest = hashlib.sha256()
    files = [*root.rglob("*.md"), *root.glob("*.yml")] if root.is_dir() else []
    for path in sorted(files):
        stat = path.stat()
        digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


_lock = threading.Lock()
_cache: dict[str, object] = {}


def get_library():
    """The process-wide Library; in DEBUG it reloads when a content file changes."""
    from articles.catalogue import Library

    root = Path(settings.ARTICLES_CONTENT_DIR)
    key = str(root)
    cached = _cache.get(key)
    if cached is not None and not settings.DEBUG:
        return cached
    stamp = fingerprint(root) if settings.DEBUG else ""
    if cached is not None and cached.fingerprint == stamp:
        return cached
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached.fingerprint != stamp:
            result = load(root)
            for problem in result.problems:
                log = logger.warning if problem.level == "warning" else logger.error
                log("Article content: %s", problem)
            cached = Library(
                result.articles,
                faq=result.faq,
                glossary=result.glossary,
                problems=result.problems,
                fingerprint=stamp,
                include_drafts=settings.DEBUG,
            )
            _cache.clear()
            _cache[key] = cached
    return cached


def reset_library_cache():
    _cache.clear()
