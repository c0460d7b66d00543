"""Delete finished consultation requests past the retention period. Schedule it daily."""

from django.conf import settings
from django.core.management.base import BaseCommand

from consultations.choices import Status
from consultations.services import consultation_requests_purge


class Command(BaseCommand):
    help = (
        "Delete closed, declined and spam consultation requests received more than "
        "CONSULTATION_RETENTION_DAYS days ago, with their notes, history and access records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        days = settings.CONSULTATION_RETENTION_DAYS
        counts = consultation_requests_purge(older_than_days=days, dry_run=dry_run)
        total = sum(counts.values())
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {total} consultation request{'s' if total != 1 else ''} "
            f"received more than {days} days ago."
        )
        for status in (Status.CLOSED, Status.DECLINED, Status.SPAM):
            self.stdout.write(f"  {Status(status).label}: {counts.get(status, 0)}")
