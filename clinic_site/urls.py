from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.feeds import ArticleFeed
from articles.sitemaps import ArticleSitemap, PageSitemap, TopicSitemap
from clinic_site import views
from reviews.views import review_desk

sitemaps = {"pages": PageSitemap, "topics": TopicSitemap, "articles": ArticleSitemap}

# Outside any language: the staff admin (in English), and files for machines.
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
]

# The public site: English at /…, French at /fr/… (the same names, the same views).
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("articles.urls")),  # early: the most visited pages resolve first
    path("get-help-now/", views.page("pages/get_help_now.html"), name="get_help_now"),
    path("our-clinic/", views.our_clinic, name="our_clinic"),
    path("about/", views.page("pages/about.html"), name="about"),
    path("privacy/", views.page("pages/privacy.html"), name="privacy"),
    path("accessibility/", views.page("pages/accessibility.html"), name="accessibility"),
    path("feed.xml", ArticleFeed(), name="feed"),
    path("consultations/", include("consultations.urls")),
    path("", include("reviews.urls")),
    prefix_default_language=False,
)

urlpatterns += [
    # In the staff admin, behind both factors like every admin page (admin_view); the view itself
    # asks for the desk's permission. Before the admin, which would answer its path with a 404.
    path(
        settings.ADMIN_PATH + "review-desk/", admin.site.admin_view(review_desk), name="review_desk"
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
]

handler500 = "clinic_site.views.server_error"
