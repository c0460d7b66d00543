from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import fingerprints


class Command(BaseCommand):
    help = (
        "Hash every run of words in a folder of source texts (*.txt, *.md) into "
        "content/source-fingerprints.txt, which the content report checks articles against."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the folder of source texts")
        parser.add_argument(
            "--output",
            type=Path,
            help=f"where to write (default: {fingerprints.FILE_NAME} in the content folder)",
        )

    def handle(self, *args, folder: Path, output: Path | None, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        files, prints = fingerprints.from_sources(folder)
        if not prints:
            raise CommandError(f"{folder} holds no source text (*.txt or *.md files).")
        output = output or Path(settings.ARTICLES_CONTENT_DIR) / fingerprints.FILE_NAME
        fingerprints.write(output, prints)
        self.stdout.write(
            f"Wrote {len(prints):,} fingerprints of {len(files)} source files to {output}."
        )
