"""The sitemap: every page in every language it exists in, each with its alternates (hreflang),
as search engines ask of a site in two languages."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from articles.library import get_content, newest_change
from clinic_site.locales import locale, reverse_in

LANGUAGES = [code for code, _ in settings.LANGUAGES]


@dataclass(frozen=True)
class Page:
    """One page in one language, and its path in each language it exists in."""

    language: str
    paths: dict
    lastmod: datetime.date | None

    @property
    def path(self) -> str:
        return self.paths[self.language]


class BilingualSitemap(Sitemap):
    changefreq = "monthly"

    def location(self, item: Page) -> str:
        return item.path

    def lastmod(self, item: Page):
        return item.lastmod

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            item = url["item"]
            origin = url["location"].removesuffix(item.path)
            alternates = [
                {"location": origin + path, "lang_code": locale(code)}
                for code, path in item.paths.items()
            ]
            if len(alternates) > 1 and settings.LANGUAGE_CODE in item.paths:
                default = origin + item.paths[settings.LANGUAGE_CODE]
                alternates.append({"location": default, "lang_code": "x-default"})
            url["alternates"] = alternates
        return urls


class ArticleSitemap(BilingualSitemap):
    priority = 0.8

    def items(self):
        content = get_content()
        pages = []
        for language in LANGUAGES:
            for article in content.library(language).published:
                paths = {language: article.get_absolute_url()}
                if (other := content.counterpart(article)) is not None:
                    paths[other.language] = other.get_absolute_url()
                pages.append(Page(language, paths, article.changed))
        return pages


class TopicSitemap(BilingualSitemap):
    priority = 0.6

    def items(self):
        content = get_content()
        listed = {code: dict(content.library(code).topics()) for code in LANGUAGES}
        pages = []
        for language in LANGUAGES:
            for topic, articles in listed[language].items():
                paths = {
                    code: reverse_in(code, "articles:topic", topic.slug)
                    for code in LANGUAGES
                    if topic in listed[code]
                }
                pages.append(Page(language, paths, newest_change(articles)))
        return pages


class PageSitemap(BilingualSitemap):
    """The site's fixed pages, in both languages; they change with the library or a policy
    revision."""

    priority = 0.5
    names = [
        "home",
        "articles:list",
        "get_help_now",
        "our_clinic",
        "about",
        "privacy",
        "accessibility",
        "consultations:request",
    ]

    def items(self):
        content = get_content()
        pages = []
        for language in LANGUAGES:
            # With no articles in a language yet, its pages changed when the English ones did.
            changed = content.library(language).last_modified or content.library("en").last_modified
            for name in self.names:
                paths = {code: reverse_in(code, name) for code in LANGUAGES}
                pages.append(Page(language, paths, changed))
        return pages
