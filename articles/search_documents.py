"""The library's part of what search looks through, read in this one place: its published
articles, its FAQ questions and its glossary terms, each cut into sections that link to their ids.
Read in the library's language (articles.search builds each index in it), as its pages are.
"""

from django.urls import reverse
from django.utils.translation import gettext

from articles.search_html import Section, sections_of
from articles.search_index import Document


def library_documents(library) -> list[Document]:
    faq_url, glossary_url = reverse("articles:faq"), reverse("articles:glossary")
    return [
        *(article_document(a) for a in library.published),
        *(entry_document(e, faq_url, gettext("Question")) for e in library.faq),
        *(entry_document(e, glossary_url, gettext("Glossary")) for e in library.glossary),
    ]


def article_document(article) -> Document:
    minutes = gettext("%(minutes)s min read") % {"minutes": article.reading_minutes}
    meta = f"{article.topic.name} · {minutes}"
    found = sections_of(article.html)
    return Document(article.get_absolute_url(), article.title, gettext("Article"), meta,
                    article.summary, tuple(article.tags), found.sections)  # fmt: skip


def entry_document(entry, page_url: str, kind: str) -> Document:
    """A FAQ question or a glossary term: its own result, linking to its id on the page."""
    found = sections_of(entry.html)
    passages = [p for section in found.sections for p in section.passages]
    body = (Section("", "", passages),) if passages else ()
    return Document(f"{page_url}#{entry.id}", entry.heading, kind, "", "", (), body)
