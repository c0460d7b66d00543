from django.http import Http404
from django.shortcuts import render

from articles.catalogue import newest_change
from articles.finished import rendered_once
from articles.library import get_library
from articles.search import search_site
from articles.search_pages import site_documents
from articles.structured_data import faq_page, medical_web_page
from articles.topics import TOPICS_BY_SLUG


@rendered_once(last_modified=lambda library: library.last_modified)
def article_list(request):
    return render(request, "articles/list.html", {"topics": get_library().topics()})


@rendered_once(
    last_modified=lambda library, slug: newest_change(library.by_topic[TOPICS_BY_SLUG[slug]])
)
def topic_detail(request, slug):
    topic = TOPICS_BY_SLUG.get(slug)
    library = get_library()
    if topic is None or not library.by_topic[topic]:
        raise Http404("No such topic")
    others = [t for t, _ in library.topics() if t != topic]
    context = {"topic": topic, "articles": library.by_topic[topic], "other_topics": others}
    return render(request, "articles/topic.html", context)


@rendered_once(last_modified=lambda library, slug: library.get(slug).changed)
def article_detail(request, slug):
    library = get_library()
    article = library.get(slug)
    if article is None:
        raise Http404("No such article")
    context = {
        "article": article,
        "related": library.related(article),
        "structured_data": medical_web_page(article, request.build_absolute_uri(request.path)),
    }
    return render(request, "articles/detail.html", context)


@rendered_once(query=lambda request: request.GET.get("q", ""))
def search(request):
    library = get_library()
    outcome = search_site(library, request.GET.get("q", ""), site_pages=site_documents)
    context = {"outcome": outcome, "query": outcome.query, "topics": library.topics()}
    return render(request, "articles/search.html", context)


@rendered_once()
def faq(request):
    library = get_library()
    context = {"entries": library.faq, "structured_data": faq_page(library.faq)}
    return render(request, "articles/faq.html", context)


@rendered_once()
def glossary(request):
    return render(request, "articles/glossary.html", {"entries": get_library().glossary})
