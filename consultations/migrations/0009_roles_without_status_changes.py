"""Status changes are no longer a model of their own (0008): take their permissions off the staff
roles and remove them, with the model's content type."""

from django.db import migrations


def forget_status_changes(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Deleting the content type deletes its permissions, and with them their place in each role.
    ContentType.objects.filter(app_label="consultations", model="statuschange").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0008_intake_drop_old_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forget_status_changes, migrations.RunPython.noop)]
