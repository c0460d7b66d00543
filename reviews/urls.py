from django.conf import settings
from django.contrib import admin
from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("articles/<slug:slug>/feedback/", views.feedback, name="feedback"),
    # In the staff admin, behind both factors like every admin page (admin_view); the view itself
    # asks for the desk's permission.
    path(
        settings.ADMIN_PATH + "review-desk/", admin.site.admin_view(views.review_desk), name="desk"
    ),
]
