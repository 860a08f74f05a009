"""Write the site's reference page (`docs/referensi/index.md`) from the code: every command of `labkem` with its
options, the exit codes, and every rule of the validator with the message a data officer sees.

The page is generated so that it cannot drift from the code; `tests/test_docs.py` fails while the committed page
differs from what this writes. After changing a command, an option, an exit code or a rule's message:

    .venv/bin/python scripts/make_reference.py
"""

from __future__ import annotations

import argparse
import enum
import re
import sys
from pathlib import Path
from typing import Any

import typer.main

from labkem.cli import app
from labkem.commands.failures import EXIT_MEANINGS
from labkem.validate.messages import MESSAGES

PAGE = Path(__file__).resolve().parent.parent / "docs" / "referensi" / "index.md"

INTRO = """\
# Referensi perintah dan aturan

Halaman ini untuk petugas data yang menjalankan `labkem` sendiri. Isinya dibuat dari kode labkem, jadi selalu
sama dengan versi yang menerbitkan situs ini: setiap perintah dengan opsinya, arti kode keluar, dan setiap aturan
pemeriksaan dengan pesan yang akan muncul bila aturan itu dilanggar. Cara memakainya langkah demi langkah ada di
[Panduan](../panduan/index.md), terutama [Menerbitkan situs](../panduan/menerbitkan.md) dan
[Contoh lengkap](../panduan/contoh.md).

Semua perintah bisa ditambah `--debug` di mana saja untuk menampilkan jejak galat lengkap, dan `--help` untuk
bantuan singkat.
"""

RULES_INTRO = """\
## Aturan pemeriksaan

`labkem validate` (dan `labkem build` serta `labkem release` sebelum menulis apa pun) melaporkan setiap masalah
dalam satu baris: `berkas:baris:kolom: aturan: pesan`. Contoh:

```
datapackages/kab-pekalongan/observasi.csv:15:nilai: small-cell: angka sensitif 3 ada di antara 1 dan 4; \
kosongkan nilai dan isi status dengan c (disamarkan) agar rumah tangga tidak bisa dikenali
```

Di berkas batas wilayah (GeoJSON, paket `batas`) «baris» adalah nomor fitur, dihitung dari 1 menurut urutan di
berkas, dan «kolom» adalah `kode` atau `geometry`; bila berkasnya bukan JSON yang sah, «baris» dan «kolom» menunjuk
tempat pembacaannya berhenti. Desa yang tidak punya batas hanya dicatat (`catatan`), bukan masalah: petanya
menyebut desa itu.

Berikut setiap aturan dengan pesannya. Bagian bertanda «…» diisi dengan nilai yang ditemukan.
"""


def _line(text: str) -> str:
    """Text on one line."""
    return " ".join(text.split())


def _cell(text: str) -> str:
    """Text fit for one cell of a Markdown table."""
    return _line(text).replace("|", "\\|")


def _placeholders(message: str) -> str:
    return re.sub(r"'?\{[a-z_]+\}'?", "«…»", message)


def _metavar(param: Any) -> str:
    """How the value of an option is written: its choices, or the kind of value."""
    kind = param.type_descriptor.annotation
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return "|".join(str(member.value) for member in kind)
    return {Path: "PATH", int: "N", str: "TEKS"}.get(kind, "NILAI")


def _option_name(param: Any) -> str:
    if param.param_type_name == "argument":
        return f"`{param.name.upper()}`"
    if param.is_flag:
        return " / ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
    return " / ".join(f"`{name} {_metavar(param)}`" for name in param.opts)


def _default(param: Any) -> str:
    if param.param_type_name == "argument" or param.required:
        return "wajib"
    default = param.default
    if default is None:
        return "–"
    if isinstance(default, bool):
        return "ya" if default else "tidak"
    return f"`{getattr(default, 'value', default)}`"


def commands() -> list[str]:
    group = typer.main.get_command(app)
    lines = ["## Perintah", ""]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        arguments = [f"{p.name.upper()} " for p in command.params if p.param_type_name == "argument"]
        lines += [f"### `labkem {name}`", "", _line(command.help or ""), ""]
        lines += ["```", f"labkem {name} {''.join(arguments)}[OPSI]", "```", ""]
        # a list, not a table: in narrow columns paths and choices break inside their words on a phone
        for param in command.params:
            default = _default(param)
            given = "" if default == "–" else " (wajib)" if default == "wajib" else f" (bawaan: {default})"
            lines.append(f"- {_option_name(param)}{given}: {_line(param.help or '')}")
        lines.append("")
    return lines


def exit_codes() -> list[str]:
    lines = [
        "## Kode keluar",
        "",
        "Setiap perintah yang gagal diakhiri satu baris `Galat: …` yang menyebut sebabnya "
        "dan apa yang perlu dilakukan; situs yang sudah terbit tidak berubah.",
        "",
    ]
    lines += ["| kode | arti |", "| --- | --- |"]
    lines += [f"| {code} | {_cell(indonesian)} |" for code, (indonesian, _) in sorted(EXIT_MEANINGS.items())]
    return [*lines, ""]


def rules() -> list[str]:
    lines = [RULES_INTRO]  # a list, as for the options
    lines += [f"- `{rule}`: {_line(_placeholders(indonesian))}" for rule, (indonesian, _) in sorted(MESSAGES.items())]
    return [*lines, ""]


def page() -> str:
    """The reference page as Markdown."""
    return "\n".join([INTRO, *commands(), *exit_codes(), *rules()]).rstrip("\n") + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the committed page is up to date")
    args = parser.parse_args()
    text = page()
    if args.check:
        if PAGE.read_text(encoding="utf-8") != text:
            sys.exit(f"{PAGE} is out of date: run python scripts/make_reference.py")
        return
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(text, encoding="utf-8")
    print(f"{PAGE}: {len(text):,} characters")


if __name__ == "__main__":
    main()
