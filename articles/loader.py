"""Content files → validated `Article` objects (and the FAQ and glossary), with every `Problem`.

The loader reads `content/`, checks each file's fields and body, checks links between articles,
and renders each body once. It knows nothing of the site's URLs beyond an article's own: links to
other pages are checked against the URLconf by `articles.checks`, not here.
"""

import datetime
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone, translation

from articles.faq_glossary import Review, load_faq, load_glossary
from articles.front_matter import (
    PERSONAL_TITLE,
    TRANSLATED,
    FieldChecker,
    Problem,
    Reference,
    check_source,
    read,
)  # fmt: skip
from articles.rendering import CALLOUT_KINDS, Rendered, TocEntry, plain_text, render_markdown
from articles.topics import TOPICS, TOPICS_BY_SLUG, Topic
from clinic_site.locales import reverse_in

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("title", "summary", "category", "tags", "published", "last_reviewed",
            "next_review", "reviewed_by", "references")  # fmt: skip
OPTIONAL = ("draft", "slug")
DATES = ("published", "last_reviewed", "next_review")
WORDS_PER_MINUTE = 200


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
    language: str = "en"
    source: str = ""  # a translation's English file ("side-effects.md"); "" for the English
    source_revision: str = ""

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
        """Its URL in its own language, whatever the language of the page that links to it."""
        return reverse_in(self.language, "articles:detail", slug=self.slug)


@dataclass
class LoadResult:
    articles: dict[str, Article] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    faq: list = field(default_factory=list)
    glossary: list = field(default_factory=list)
    faq_review: Review | None = None
    glossary_review: Review | None = None
    # A translation's FAQ and glossary name their English source too: (source, revision).
    faq_source: tuple[str, str] | None = None
    glossary_source: tuple[str, str] | None = None


def _check_fields(check: FieldChecker, slug: str, language: str) -> dict:
    meta = check.meta
    required = REQUIRED + (TRANSLATED if language != "en" else ())
    for key in required:
        if key not in meta:
            check.error(key, "is required")
    for key in sorted(set(meta) - set(required) - set(OPTIONAL)):
        check.error(key, "is not a known field (typo?)")
    if not SLUG.match(slug):
        check.error("slug", f"file name {slug!r} must be lower-case words joined by hyphens")
    if "slug" in meta and meta["slug"] != slug:
        check.error("slug", f"{meta['slug']!r} does not match the file name {slug!r}")
    fields = {key: check.text(key, limit) for key, limit in
              (("title", 120), ("summary", 300), ("reviewed_by", 80))}  # fmt: skip
    if fields["reviewed_by"] and PERSONAL_TITLE.search(fields["reviewed_by"]):
        check.error("reviewed_by", "must be a role such as 'Clinical team', not a person")
    fields["topic"] = TOPICS_BY_SLUG.get(meta.get("category"))
    if "category" in meta and fields["topic"] is None:
        known = ", ".join(t.slug for t in TOPICS)
        check.error("category", f"unknown category {meta['category']!r}; use one of {known}")
    fields["tags"] = check.tags()
    fields.update({key: check.date(key) for key in DATES if key in meta})
    if fields.get("last_reviewed") and fields.get("next_review"):
        if fields["next_review"] <= fields["last_reviewed"]:
            check.error("next_review", "must be after last_reviewed")
    fields["references"] = check.references()
    fields["draft"] = meta.get("draft", False)
    if not isinstance(fields["draft"], bool):
        check.error("draft", "must be true or false")
    if language != "en":
        fields["source"], fields["source_revision"] = check_source(check)
    fields["language"] = language
    return fields


def _check_body(check: FieldChecker, rendered: Rendered, reference_count: int):
    if not rendered.html.strip():
        check.error("body", "is empty")
    if 1 in rendered.heading_levels:
        check.error("body", "must not contain a level-1 heading (#): the page adds the title")
    for number in sorted(rendered.citations):
        if not 1 <= number <= reference_count:
            check.error("body", f"cites [@{number}] but there are {reference_count} references")
    for kind in sorted(rendered.callout_kinds - CALLOUT_KINDS):
        check.error("body", f"unknown callout kind {kind!r}; use one of {sorted(CALLOUT_KINDS)}")


def parse_article(
    path: Path, root: Path, language: str = "en"
) -> tuple[Article | None, list[Problem]]:
    name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
    meta, body, problems = read(path, name)
    if problems:
        return None, problems
    check = FieldChecker(name, meta)
    fields = _check_fields(check, path.stem, language)
    rendered = render_markdown(body)
    _check_body(check, rendered, len(fields["references"]))
    if check.problems:
        return None, check.problems
    article = Article(
        slug=path.stem, path=name, **fields, html=rendered.html, toc=rendered.toc,
        text=plain_text(rendered.html), prose=plain_text(rendered.html, tables=False),
        article_links=rendered.article_links, site_links=rendered.site_links,
        callout_kinds=rendered.callout_kinds,
    )  # fmt: skip
    return article, []


def _check_article_links(result: LoadResult):
    for article in list(result.articles.values()):
        for slug in sorted(article.article_links):
            target = result.articles.get(slug)
            if target is None:
                message = f"links to article {slug!r}, which does not exist"
            elif target.draft and not article.draft:
                message = f"links to {slug!r}, which is a draft"
            else:
                continue
            result.problems.append(Problem(article.path, "body", message))


def _warn_overdue_reviews(result: LoadResult, folder: str):
    today = timezone.localdate()
    whole_files = ((folder + "faq.yml", result.faq_review),
                   (folder + "glossary.yml", result.glossary_review))  # fmt: skip
    reviewed = [(article.path, article) for article in result.articles.values()]
    reviewed += [(name, review) for name, review in whole_files if review]
    for path, item in reviewed:
        if item.next_review < today:
            message = f"review was due on {item.next_review:%Y-%m-%d}"
            result.problems.append(Problem(path, "next_review", message, level="warning"))


# Folders of translations (content/fr/), each loaded as a library of its own: not English articles.
TRANSLATIONS = ("fr",)


def load(root: Path, language: str = "en") -> LoadResult:
    """Parse and validate every article under `root`, the links between them, the FAQ and the
    glossary: the English content, or (`language="fr"`, `root` content/fr/) a translation.
    Rendered in that language whichever is active, so links between articles stay in it."""
    with translation.override(language):
        return _load(root, language)


def _load(root: Path, language: str) -> LoadResult:
    result = LoadResult()
    if not root.is_dir():
        result.problems.append(Problem(str(root), "content folder", "does not exist"))
        return result
    folder = "" if language == "en" else f"{root.name}/"  # in messages: fr/faq.yml
    for path in sorted(root.rglob("*.md")):
        if language == "en" and path.relative_to(root).parts[0] in TRANSLATIONS:
            continue
        article, problems = parse_article(path, root, language)
        result.problems.extend(problems)
        if article is None:
            continue
        if article.slug in result.articles:
            first = result.articles[article.slug].path
            message = f"duplicate slug {article.slug!r} (also {first})"
            result.problems.append(Problem(article.path, "slug", message))
            continue
        result.articles[article.slug] = article
    _check_article_links(result)
    published = {slug for slug, article in result.articles.items() if not article.draft}
    translated = language != "en"
    faq, glossary = (
        load_faq(root, published, folder=folder, translated=translated),
        load_glossary(root, published, folder=folder, translated=translated),
    )
    result.faq, result.faq_review, result.faq_source, faq_problems = faq
    result.glossary, result.glossary_review, result.glossary_source, glossary_problems = glossary
    result.problems.extend(faq_problems + glossary_problems)
    _warn_overdue_reviews(result, folder)
    return result
