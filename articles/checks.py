"""`manage.py check` (and start-up) validate every article file."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from articles import library


@register(Tags.compatibility, "content")
def check_articles(app_configs=None, **kwargs):
    result = library.load(Path(settings.ARTICLES_CONTENT_DIR))
    messages = []
    for problem in result.problems:
        kind = Warning if problem.level == "warning" else Error
        code = "articles.W001" if problem.level == "warning" else "articles.E001"
        messages.append(kind(f"{problem.path}: {problem.field}: {problem.message}", id=code))
    return messages
