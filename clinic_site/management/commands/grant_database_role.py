"""Give the application's PostgreSQL role what it needs, and no more, on the audit log.

Run after every `migrate`, connected as the role that owns the tables (the one `migrate` ran as):

    DATABASE_URL=postgres://clinic_owner@… python manage.py grant_database_role clinic_app

The application's role may then read and write every table but may only add to the audit log
and read it: no UPDATE (except unlinking an entry from a deleted request, which the trigger of
migration 0003 also limits to that), no DELETE, no TRUNCATE. As it owns nothing, it cannot drop
the triggers or alter the tables either.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from consultations.models import AuditEvent


class Command(BaseCommand):
    help = "Grant the application's PostgreSQL role its privileges (append-only audit log)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the application connects as")

    def handle(self, *, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant_database_role is for PostgreSQL (DATABASE_URL=postgres://…).")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(f"There is no PostgreSQL role {role!r}: create it first.")
        quote = connection.ops.quote_name
        app, audit = quote(role), quote(AuditEvent._meta.db_table)
        unlink = quote(AuditEvent._meta.get_field("consultation_request").column)
        statements = [
            f"GRANT USAGE ON SCHEMA public TO {app}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {app}",
            f"GRANT UPDATE ({unlink}) ON {audit} TO {app}",
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            f"{role} may read and write every table, and only read and add to "
            f"{AuditEvent._meta.db_table} (and unlink its entries from a deleted request)."
        )
