"""The site's languages: Indonesian at the site's root, English under `en/`.

A page in either language comes from the same template and the same page builder. Their words go through
gettext: the Indonesian text is the message, and `labkem/locale/en.po` (a standard PO file, which any translation
tool opens) holds its English. A message the catalogue does not hold stays Indonesian; `tests/test_english.py`
names every such message of the pages in the English edition. Numbers are formatted once, the Indonesian way
(`labkem.core.fmt`); English text is the same digits with the separators the other way round (1.234,5 becomes
1,234.5).

The English pages keep the Indonesian pages' addresses under `en/` (`desa/KODE/` is `en/desa/KODE/`), so the
language switch of every page leads to the same place in the other language.
"""

from __future__ import annotations

import functools
import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from labkem.core import fmt

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"  # one PO file per language but Indonesian
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SEPARATORS = str.maketrans({".": ",", ",": "."})


@dataclass(frozen=True)
class Language:
    """A language of the site: its code (as `<html lang>` and `hreflang` write it), its name in itself, and the
    folder of its pages in the site ("" for the site's root)."""

    code: str
    name: str
    prefix: str

    @property
    def up(self) -> str:
        """The way from this language's folder up to the site's root: "" or "../"."""
        return "../" * self.prefix.count("/")

    @property
    def source(self) -> bool:
        """Whether this is the language the messages are written in (Indonesian)."""
        return not self.prefix

    def gettext(self, message: str) -> str:
        """`message` (Indonesian) in this language."""
        return _translations(self.code).gettext(message) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of `singular`/`plural` for `n` in this language (Indonesian has one form)."""
        return _translations(self.code).ngettext(singular, plural, n)

    def number(self, text: str) -> str:
        """A number as `labkem.core.fmt` wrote it ("1.234,5", "≥ 12", "−3,5", "18,4%"), or a word standing for
        one ("disamarkan"), in this language."""
        if self.source or not text:
            return text
        return _number(self.code, text)

    def date(self, iso: str) -> str:
        """An ISO date in words: "2 Desember 2025", "2 December 2025"."""
        if self.source:
            return fmt.date(iso)
        year, month, day = (int(part) for part in iso.split("-"))
        return f"{day} {MONTHS_EN[month - 1]} {year}"


def N_(message: str) -> str:
    """Mark `message` for the catalogue where it is defined (a label in a table of constants); it is translated
    where it is shown, by `Language.gettext`."""
    return message


INDONESIAN = Language("id", "Bahasa Indonesia", "")
ENGLISH = Language("en", "English", "en/")
LANGUAGES = {language.code: language for language in (INDONESIAN, ENGLISH)}


def of_path(path: str) -> tuple[Language, str]:
    """The language of a path in the site ("en/desa/KODE/index.html") and the path within its language's
    folder ("desa/KODE/index.html")."""
    for language in LANGUAGES.values():
        if language.prefix and path.startswith(language.prefix):
            return language, path[len(language.prefix) :]
    return INDONESIAN, path


@functools.lru_cache(maxsize=1 << 16)  # a page writes the same few numbers over and over
def _number(code: str, text: str) -> str:
    """`Language.number` of a language other than Indonesian."""
    if not any(ch.isdigit() for ch in text):
        return _translations(code).gettext(text)
    return text.translate(_SEPARATORS)


@functools.cache
def _translations(code: str) -> gettext.NullTranslations:
    """The catalogue of `code`, read from its PO file once per process (Babel compiles it in memory); none for
    Indonesian, the language of the messages."""
    if code == INDONESIAN.code:
        return gettext.NullTranslations()
    from babel.messages import mofile, pofile  # only a build with a second language reads a catalogue

    with (LOCALE_DIR / f"{code}.po").open("rb") as handle:
        catalogue = pofile.read_po(handle, locale=code)
    compiled = io.BytesIO()
    mofile.write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
