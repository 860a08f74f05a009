"""The `labkem` command: parse the options, then hand them to the command's module in `labkem.commands`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Lab Kemiskinan Terbuka: periksa dan terbitkan data kemiskinan desa.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class PdfMode(StrEnum):
    """When `labkem build` prints the guide's PDF."""

    auto = "auto"
    on = "on"
    off = "off"


class Generator(StrEnum):
    """The site generator that builds the hand-written pages and the shells (see `labkem.publish.site.GENERATORS`)."""

    mkdocs = "mkdocs"
    properdocs = "properdocs"
    zensical = "zensical"


class Lang(StrEnum):
    """Message language."""

    id = "id"
    en = "en"


class Format(StrEnum):
    """Report format."""

    text = "text"
    json = "json"
    markdown = "markdown"


DataOption = Annotated[Path, typer.Option("--data", help="Folder berisi paket data (satu subfolder per paket).")]
LangOption = Annotated[Lang, typer.Option("--lang", help="Bahasa pesan: id (bawaan) atau en.")]
ArchiveOption = Annotated[
    Path | None, typer.Option("--archive", help="Folder arsip rilis; bawaan rilis/ di samping folder data.")
]
SiteOption = Annotated[
    Path,
    typer.Option(
        "--out",
        help="Folder situs hasil build: belum ada, kosong, atau situs build sebelumnya; bukan folder data dan tidak "
        "di dalamnya (build menggantinya seluruhnya).",
    ),
]


def _site_url(value: str) -> str:
    from labkem.data.site_settings import site_address

    if value and site_address(value) is None:
        raise typer.BadParameter(f"'{value}' harus alamat lengkap yang diawali https://")
    return value


@app.command()
def validate(
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="Folder berisi paket data (satu subfolder per paket), atau satu paket: foldernya atau "
            "datapackage.json-nya (paket rujukan wilayah dan indikator dicari di sampingnya).",
        ),
    ] = Path("datapackages"),
    references: Annotated[
        Path | None,
        typer.Option("--rujukan", help="Folder berisi paket rujukan wilayah dan indikator, bila tidak di samping."),
    ] = None,
    format: Annotated[
        Format, typer.Option("--format", help="text (bawaan), json, atau markdown (ringkasan CI).")
    ] = Format.text,
    lang: LangOption = Lang.id,
    html: Annotated[Path | None, typer.Option("--html", help="Tulis juga laporan HTML ke berkas ini.")] = None,
) -> None:
    """Periksa semua paket data: skema, kunci, wilayah, privasi. Keluar 0 bila siap terbit, 1 bila tidak."""
    from labkem.commands import validate as command

    raise typer.Exit(command.run(data, references, format.value, lang.value, html))


@app.command()
def build(
    data: DataOption = Path("datapackages"),
    out: SiteOption = Path("build/site"),
    lang: LangOption = Lang.id,
    pdf: Annotated[
        PdfMode,
        typer.Option(
            "--pdf",
            help="Panduan PDF (dicetak Chromium): auto (bila Chromium ada, bawaan), on (wajib), off (lewati).",
        ),
    ] = PdfMode.auto,
    chart_images: Annotated[
        bool,
        typer.Option(
            "--chart-images/--no-chart-images",
            help="Gambar juga setiap grafik sebagai SVG dan PNG (disimpan di cache; lama pada cache kosong).",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            min=1,
            help="Proses yang berjalan sekaligus di setiap tahap: pemeriksaan, render paket, gambar grafik, "
            "penempatan halaman dan indeks pencarian (bawaan: satu per inti prosesor).",
        ),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Olah ulang semua paket; tanpa ini, paket yang tidak berubah sejak build sebelumnya tidak dibaca "
            "lagi dan halamannya diambil dari build itu.",
        ),
    ] = False,
    generator: Annotated[
        Generator,
        typer.Option(
            "--generator",
            help="Pembangun halaman tulisan tangan dan cangkang halaman data: mkdocs (bawaan), properdocs, zensical.",
        ),
    ] = Generator.mkdocs,
    site_url: Annotated[
        str,
        typer.Option(
            "--site-url",
            envvar="LABKEM_SITE_URL",
            callback=_site_url,
            help="Alamat situs setelah tayang (mis. https://akun.github.io/repo/), menggantikan url di situs.yml; "
            "katalog DCAT, data.json dan tautan lengkap memakainya.",
        ),
    ] = "",
) -> None:
    """Periksa data, buat halaman, lalu bangun situs ke --out. Bila gagal, situs lama tidak berubah."""
    from labkem.commands import build as command
    from labkem.core.options import BuildOptions, default_jobs

    options = BuildOptions(
        lang=lang.value,
        pdf=pdf.value,
        chart_images=chart_images,
        jobs=jobs or default_jobs(),
        full=full,
        generator=generator.value,
        site_url=site_url,
    )
    raise typer.Exit(command.run(data, out, options))


@app.command()
def serve(
    data: DataOption = Path("datapackages"),
    out: SiteOption = Path("build/site"),
    port: Annotated[int, typer.Option("--port", help="Port di localhost.")] = 8000,
) -> None:
    """Bangun situs, sajikan di http://localhost:PORT, dan bangun ulang bila data atau halaman panduan berubah."""
    from labkem.commands import serve as command

    raise typer.Exit(command.run(data, out, port))


@app.command()
def aggregate(
    households: Annotated[
        Path, typer.Argument(help="Berkas CSV rumah tangga hasil pindai cepat (tetap di komputer Anda).")
    ],
    region: Annotated[str, typer.Option("--region", help="Kode kabupaten/kota, mis. 33.26.")],
    out: Annotated[Path, typer.Option("--out", help="Folder paket kabupaten; observasi.csv ditulis di sini.")],
    periode: Annotated[
        str | None, typer.Option("--periode", help="Periode semua baris (2024 atau 2024-S1) bila tidak ada kolomnya.")
    ] = None,
    data: DataOption = Path("datapackages"),
) -> None:
    """Hitung agregat desa dari data rumah tangga; angka kecil disamarkan, tidak ada baris rumah tangga yang disalin."""
    from labkem.commands import aggregate as command

    raise typer.Exit(command.run(households, region, out, periode, data))


@app.command()
def impor(
    workbook: Annotated[
        Path,
        typer.Argument(help="Lembar kerja paket (.xlsx dari Excel atau .ods dari LibreOffice), satu lembar per tabel."),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder paket yang diisi; bawaan paket yang disebut lembar petunjuk, di --data."),
    ] = None,
    data: DataOption = Path("datapackages"),
    lang: LangOption = Lang.id,
) -> None:
    """Baca lembar kerja menjadi berkas CSV paketnya; bila ada masalah, sebut lembar, sel dan kolomnya dan tidak
    mengubah apa pun."""
    from labkem.commands import impor as command

    raise typer.Exit(command.run(workbook, out, data, lang.value))


@app.command()
def ekspor(
    package: Annotated[Path, typer.Argument(help="Folder paket kabupaten, mis. datapackages/kab-pekalongan.")],
    out: Annotated[Path, typer.Option("--out", help="Lembar kerja yang ditulis (.xlsx).")],
) -> None:
    """Tulis paket sebagai lembar kerja (petunjuk, lalu satu lembar per tabel dengan aturan kolomnya)."""
    from labkem.commands import ekspor as command

    raise typer.Exit(command.run(package, out))


@app.command()
def release(
    data: DataOption = Path("datapackages"),
    archive: ArchiveOption = None,
    lang: LangOption = Lang.id,
) -> None:
    """Arsipkan paket data hari ini sebagai rilis yang tidak pernah berubah (lalu commit folder rilis/)."""
    from labkem.commands import release as command

    raise typer.Exit(command.run(data, archive, lang.value))


@app.command()
def audit(
    data: DataOption = Path("datapackages"),
    archive: ArchiveOption = None,
    format: Annotated[Format, typer.Option("--format", help="text (bawaan) atau json.")] = Format.text,
    lang: LangOption = Lang.id,
) -> None:
    """Serang data seperti penyerang: apakah sel yang disamarkan bisa dihitung atau dipersempit dari semua yang
    terbit (paket dan rilis arsip)? Keluar 0 bila aman, 1 bila tidak."""
    from labkem.commands import audit as command

    raise typer.Exit(command.run(data, archive, format.value, lang.value))


@app.command("new-region")
def new_region(
    kode: Annotated[str, typer.Argument(help="Kode kabupaten/kota Kemendagri, mis. 33.01.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder paket baru; bawaan datapackages/<nama-kabupaten>.")
    ] = None,
    data: DataOption = Path("datapackages"),
) -> None:
    """Buat paket kabupaten kosong yang valid dari gazetir, untuk kabupaten/kota mana pun di Indonesia."""
    from labkem.commands import new_region as command

    raise typer.Exit(command.run(kode, out, data))


def main() -> None:
    """Entry point of `labkem`: a failure ends with one line naming its cause (`labkem.commands.failures`)
    and an exit code by kind, never a traceback unless `--debug` (anywhere on the command line) or LABKEM_DEBUG=1
    asks for one."""
    import itertools
    import os
    import sys
    import traceback

    from labkem.commands.failures import EXIT_INTERRUPTED, explain

    debug = "--debug" in sys.argv[1:] or os.environ.get("LABKEM_DEBUG") == "1"
    arguments = [a for a in sys.argv[1:] if a != "--debug"]
    english = "--lang=en" in arguments or any(pair == ("--lang", "en") for pair in itertools.pairwise(arguments))
    lang = "en" if english else "id"
    error: BaseException
    try:
        code = app(args=arguments, standalone_mode=False)
    except typer.Abort:  # end of input at a prompt
        error = KeyboardInterrupt()
    except typer.TyperException as usage:  # an unknown option, a missing argument: the parser's own words
        usage.show()  # type: ignore[attr-defined]
        raise SystemExit(getattr(usage, "exit_code", 2)) from None
    except SystemExit:
        raise
    except BaseException as caught:  # every failure gets its one line
        error = caught
    else:
        if code != EXIT_INTERRUPTED:  # Typer answers Ctrl-C with exit code 130 and no word
            raise SystemExit(code if isinstance(code, int) else 0)
        error = KeyboardInterrupt()
    if debug:
        traceback.print_exception(error)
        detail = getattr(error, "detail", "")
        if detail:
            typer.echo(detail, err=True)
    out = next((b for a, b in itertools.pairwise(arguments) if a == "--out"), None)
    failure = explain(error, lang, Path(out).resolve() if out else None)
    typer.echo(("Error: " if english else "Galat: ") + failure.message, err=True)
    raise SystemExit(failure.exit_code)
