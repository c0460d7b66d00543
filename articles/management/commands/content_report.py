from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles import quality
from articles.library import get_library


class Command(BaseCommand):
    help = (
        "Print each article's length, reading grade, references, links and review date; "
        "exit non-zero when an article misses an editorial bar."
    )

    def handle(self, *args, **options):
        seeds_dir = settings.CONTENT_SEEDS_DIR
        seeds = quality.seed_shingles(seeds_dir) if seeds_dir.is_dir() else None
        rows, general = quality.assess_library(
            get_library(), today=timezone.localdate(), seeds=seeds
        )
        header = (
            f"{'article':<34} {'words':>5} {'grade':>5} {'refs':>4} {'out':>3} {'in':>3}"
            "  review due  status"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            status = "ok" if not row.failures else "FAIL"
            self.stdout.write(
                f"{row.slug:<34} {row.words:>5} {row.grade:>5} {row.references:>4} "
                f"{row.links_out:>3} {row.links_in:>3}  {row.next_review:%Y-%m-%d}  {status}"
            )
            for failure in row.failures:
                self.stdout.write(f"    - {failure}")
        for problem in general:
            self.stdout.write(f"library: {problem}")
        if seeds is None:
            self.stdout.write(
                f"note: no seed articles at {seeds_dir}; reuse of their sentences not checked"
            )
        failed = sum(bool(r.failures) for r in rows) + len(general)
        if failed:
            raise CommandError(f"{failed} problem(s): the content does not meet the editorial bars")
        self.stdout.write(self.style.SUCCESS(f"All {len(rows)} articles meet the editorial bars."))
