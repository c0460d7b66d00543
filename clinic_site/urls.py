from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.feeds import ArticleFeed
from articles.sitemaps import ArticleSitemap, PageSitemap, TopicSitemap
from clinic_site import views

sitemaps = {"pages": PageSitemap, "topics": TopicSitemap, "articles": ArticleSitemap}

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("articles.urls")),  # early: the most visited pages resolve first
    path("get-help-now/", views.page("pages/get_help_now.html"), name="get_help_now"),
    path("our-clinic/", views.our_clinic, name="our_clinic"),
    path("about/", views.page("pages/about.html"), name="about"),
    path("privacy/", views.page("pages/privacy.html"), name="privacy"),
    path("accessibility/", views.page("pages/accessibility.html"), name="accessibility"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("feed.xml", ArticleFeed(), name="feed"),
    path("consultations/", include("consultations.urls")),
    path("", include("reviews.urls")),  # before the admin: the review desk lives under its path
    path(settings.ADMIN_PATH, admin.site.urls),
]

handler500 = "clinic_site.views.server_error"
