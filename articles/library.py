"""The in-memory collection the views read: articles by slug and by topic, links between them,
the FAQ and the glossary; and `get_library()`, the process-wide copy (the search index is kept
beside each library, by `articles.search`).

The content is loaded (by `articles.loader`) once per process; in DEBUG it is loaded again when
a content file changes. Views ask `get_library()` and never touch the disk.
"""

import hashlib
import logging
import threading
from pathlib import Path

from django.conf import settings

from articles.loader import Article, load
from articles.topics import TOPICS

logger = logging.getLogger(__name__)


def newest_change(articles):
    """The latest date on which any of `articles` changed, or None when there are none."""
    return max((article.changed for article in articles), default=None)


class Library:
    def __init__(
        self, articles: dict[str, Article], *, faq=(), glossary=(), problems=(), fingerprint="",
        include_drafts=False, root="", faq_review=None, glossary_review=None,
    ):  # fmt: skip
        self.root, self.fingerprint = root, fingerprint
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
    """Changes whenever an article file is added, removed or edited."""
    digest = hashlib.sha256()
    files = [*root.rglob("*.md"), *root.glob("*.yml")] if root.is_dir() else []
    for path in sorted(files):
        stat = path.stat()
        digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


_lock = threading.Lock()
_library: Library | None = None


def _build(root: Path, stamp: str) -> Library:
    result = load(root)
    for problem in result.problems:
        log = logger.warning if problem.level == "warning" else logger.error
        log("Article content: %s", problem)
    return Library(
        result.articles, faq=result.faq, glossary=result.glossary, problems=result.problems,
        faq_review=result.faq_review, glossary_review=result.glossary_review,
        fingerprint=stamp, include_drafts=settings.DEBUG, root=str(root),
    )  # fmt: skip


def get_library() -> Library:
    """The process-wide Library; in DEBUG it reloads when a content file changes."""
    global _library
    root = str(settings.ARTICLES_CONTENT_DIR)
    current = _library
    if current is not None and current.root == root and not settings.DEBUG:
        return current
    stamp = fingerprint(Path(root)) if settings.DEBUG else ""
    if current is not None and current.root == root and current.fingerprint == stamp:
        return current
    with _lock:
        current = _library
        if current is None or current.root != root or current.fingerprint != stamp:
            current = _library = _build(Path(root), stamp)
    return current


def reset_library_cache():
    global _library
    _library = None
