"""`manage.py check` (and start-up) validate every content file in every language, and every
link to a site page; and warn of a translation that is stale or an article in one language only.

The loader checks the files on their own; only here are links to site pages (`/faq/`, …)
checked against the URLconf, so nothing before the views depends on it.
"""

from django.core.checks import Error, Tags, Warning, register
from django.urls import Resolver404, resolve
from django.utils import translation

from articles.front_matter import Problem
from articles.library import Library, get_content
from clinic_site.locales import of_path


def unknown_site_paths(paths) -> list[str]:
    """The internal paths among `paths` that no URL of this site answers."""
    missing = []
    for path in sorted(paths):
        # /fr/… resolves only while French is active, as it is when a visitor opens it.
        try:
            with translation.override(of_path(path)):
                resolve(path)
        except Resolver404:
            missing.append(path)
    return missing


def other_language_paths(paths, language: str) -> list[str]:
    """The paths among `paths` to a page in another language than `language`."""
    return sorted(path for path in paths if of_path(path) != language)


def link_problems(library: Library) -> list[Problem]:
    """Every link in an article, FAQ answer or glossary definition to a page that does not exist."""
    problems = []
    for article in library.every_article:
        for path in unknown_site_paths(article.site_links):
            message = f"links to {path}, which is not a page of this site"
            problems.append(Problem(article.path, "body", message))
        for path in other_language_paths(article.site_links, library.language):
            message = f"links to {path}, a page in another language"
            problems.append(Problem(article.path, "body", message, level="warning"))
    files = ((library.file_name("faq.yml"), library.faq, "answer"),
             (library.file_name("glossary.yml"), library.glossary, "definition"))  # fmt: skip
    for name, entries, body in files:
        for entry in entries:
            for path in unknown_site_paths(entry.site_links):
                message = f"links to {path}, not a page of this site"
                problems.append(Problem(name, f"entry {entry.number}.{body}", message))
    return problems


@register(Tags.compatibility, "content")
def check_articles(app_configs=None, **kwargs):
    # The content the site serves from, so start-up validates and renders it once.
    content = get_content()
    found = list(content.problems)
    for library in content.libraries.values():
        found += link_problems(library)
    messages = []
    for problem in found:
        kind = Warning if problem.level == "warning" else Error
        code = "articles.W001" if problem.level == "warning" else "articles.E001"
        messages.append(kind(str(problem), id=code))
    return messages
