import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles import fingerprints
from articles.library import get_content


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date written YYYY-MM-DD; got {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Print each article's length, reading grade (French: Kandel–Moles reading ease), "
        "references, links and review date, in each language, and whether each translation is "
        "current; exit non-zero when an article misses an editorial bar."
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
        content = get_content()
        failed = total = 0
        for language, library in content.libraries.items():
            rows, general = quality.assess_library(library, today=today, sources=sources)
            self._table(language, rows, general)
            failed += sum(bool(r.failures) for r in rows) + len(general)
            total += len(rows)
        self._translations(content)
        if sources is None:
            self.stdout.write(
                f"note: no {prints_path} (see `manage.py fingerprint_sources`); "
                "reuse of the source articles' sentences not checked"
            )
        if failed:
            raise CommandError(f"{failed} problem(s): the content does not meet the editorial bars")
        self.stdout.write(
            self.style.SUCCESS(
                f"All {total} articles meet the editorial bars (as of {today:%Y-%m-%d})."
            )
        )

    def _table(self, language, rows, general):
        measure = "ease" if language == "fr" else "grade"
        header = (
            f"{language + ' article':<42} {'words':>5} {measure:>5} {'refs':>4} {'out':>3} "
            f"{'in':>3}  review due  status"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            status = "ok" if not row.failures else "FAIL"
            self.stdout.write(
                f"{row.slug:<42} {row.words:>5} {row.grade:>5} {row.references:>4} "
                f"{row.links_out:>3} {row.links_in:>3}  {row.next_review:%Y-%m-%d}  {status}"
            )
            for failure in row.failures:
                self.stdout.write(f"    - {failure}")
        for problem in general:
            self.stdout.write(f"library ({language}): {problem}")
        self.stdout.write("")

    def _translations(self, content):
        """Each translation beside its English source: current, or stale with the revision the
        English has now (write it as `source_revision` once the translation is brought up to
        date); and every article that exists in one language only."""
        translations = content.pairing.translations
        header = f"{'translation':<46} {'source':<34} {'status':<9} revision now"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for item in translations:
            self.stdout.write(
                f"{item.path:<46} {item.source:<34} {item.status:<9} {item.current or '-'}"
            )
        for problem in content.pairing.problems:
            if problem.field == "translation":
                self.stdout.write(f"note: {problem}")
        stale = sum(item.stale for item in translations)
        self.stdout.write(
            f"{len(translations) - stale} of {len(translations)} translations are current"
            + (f"; {stale} stale (the English changed since)" if stale else "")
            + "\n"
        )
