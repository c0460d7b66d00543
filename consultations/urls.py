from django.urls import path
from django.views.generic import TemplateView

app_name = "consultations"

# Replaced by the real form in the consultations work.
urlpatterns = [path("request/", TemplateView.as_view(template_name="404.html"), name="request")]
