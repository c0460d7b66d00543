from django.db import migrations
from django.db.models import Max


def carry_over(apps, schema_editor):
    """The urgent flag becomes the "urgent" risk level; the last reason for declining moves onto
    the request; each request's last activity is its latest status change (or its arrival); and
    the two email statuses become Email rows. An email still pending when the site moved to the
    task worker is marked failed, so staff see it and can send it again."""
    Request = apps.get_model("consultations", "ConsultationRequest")
    StatusChange = apps.get_model("consultations", "StatusChange")
    Email = apps.get_model("consultations", "Email")
    Request.objects.filter(is_urgent=True).update(risk="urgent")
    for item in Request.objects.all().iterator():
        changes = StatusChange.objects.filter(consultation_request_id=item.pk)
        item.last_activity_at = max(
            item.received_at, changes.aggregate(last=Max("changed_at"))["last"] or item.received_at
        )
        declined = changes.filter(to_status="declined").order_by("-changed_at", "-pk").first()
        item.decline_reason = declined.reason if declined and item.status == "declined" else ""
        item.save(update_fields=["last_activity_at", "decline_reason"])
        for kind, status, error in (
            ("acknowledgement", item.patient_email_status, item.patient_email_error),
            ("clinic_alert", item.clinic_email_status, item.clinic_email_error),
        ):
            if status == "skipped":
                continue
            state = "sent" if status == "sent" else "failed"
            if status == "pending":
                error = "Not sent before the move to the task worker"
            Email.objects.create(
                consultation_request_id=item.pk,
                kind=kind,
                state=state,
                error=error,
                last_attempt_at=item.emails_attempted_at,
                sent_at=item.emails_attempted_at if state == "sent" else None,
            )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0006_intake")]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
