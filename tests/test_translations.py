"""The interface's French: every committed catalogue complete, and built into what Django reads.

`make` builds each .mo from its .po (msgfmt --check, which also refuses a translation whose
placeholders differ from its msgid); here the .po files themselves are read.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = sorted(
    path / "fr" / "LC_MESSAGES" / "django.po"
    for path in map(Path, settings.LOCALE_PATHS)
    if (path / "fr" / "LC_MESSAGES" / "django.po").exists()
)
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def entries(po: Path):
    """(flags, msgid, msgstr) of each entry but the header, strings joined as gettext does."""
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        parts, key = {}, None
        for line in lines:
            if line.startswith(("msgid ", "msgid_plural ", "msgstr", "msgctxt ")):
                key = line.split(" ", 1)[0]
                parts[key] = "".join(STRING.findall(line))
            elif line.startswith('"') and key:
                parts[key] += "".join(STRING.findall(line))
        if parts.get("msgid"):
            translations = [v for k, v in parts.items() if k.startswith("msgstr")]
            yield flags, parts["msgid"], translations


def test_there_is_a_french_catalogue_for_the_site_and_for_the_intake():
    assert [str(p.relative_to(settings.BASE_DIR)) for p in CATALOGUES] == [
        "consultations/locale/fr/LC_MESSAGES/django.po",
        "locale/fr/LC_MESSAGES/django.po",
    ]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_string_has_a_checked_french_translation(po):
    found = list(entries(po))
    assert len(found) > 50
    untranslated = [msgid for _, msgid, strs in found if not all(s.strip() for s in strs)]
    fuzzy = [msgid for flags, msgid, _ in found if "fuzzy" in flags]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_the_built_catalogue_is_newer_than_its_source(po):
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, "run `make messages`"
