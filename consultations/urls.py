from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("request/", views.request_form, name="request"),
    path("request/received/", views.request_received, name="received"),
]
