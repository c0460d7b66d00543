"""Staff access records now live in the audit log (copied by 0003)."""

from django.db import migrations


def forget_staff_access_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="consultations", content_type__model="staffaccess"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("consultations", "0003_auditevent")]

    operations = [
        migrations.DeleteModel(name="StaffAccess"),
        migrations.RunPython(forget_staff_access_permissions, migrations.RunPython.noop),
    ]
