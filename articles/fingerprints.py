"""Fingerprints of the source texts the clinic commissioned its articles from.

The articles must say things in their own words. To check that on any machine without shipping
the sources, the repository keeps only a hash of every run of SHINGLE words in them
(`content/source-fingerprints.txt`, made by `manage.py fingerprint_sources <folder>`). An article
run whose hash is in the file was copied. The sentences themselves are never stored.
"""

import hashlib
import re
from pathlib import Path

SHINGLE = 7
FILE_NAME = "source-fingerprints.txt"
SOURCE_PATTERNS = ("*.txt", "*.md")
HEADER = f"""\
# Fingerprints of the source texts the articles were commissioned from: one line per run of
# {SHINGLE} words, hashed (BLAKE2b, 8 bytes). The texts themselves are not stored here.
# Regenerate with: python manage.py fingerprint_sources <folder of source texts>
"""


def runs(text: str) -> list[str]:
    """Every run of SHINGLE words, lower-cased, punctuation dropped."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]


def digest(run: str) -> str:
    return hashlib.blake2b(run.encode(), digest_size=8).hexdigest()


def from_sources(folder: Path) -> tuple[list[Path], set[str]]:
    """The source files found in `folder`, and the fingerprints of all their runs."""
    files = sorted(
        path
        for pattern in SOURCE_PATTERNS
        for path in folder.glob(pattern)
        if not path.name.lower().startswith("readme")  # a note about the sources, not one
    )
    prints = {digest(run) for path in files for run in runs(path.read_text(encoding="utf-8"))}
    return files, prints


def write(path: Path, prints: set[str]) -> None:
    path.write_text(HEADER + "".join(f"{line}\n" for line in sorted(prints)), encoding="utf-8")


def read(path: Path) -> frozenset[str] | None:
    """The fingerprints in `path`, or None when there is no such file."""
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def copied_runs(text: str, prints: frozenset[str]) -> list[str]:
    """The runs of `text` (in its own words) whose fingerprints are among `prints`."""
    return sorted({run for run in runs(text) if digest(run) in prints})
