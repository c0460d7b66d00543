from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.library import get_library, newest_change


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return list(get_library().published)

    def lastmod(self, item):
        return item.changed


class TopicSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return [topic for topic, _ in get_library().topics()]

    def location(self, item):
        return reverse("articles:topic", args=[item.slug])

    def lastmod(self, item):
        return newest_change(get_library().by_topic[item])


class PageSitemap(Sitemap):
    """The site's fixed pages; they change with the library or a policy revision."""

    changefreq = "monthly"
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
        return self.names

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return get_library().last_modified
