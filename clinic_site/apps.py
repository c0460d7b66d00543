from django.apps import AppConfig
from django.core import checks

from clinic_site import checks as clinic_checks


class ClinicSiteConfig(AppConfig):
    name = "clinic_site"
    verbose_name = "Clinic site"

    def ready(self):
        checks.register(clinic_checks.check_profile, "content")
        checks.register(
            clinic_checks.check_profile_is_the_clinics_own, checks.Tags.security, deploy=True
        )
