from django.urls import path

from consultations import appointment_views, views

app_name = "consultations"

urlpatterns = [
    path("request/", views.request_form, name="request"),
    path("request/received/", views.request_received, name="received"),
    # A clinician referring a patient.
    path("refer/", views.referral_form, name="refer"),
    path("refer/received/", views.referral_received, name="referral_received"),
    # The page the signed link in a patient's acknowledgement email opens.
    path("your-request/<str:token>/", views.your_request, name="your_request"),
    path("your-request/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "your-request/<str:token>/appointment/",
        appointment_views.your_appointment,
        name="your_appointment",
    ),
]
