"""The in-memory collection the views read: articles by slug and by topic, links between them,
the FAQ and the glossary, one `Library` per language; and `get_content()`, the process-wide
`Content` that holds both with the pairing between them (the search index is kept beside each
library, by `articles.search`).

The content is loaded (by `articles.loader`) once per process; in DEBUG it is loaded again when
a content file changes. Views ask `get_library()` (the library of the page's language) and never
touch the disk.
"""

import hashlib
import logging
import threading
from pathlib import Path

from django.conf import settings

from articles.loader import TRANSLATIONS, Article, load
from articles.topics import TOPICS
from articles.translations import Pairing, pair
from clinic_site.locales import current

logger = logging.getLogger(__name__)


def newest_change(articles):
    """The latest date on which any of `articles` changed, or None when there are none."""
    return max((article.changed for article in articles), default=None)


class Library:
    def __init__(
        self, articles: dict[str, Article], *, faq=(), glossary=(), problems=(), fingerprint="",
        include_drafts=False, root="", faq_review=None, glossary_review=None, language="en",
        faq_source=None, glossary_source=None,
    ):  # fmt: skip
        self.root, self.fingerprint, self.language = root, fingerprint, language
        # A translation's FAQ and glossary name their English source: (file, revision).
        self.faq_source, self.glossary_source = faq_source, glossary_source
        self.problems = tuple(problems)
        self.faq, self.glossary = tuple(faq), tuple(glossary)
        # When each was last reviewed and is next due (a `Review`), or None if its file says not.
        self.faq_review, self.glossary_review = faq_review, glossary_review
        self._all = dict(articles)
        # Drafts can be previewed by URL in DEBUG, but never appear in lists, search or feeds.
        self._viewable = {s: a for s, a in articles.items() if include_drafts or not a.draft}
        self.published = tuple(
            sorted((a for a in articles.values() if not a.draft), key=lambda a: a.title)
        )
        self.by_topic = {
            topic: tuple(a for a in self.published if a.topic == topic) for topic in TOPICS
        }
        self._links_in = {a.slug: [] for a in self.published}
        for article in self.published:
            for slug in article.article_links:
                if slug in self._links_in:
                    self._links_in[slug].append(article.slug)

    def file_name(self, name: str) -> str:
        """One of its files as problems name it: faq.yml, or a translation's fr/faq.yml."""
        return name if self.language == settings.LANGUAGE_CODE else f"{self.language}/{name}"

    @property
    def every_article(self) -> tuple[Article, ...]:
        """Published articles and drafts, for checks."""
        return tuple(self._all.values())

    def get(self, slug: str) -> Article | None:
        """A published article (or, in DEBUG, a draft too)."""
        return self._viewable.get(slug)

    def draft(self, slug: str) -> Article | None:
        """A draft, for a staff member's preview."""
        article = self._all.get(slug)
        return article if article is not None and article.draft else None

    def topics(self):
        """Topics that have at least one published article, in display order."""
        return [(topic, articles) for topic, articles in self.by_topic.items() if articles]

    def links_in(self, slug: str) -> list[str]:
        return self._links_in.get(slug, [])

    def related(self, article, limit: int = 4):
        """Articles this one links to, then ones that link to it, then the rest of its topic."""
        order = [*sorted(article.article_links), *self.links_in(article.slug)]
        order += [a.slug for a in self.by_topic.get(article.topic, ())]
        found, seen = [], {article.slug}
        for slug in order:
            candidate = self._all.get(slug)
            if candidate and not candidate.draft and slug not in seen:
                seen.add(slug)
                found.append(candidate)
        return found[:limit]

    @property
    def last_modified(self):
        return newest_change(self.published)


def fingerprint(root: Path) -> str:
    """Changes whenever a content file (in any language) is added, removed or edited."""
    digest = hashlib.sha256()
    files = [*root.rglob("*.md"), *root.rglob("*.yml")] if root.is_dir() else []
    for path in sorted(files):
        stat = path.stat()
        digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


class Content:
    """Every language's library, and which article translates which."""

    def __init__(self, libraries: dict[str, Library], pairing: Pairing, *, root="", fingerprint=""):
        self.libraries, self.pairing = libraries, pairing
        self.root, self.fingerprint = root, fingerprint
        self.problems = tuple(p for library in libraries.values() for p in library.problems)
        self.problems += pairing.problems

    def library(self, language: str | None = None) -> Library:
        """The library of `language`, or of the active language; English for any other."""
        return self.libraries.get(current(language)) or self.libraries[settings.LANGUAGE_CODE]

    def counterpart(self, article: Article) -> Article | None:
        """The same article in the other language, if it is published there."""
        if article.language == "en":
            other = self.pairing.french_for.get(article.slug)
        else:
            other = self.pairing.english_for.get(article.slug)
        return other if other is not None and not other.draft else None

    def stale(self, article: Article) -> bool:
        """Whether `article` is a translation whose English source changed since."""
        return self.pairing.stale(article.path)


_lock = threading.Lock()
_content: Content | None = None


def _library(root: Path, language: str, stamp: str) -> Library:
    result = load(root, language)
    return Library(
        result.articles, faq=result.faq, glossary=result.glossary, problems=result.problems,
        faq_review=result.faq_review, glossary_review=result.glossary_review,
        fingerprint=stamp, include_drafts=settings.DEBUG, root=str(root), language=language,
        faq_source=result.faq_source, glossary_source=result.glossary_source,
    )  # fmt: skip


def _build(root: Path, stamp: str) -> Content:
    english = _library(root, "en", stamp)
    libraries = {"en": english}
    # A content folder without a translation serves that language's pages empty, unwarned.
    for language in TRANSLATIONS:
        folder = root / language
        if folder.is_dir():
            libraries[language] = _library(folder, language, stamp)
        else:
            libraries[language] = Library({}, root=str(folder), language=language)
    if (root / "fr").is_dir():
        pairing = pair(english, libraries["fr"], root)
    else:
        pairing = Pairing({}, {}, (), ())
    content = Content(libraries, pairing, root=str(root), fingerprint=stamp)
    for problem in content.problems:
        log = logger.warning if problem.level == "warning" else logger.error
        log("Article content: %s", problem)
    return content


def get_content() -> Content:
    """The process-wide Content; in DEBUG it reloads when a content file changes."""
    global _content
    root = str(settings.ARTICLES_CONTENT_DIR)
    current = _content
    if current is not None and current.root == root and not settings.DEBUG:
        return current
    stamp = fingerprint(Path(root)) if settings.DEBUG else ""
    if current is not None and current.root == root and current.fingerprint == stamp:
        return current
    with _lock:
        current = _content
        if current is None or current.root != root or current.fingerprint != stamp:
            current = _content = _build(Path(root), stamp)
    return current


def get_library(language: str | None = None) -> Library:
    """The library of `language`, or of the page's language (the active one)."""
    return get_content().library(language)


def reset_library_cache():
    global _content
    _content = None
