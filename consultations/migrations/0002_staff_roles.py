"""The two staff roles. An administrator puts each staff user in one of them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INTAKE_COORDINATOR = "Intake coordinator"
CLINIC_MANAGER = "Clinic manager"

COORDINATOR_PERMISSIONS = [
    "view_consultationrequest",
    "change_consultationrequest",
    "view_staffnote",
    "add_staffnote",
    "view_statuschange",
    "view_staffaccess",
]
MANAGER_PERMISSIONS = [
    *COORDINATOR_PERMISSIONS,
    "delete_consultationrequest",
    "export_consultationrequest",
]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations run; create them now so the groups
    # can hold them on a fresh database.
    app_config = apps.get_app_config("consultations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (
        (INTAKE_COORDINATOR, COORDINATOR_PERMISSIONS),
        (CLINIC_MANAGER, MANAGER_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="consultations", codename__in=codenames
        )
        if permissions.count() != len(codenames):
            raise RuntimeError(f"Missing permissions for the {name!r} role.")
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[INTAKE_COORDINATOR, CLINIC_MANAGER]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
