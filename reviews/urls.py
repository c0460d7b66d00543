from django.urls import path

from reviews import views

app_name = "reviews"

# In both languages (clinic_site/urls.py); the review desk, in the staff admin, is not here.
urlpatterns = [
    path("articles/<slug:slug>/feedback/", views.feedback, name="feedback"),
]
