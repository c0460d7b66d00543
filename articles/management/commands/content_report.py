import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles import fingerprints
from articles.library import get_library


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date written YYYY-MM-DD; got {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Print each article's length, reading grade, references, links and review date; "
        "exit non-zero when an article misses an editorial bar."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            type=_date,
            help="judge review dates as on this day (YYYY-MM-DD) instead of today",
        )

    def handle(self, *args, as_of: datetime.date | None = None, **options):
        try:
            from articles import quality  # needs the "content" extra (textstat)
        except ImportError as error:
            raise CommandError(
                f"The content report needs the content tools ({error.name} is missing): "
                "pip install --require-hashes -r requirements/dev.txt"
            ) from None
        prints_path = Path(settings.ARTICLES_CONTENT_DIR) / fingerprints.FILE_NAME
        sources = fingerprints.read(prints_path)
        today = as_of or timezone.localdate()
        rows, general = quality.assess_library(get_library(), today=today, sources=sources)
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
        if sources is None:
            self.stdout.write(
                f"note: no {prints_path} (see `manage.py fingerprint_sources`); "
                "reuse of the source articles' sentences not checked"
            )
        failed = sum(bool(r.failures) for r in rows) + len(general)
        if failed:
            raise CommandError(f"{failed} problem(s): the content does not meet the editorial bars")
        self.stdout.write(
            self.style.SUCCESS(
                f"All {len(rows)} articles meet the editorial bars (as of {today:%Y-%m-%d})."
            )
        )
