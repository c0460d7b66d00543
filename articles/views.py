"""The article pages. Each reads the library and nothing else; the page cache keeps the result."""

from django.contrib import admin
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from articles.library import get_content, get_library, newest_change
from articles.search import search_site
from articles.search_pages import site_documents
from articles.structured_data import faq_page, medical_web_page
from articles.topics import TOPICS_BY_SLUG
from clinic_site.page_cache import rendered_once


def _library(content):
    """The library of the page's language, for the page cache's dates."""
    return content.library()


@rendered_once(get_content, last_modified=lambda content: _library(content).last_modified)
def article_list(request):
    return render(request, "articles/list.html", {"topics": get_library().topics()})


@rendered_once(
    get_content,
    last_modified=lambda content, slug: newest_change(
        _library(content).by_topic[TOPICS_BY_SLUG[slug]]
    ),
)
def topic_detail(request, slug):
    topic = TOPICS_BY_SLUG.get(slug)
    library = get_library()
    if topic is None or not library.by_topic[topic]:
        raise Http404("No such topic")
    others = [t for t, _ in library.topics() if t != topic]
    context = {"topic": topic, "articles": library.by_topic[topic], "other_topics": others}
    return render(request, "articles/topic.html", context)


def _article_page(request, library, article):
    content = get_content()
    counterpart = content.counterpart(article)
    # The switcher and hreflang links name the same article in the other language, if it has one.
    request.alternates = {article.language: article.get_absolute_url()}
    if counterpart is not None:
        request.alternates[counterpart.language] = counterpart.get_absolute_url()
    context = {
        "article": article,
        "related": library.related(article),
        "structured_data": medical_web_page(article, request.build_absolute_uri(request.path)),
        # A translation whose English changed since: the page says so and links to the English.
        "newer_source": counterpart if content.stale(article) else None,
    }
    return render(request, "articles/detail.html", context)


# The content review desk's permission (reviews/migrations/0002: the Clinical reviewer role and
# clinic managers). Named, not imported: the articles app depends on nothing of the desk.
PREVIEW_PERMISSION = "reviews.view_review_desk"


def can_preview_drafts(request) -> bool:
    """Whoever may open the content review desk may preview a draft: signed in to the staff
    admin with both factors, and holding the desk's permission."""
    return admin.site.has_permission(request) and request.user.has_perm(PREVIEW_PERMISSION)


def draft_preview(request, library, slug):
    """A draft at its own URL, for staff only; never stored by any cache, never indexed."""
    article = library.draft(slug)
    if article is None or not can_preview_drafts(request):
        raise Http404("No such article")
    response = _article_page(request, library, article)
    add_never_cache_headers(response)  # private, no-store
    patch_vary_headers(response, ["Cookie"])
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@rendered_once(get_content, last_modified=lambda content, slug: _library(content).get(slug).changed)
def article_detail(request, slug):
    library = get_library()
    article = library.get(slug)
    if article is None:
        return draft_preview(request, library, slug)
    return _article_page(request, library, article)


@rendered_once(get_content, query=lambda request: request.GET.get("q", ""))
def search(request):
    library = get_library()
    outcome = search_site(library, request.GET.get("q", ""), site_pages=site_documents)
    context = {"outcome": outcome, "query": outcome.query, "topics": library.topics()}
    return render(request, "articles/search.html", context)


def _reviewed(review):
    return review.last_reviewed if review else None


@rendered_once(get_content, last_modified=lambda content: _reviewed(_library(content).faq_review))
def faq(request):
    library = get_library()
    context = {
        "entries": library.faq, "structured_data": faq_page(library.faq),
        "review": library.faq_review,
    }  # fmt: skip
    return render(request, "articles/faq.html", context)


@rendered_once(
    get_content, last_modified=lambda content: _reviewed(_library(content).glossary_review)
)
def glossary(request):
    library = get_library()
    context = {"entries": library.glossary, "review": library.glossary_review}
    return render(request, "articles/glossary.html", context)
