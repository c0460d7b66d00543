import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from articles.library import get_library


def _midday(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


class ArticleFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("articles:list")

    def title(self):
        return f"{settings.CLINIC_NAME}: articles on ketamine therapy"

    def subtitle(self):
        return "New and updated articles, reviewed by our clinical team."

    def items(self):
        library = get_library()
        return sorted(library.published, key=lambda a: a.changed, reverse=True)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return _midday(item.published)

    def item_updateddate(self, item):
        return _midday(item.changed)

    def item_categories(self, item):
        return [item.topic.name]
