import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from articles.library import get_library


def _midday(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


class ArticleFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("articles:list")

    def title(self):
        return gettext("%(clinic)s: articles on ketamine therapy") % {
            "clinic": settings.CLINIC_NAME
        }

    def subtitle(self):
        return gettext("New and updated articles, reviewed by our clinical team.")

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
        return [str(item.topic.name)]  # the topic's name is a lazy translation
