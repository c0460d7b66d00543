from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultation requests"

    def ready(self):
        from consultations import staff_audit

        staff_audit.connect()
