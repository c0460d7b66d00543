from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("articles/", views.article_list, name="list"),
    path("articles/topic/<slug:slug>/", views.topic_detail, name="topic"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("search/", views.search, name="search"),
    path("faq/", views.faq, name="faq"),
    path("glossary/", views.glossary, name="glossary"),
]
