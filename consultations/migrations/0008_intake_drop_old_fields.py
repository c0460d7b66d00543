from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("consultations", "0007_intake_carry_over")]

    operations = [
        migrations.RemoveField(
            model_name="consultationrequest",
            name="clinic_email_error",
        ),
        migrations.RemoveField(
            model_name="consultationrequest",
            name="clinic_email_status",
        ),
        migrations.RemoveField(
            model_name="consultationrequest",
            name="emails_attempted_at",
        ),
        migrations.RemoveField(
            model_name="consultationrequest",
            name="is_urgent",
        ),
        migrations.RemoveField(
            model_name="consultationrequest",
            name="patient_email_error",
        ),
        migrations.RemoveField(
            model_name="consultationrequest",
            name="patient_email_status",
        ),
        migrations.DeleteModel(
            name="StatusChange",
        ),
    ]
