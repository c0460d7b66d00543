"""The contact log (ContactAttempt), each request's finished_at (its waiting time stops there,
filled in from the audit log for requests already finished), and the log's permissions for
both staff roles: view and add, never change or delete."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import consultations.validators

FINISHED = ("closed", "declined", "spam", "withdrawn")
ROLES = ("Intake coordinator", "Clinic manager")
CONTACT_LOG_PERMISSIONS = ("view_contactattempt", "add_contactattempt")


def fill_in_finished_at(apps, schema_editor):
    ConsultationRequest = apps.get_model("consultations", "ConsultationRequest")
    AuditEvent = apps.get_model("consultations", "AuditEvent")
    for item in ConsultationRequest.objects.filter(status__in=FINISHED).iterator():
        # The last status move of a finished request is the one that finished it.
        last_move = (
            AuditEvent.objects.filter(consultation_request=item, action="status_changed")
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        if item.status == "withdrawn":
            last_move = item.withdrawn_at or last_move
        finished_at = last_move or item.received_at
        ConsultationRequest.objects.filter(pk=item.pk).update(finished_at=finished_at)


def let_both_roles_keep_the_contact_log(apps, schema_editor):
    app_config = apps.get_app_config("consultations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="consultations", codename__in=CONTACT_LOG_PERMISSIONS
    )
    if permissions.count() != len(CONTACT_LOG_PERMISSIONS):
        raise RuntimeError("Missing permissions for the contact log.")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*permissions)


def take_the_contact_log_from_the_roles(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="consultations", codename__in=CONTACT_LOG_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0011_appointments_and_referrals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationrequest",
            name="finished_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("viewed", "Viewed"),
                    ("changed", "Changed"),
                    ("status_changed", "Status changed"),
                    ("note_added", "Note added"),
                    ("exported", "Exported"),
                    ("deleted", "Deleted"),
                    ("received", "Received from the website"),
                    ("withdrawn", "Withdrawn by the patient"),
                    ("listed", "Shown in a list"),
                    ("signed_in", "Signed in"),
                    ("sign_in_failed", "Sign-in failed"),
                    ("locked_out", "Locked out"),
                    ("signed_out", "Signed out"),
                    ("device_added", "Second factor added"),
                    ("device_removed", "Second factor removed"),
                    ("appt_booked", "Appointment booked"),
                    ("appt_moved", "Appointment moved or changed"),
                    ("appt_cancelled", "Appointment cancelled"),
                    ("appt_change_asked", "Patient asked to change the appointment"),
                    ("appt_change_done", "Patient's change request dealt with"),
                    ("contact_logged", "Contact logged"),
                ],
                max_length=20,
                verbose_name="what",
            ),
        ),
        migrations.CreateModel(
            name="ContactAttempt",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("reached", "Reached"),
                            ("no_answer", "No answer"),
                            ("voicemail", "Voicemail left"),
                            ("wrong_number", "Wrong number"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        max_length=300,
                        validators=[consultations.validators.NoControlCharacters()],
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="logged"
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "consultation_request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contact_attempts",
                        to="consultations.consultationrequest",
                    ),
                ),
            ],
            options={
                "verbose_name": "contact attempt",
                "verbose_name_plural": "contact log",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.RunPython(fill_in_finished_at, migrations.RunPython.noop),
        migrations.RunPython(
            let_both_roles_keep_the_contact_log, take_the_contact_log_from_the_roles
        ),
    ]
