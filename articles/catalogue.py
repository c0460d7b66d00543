"""The in-memory library: articles by slug and by topic, related articles, and search."""

from articles.search import SearchIndex
from articles.topics import TOPICS


class Library:
    def __init__(
        self, articles: dict, *, faq=(), glossary=(), problems=(), fingerprint="",
        include_drafts=False,
    ):  # fmt: skip
        self.fingerprint = fingerprint
        self.problems = tuple(problems)
        self.faq, self.glossary = tuple(faq), tuple(glossary)
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
        self.index = SearchIndex(self.published)

    def get(self, slug: str):
        return self._viewable.get(slug)

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

    def search(self, query: str):
        return self.index.search(query)

    @property
    def last_modified(self):
        return newest_change(self.published)


def newest_change(articles):
    """The latest date on which any of `articles` changed, or None when there are none."""
    return max((article.changed for article in articles), default=None)
