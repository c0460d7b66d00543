"""`manage.py check` (and start-up) validate every content file, and every link to a site page.

The loader checks the files on their own; only here are links to site pages (`/faq/`, …)
checked against the URLconf, so nothing before the views depends on it.
"""

from django.core.checks import Error, Tags, Warning, register
from django.urls import Resolver404, resolve

from articles.front_matter import Problem
from articles.library import Library, get_library


def unknown_site_paths(paths) -> list[str]:
    """The internal paths among `paths` that no URL of this site answers."""
    missing = []
    for path in sorted(paths):
        try:
            resolve(path)
        except Resolver404:
            missing.append(path)
    return missing


def link_problems(library: Library) -> list[Problem]:
    """Every link in an article, FAQ answer or glossary definition to a page that does not exist."""
    problems = []
    for article in library.every_article:
        for path in unknown_site_paths(article.site_links):
            message = f"links to {path}, which is not a page of this site"
            problems.append(Problem(article.path, "body", message))
    for name, entries, body in (("faq.yml", library.faq, "answer"),
                                ("glossary.yml", library.glossary, "definition")):  # fmt: skip
        for entry in entries:
            for path in unknown_site_paths(entry.site_links):
                message = f"links to {path}, not a page of this site"
                problems.append(Problem(name, f"entry {entry.number}.{body}", message))
    return problems


@register(Tags.compatibility, "content")
def check_articles(app_configs=None, **kwargs):
    # The library the site serves from, so start-up validates and renders the content once.
    library = get_library()
    messages = []
    for problem in [*library.problems, *link_problems(library)]:
        kind = Warning if problem.level == "warning" else Error
        code = "articles.W001" if problem.level == "warning" else "articles.E001"
        messages.append(kind(str(problem), id=code))
    return messages
