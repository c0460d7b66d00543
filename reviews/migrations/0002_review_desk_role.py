"""Who sees the content review desk: a new role for the clinical team, and clinic managers.

"Clinical reviewer" holds the desk's permission and nothing else, so a clinician who reviews
articles sees no consultation request; someone who does both is put in both groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CLINICAL_REVIEWER = "Clinical reviewer"
CLINIC_MANAGER = "Clinic manager"
CODENAME = "view_review_desk"


def grant_the_desk(apps, schema_editor):
    # Permissions are normally created after all migrations run; create this one now so the
    # groups can hold it on a fresh database.
    app_config = apps.get_app_config("reviews")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="reviews", codename=CODENAME)
    reviewer, _ = Group.objects.get_or_create(name=CLINICAL_REVIEWER)
    reviewer.permissions.set([permission])
    for manager in Group.objects.filter(name=CLINIC_MANAGER):
        manager.permissions.add(permission)


def take_it_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=CLINICAL_REVIEWER).delete()
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="reviews", codename=CODENAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("consultations", "0002_staff_roles"),  # the Clinic manager group
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_the_desk, take_it_back)]
