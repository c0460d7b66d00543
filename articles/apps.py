from django.apps import AppConfig

from articles import checks  # noqa: F401  (registers the content check)


class ArticlesConfig(AppConfig):
    name = "articles"
