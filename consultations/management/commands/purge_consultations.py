"""Delete requests past their retention period. Schedule it daily."""

from django.conf import settings
from django.core.management.base import BaseCommand

from consultations.choices import OPEN_STATUSES, Status
from consultations.services import consultation_requests_purge


class Command(BaseCommand):
    help = (
        "Delete closed, declined, withdrawn and spam consultation requests received more than "
        "CONSULTATION_RETENTION_DAYS days ago, and open ones nobody has touched for "
        "CONSULTATION_STALE_DAYS plus CONSULTATION_STALE_GRACE_DAYS, with their notes and emails. "
        "The audit log keeps their references."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        counts = consultation_requests_purge(dry_run=dry_run)
        total = sum(counts.values())
        verb = "Would delete" if dry_run else "Deleted"
        days = settings.CONSULTATION_RETENTION_DAYS
        idle = settings.CONSULTATION_STALE_DAYS + settings.CONSULTATION_STALE_GRACE_DAYS
        self.stdout.write(
            f"{verb} {total} consultation request{'s' if total != 1 else ''}: finished ones "
            f"received more than {days} days ago, and open ones untouched for {idle} days."
        )
        for status in Status:
            if counts.get(status) or status not in OPEN_STATUSES:
                label = Status(status).label
                suffix = " (stale)" if status in OPEN_STATUSES else ""
                self.stdout.write(f"  {label}{suffix}: {counts.get(status, 0)}")
