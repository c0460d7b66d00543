from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("request/", views.request_form, name="request"),
    path("request/received/", views.request_received, name="received"),
    # The page the signed link in a patient's acknowledgement email opens.
    path("your-request/<str:token>/", views.your_request, name="your_request"),
    path("your-request/<str:token>/withdraw/", views.withdraw, name="withdraw"),
]
