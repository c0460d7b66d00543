"""The one place this app reads the content library: what the review desk lists, and whether a
slug is an article readers can answer about. Through `get_library()` and its public attributes
only (and `get_content()` for which translation is stale), so a change inside the articles app
touches these few lines."""

import datetime
from dataclasses import dataclass

from django.conf import settings

from articles.library import get_content, get_library
from clinic_site.locales import reverse_in


@dataclass(frozen=True)
class Page:
    """A page the clinical team reviews, as the content files describe it."""

    title: str
    url: str
    slug: str = ""  # articles only: what their feedback is counted under
    last_reviewed: datetime.date | None = None
    reviewed_by: str = ""
    next_review: datetime.date | None = None
    language: str = "en"
    stale: bool = False  # a translation whose English source changed since it was translated


def _article_page(article) -> Page:
    return Page(
        title=article.title,
        url=article.get_absolute_url(),
        slug=article.slug,
        last_reviewed=article.last_reviewed,
        reviewed_by=article.reviewed_by,
        next_review=article.next_review,
        language=article.language,
        stale=get_content().stale(article),
    )


def _whole_file_page(title: str, name: str, library, review, file: str) -> Page:
    """The FAQ or the glossary, reviewed as a whole (no dates when its file gives none)."""
    url = reverse_in(library.language, name)
    stale = get_content().pairing.stale(library.file_name(file))
    if review is None:
        return Page(title, url, language=library.language, stale=stale)
    return Page(
        title, url, last_reviewed=review.last_reviewed, reviewed_by=review.reviewed_by,
        next_review=review.next_review, language=library.language, stale=stale,
    )  # fmt: skip


def pages() -> list[Page]:
    """In each language: every published article, then the FAQ and the glossary."""
    found = []
    for language, _ in settings.LANGUAGES:
        library = get_library(language)
        if not library.published:
            continue  # no content in that language (yet)
        found += [
            *(_article_page(article) for article in library.published),
            _whole_file_page(
                f"Frequently asked questions ({_count(library.faq, 'question')})",
                "articles:faq",
                library,
                library.faq_review,
                "faq.yml",
            ),  # fmt: skip
            _whole_file_page(
                f"Glossary ({_count(library.glossary, 'term')})",
                "articles:glossary",
                library,
                library.glossary_review,
                "glossary.yml",
            ),  # fmt: skip
        ]
    return found


def _count(entries, noun: str) -> str:
    return f"{len(entries)} {noun}{'' if len(entries) == 1 else 's'}"


def article(slug: str) -> Page | None:
    """The article readers see at this slug (drafts too, where DEBUG shows them), or None."""
    found = get_library().get(slug)
    return _article_page(found) if found is not None else None
