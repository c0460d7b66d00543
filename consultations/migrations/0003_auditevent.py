"""The append-only audit log, filled with the access and status records kept so far.

On PostgreSQL a trigger refuses UPDATE and DELETE on the log, so not even raw SQL can rewrite
it. The one update it allows is the database's own SET NULL when a request is deleted: the
entry keeps the reference code as text, and nothing else may change.
"""

import django.db.models.deletion
import django.utils.timezone
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

CLINIC_MANAGER = "Clinic manager"

APPEND_ONLY_SQL = """
CREATE FUNCTION consultations_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.consultation_request_id IS NULL
        AND (to_jsonb(NEW) - 'consultation_request_id')
            = (to_jsonb(OLD) - 'consultation_request_id')
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER consultations_auditevent_append_only
    BEFORE UPDATE OR DELETE ON consultations_auditevent
    FOR EACH ROW EXECUTE FUNCTION consultations_auditevent_append_only();
"""

DROP_APPEND_ONLY_SQL = """
DROP TRIGGER IF EXISTS consultations_auditevent_append_only ON consultations_auditevent;
DROP FUNCTION IF EXISTS consultations_auditevent_append_only();
"""


def add_append_only_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL, params=None)


def drop_append_only_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY_SQL, params=None)


def copy_earlier_records(apps, schema_editor):
    """Staff access (viewed, exported) and staff status changes become audit events."""
    AuditEvent = apps.get_model("consultations", "AuditEvent")
    StaffAccess = apps.get_model("consultations", "StaffAccess")
    StatusChange = apps.get_model("consultations", "StatusChange")

    def actor(user):
        return user.username if user is not None else "unknown"

    events = [
        AuditEvent(
            at=access.at,
            actor=actor(access.user),
            actor_user_id=access.user_id,
            action=access.kind,  # "viewed" and "exported" are audit actions too
            reference=access.consultation_request.reference,
            consultation_request_id=access.consultation_request_id,
        )
        for access in StaffAccess.objects.select_related("user", "consultation_request")
    ]
    events += [
        AuditEvent(
            at=change.changed_at,
            actor=actor(change.changed_by),
            actor_user_id=change.changed_by_id,
            action="status_changed",
            detail=f"{change.from_status} → {change.to_status}",
            reference=change.consultation_request.reference,
            consultation_request_id=change.consultation_request_id,
        )
        for change in StatusChange.objects.filter(changed_by__isnull=False).select_related(
            "changed_by", "consultation_request"
        )
    ]
    AuditEvent.objects.bulk_create(events, batch_size=500)


def let_managers_read_the_log(apps, schema_editor):
    app_config = apps.get_app_config("consultations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_log = Permission.objects.get(
        content_type__app_label="consultations", codename="view_auditevent"
    )
    for group in Group.objects.filter(name=CLINIC_MANAGER):
        group.permissions.add(view_log)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="when"
                    ),
                ),
                ("actor", models.CharField(max_length=150, verbose_name="who")),
                (
                    "actor_user_id",
                    models.PositiveBigIntegerField(blank=True, null=True, verbose_name="user id"),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("viewed", "Viewed"),
                            ("changed", "Changed"),
                            ("status_changed", "Status changed"),
                            ("note_added", "Note added"),
                            ("exported", "Exported"),
                            ("deleted", "Deleted"),
                        ],
                        max_length=20,
                        verbose_name="what",
                    ),
                ),
                ("detail", models.CharField(blank=True, max_length=300)),
                ("reference", models.CharField(db_index=True, max_length=9)),
                (
                    "consultation_request",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="audit_events",
                        to="consultations.consultationrequest",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit event",
                "verbose_name_plural": "audit log",
                "ordering": ["-at", "-pk"],
            },
        ),
        migrations.RunPython(add_append_only_trigger, drop_append_only_trigger),
        migrations.RunPython(copy_earlier_records, migrations.RunPython.noop),
        migrations.RunPython(let_managers_read_the_log, migrations.RunPython.noop),
    ]
