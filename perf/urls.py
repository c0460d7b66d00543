"""The site's URLs plus the framework floor: the cheapest response Django can give through
the site's own middleware, which every page's speed is measured against."""

from django.http import HttpResponse
from django.urls import path

from clinic_site.urls import handler500  # noqa: F401  (the site's own 500 page)
from clinic_site.urls import urlpatterns as site_urlpatterns
from perf import FLOOR_PATH


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH, ok, name="floor"), *site_urlpatterns]
