"""On SQLite too, the database refuses to rewrite an audit entry.

The trigger refuses any UPDATE except the unlinking of an entry from a deleted request (the
entry keeps its reference code as text). SQLite cannot refuse DELETE the same way: it has no
TRUNCATE, so the test suite's database flush deletes rows, and a trigger would stop it. There,
deletes are refused by the model, its querysets and the admin; PostgreSQL refuses them in the
database as well (migration 0003).
"""

from django.db import migrations

COLUMNS = ("id", "at", "actor", "actor_user_id", "action", "detail", "reference")
UNCHANGED = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in COLUMNS)

ADD_SQL = f"""
CREATE TRIGGER consultations_auditevent_append_only
BEFORE UPDATE ON consultations_auditevent
WHEN NOT (NEW.consultation_request_id IS NULL AND {UNCHANGED})
BEGIN
    SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE refused');
END;
"""
DROP_SQL = "DROP TRIGGER IF EXISTS consultations_auditevent_append_only;"


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(ADD_SQL, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0004_delete_staffaccess")]

    operations = [migrations.RunPython(add_trigger, drop_trigger)]
