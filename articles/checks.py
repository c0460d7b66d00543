"""`manage.py check` (and start-up) validate every article file."""

from django.core.checks import Error, Tags, Warning, register

from articles.library import get_library


@register(Tags.compatibility, "content")
def check_articles(app_configs=None, **kwargs):
    # The library the site serves from, so start-up validates and renders the content once.
    messages = []
    for problem in get_library().problems:
        kind = Warning if problem.level == "warning" else Error
        code = "articles.W001" if problem.level == "warning" else "articles.E001"
        messages.append(kind(f"{problem.path}: {problem.field}: {problem.message}", id=code))
    return messages
