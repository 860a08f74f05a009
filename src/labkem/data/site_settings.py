"""A regency's site settings: name, description, address, logo and colours, read from `situs.yml`.

The file sits in the data folder beside the packages (`datapackages/situs.yml`), so a fork changes its
site by editing data, not code. Every field is optional; a missing file gives the project's defaults.
`labkem validate` reports a broken file like any other problem, with the line and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from labkem.core.lang import LANGUAGES

FILENAME = "situs.yml"
DEFAULT_NAME = "Lab Kemiskinan Terbuka"
DEFAULT_DESCRIPTION = "Data terbuka penanggulangan kemiskinan desa"
# The defaults are Material's teal 700 and deep orange 900: its teal and deep orange are too light for text on
# white (3.8:1 and 2.8:1), and both colours are text on this site (links, and links under the pointer).
DEFAULT_PRIMARY = "#00796b"
DEFAULT_ACCENT = "#bf360c"
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".webp": "image/webp"}
LOGO_MAX_BYTES = 100_000  # the logo is in the header of every page, read on slow phone connections
ASSET_DIR = "assets/situs"

# Material for MkDocs' colour names, as its palette stylesheet sets them (--md-primary-fg-color and
# --md-accent-fg-color); tests/test_situs.py reads the stylesheet of the installed theme to keep them true.
PRIMARY_HEX = {
    "red": "#ef5552",
    "pink": "#e92063",
    "purple": "#ab47bd",
    "deep-purple": "#7e56c2",
    "indigo": "#4051b5",
    "blue": "#2094f3",
    "light-blue": "#02a6f2",
    "cyan": "#00bdd6",
    "teal": "#009485",
    "green": "#4cae4f",
    "light-green": "#8bc34b",
    "lime": "#cbdc38",
    "yellow": "#ffec3d",
    "amber": "#ffc105",
    "orange": "#ffa724",
    "deep-orange": "#ff6e42",
    "brown": "#795649",
    "grey": "#757575",
    "blue-grey": "#546d78",
    "black": "#14151a",
    "white": "#ffffff",
}
ACCENT_HEX = {
    "red": "#ff1a47",
    "pink": "#f50056",
    "purple": "#df41fb",
    "deep-purple": "#7c4dff",
    "indigo": "#526cfe",
    "blue": "#4287ff",
    "light-blue": "#0091eb",
    "cyan": "#00bad6",
    "teal": "#00bda4",
    "green": "#00c753",
    "light-green": "#63de17",
    "lime": "#b0eb00",
    "yellow": "#ffd500",
    "amber": "#ffaa00",
    "orange": "#ff9100",
    "deep-orange": "#ff6e42",
}
PRIMARY_NAMES = list(PRIMARY_HEX)
ACCENT_NAMES = list(ACCENT_HEX)
# WCAG 2.1 AA, success criterion 1.4.3: text needs 4.5:1 against what it is set on.
TEXT_CONTRAST = 4.5
# What the site's colours are set on as text: the page and code backgrounds of the light scheme, and of the dark
# (Material's "slate": hsl(225deg 15% 14%) and 18%).
LIGHT_SURFACES = ("#ffffff", "#f5f5f5")
DARK_SURFACES = ("#1e2129", "#272a35")
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

TEMPLATE = """\
# Pengaturan situs: dibaca oleh `labkem build`. Semua isian boleh dikosongkan.
nama: {nama}
deskripsi: {deskripsi}
# Alamat situs setelah tayang, mis. https://akun.github.io/labkem-kabupaten/ (dipakai untuk tautan di PDF).
url: ""
# Alamat surel pengelola data, untuk katalog yang dipanen portal Satu Data (data.json).
kontak: ""
# Berkas logo (SVG, PNG atau WebP, paling besar 100 KB) di folder ini, mis. logo.svg.
logo: ""
warna:
  # Kode #RRGGBB atau nama warna Material (indigo, brown, ...). Keduanya menjadi warna teks (tautan), jadi harus
  # cukup gelap: kontras paling sedikit 4,5:1 dengan latar terang (WCAG 2.1 AA). labkem validate menolak warna
  # yang kurang dan menyarankan yang lolos; warna untuk mode gelap diturunkan sendiri.
  utama: {utama}
  aksen: {aksen}
"""


@dataclass(frozen=True)
class SiteSettings:
    """What a regency may change about its site without touching code."""

    nama: str = DEFAULT_NAME
    deskripsi: str = DEFAULT_DESCRIPTION
    url: str | None = None
    logo: Path | None = None
    utama: str = DEFAULT_PRIMARY
    aksen: str = DEFAULT_ACCENT
    kontak: str = ""
    # the site's languages (`labkem.core.lang`): Indonesian always, at the root; English under en/ when listed
    bahasa: tuple[str, ...] = ("id",)


@dataclass(frozen=True)
class SettingsIssue:
    """One broken field of `situs.yml`, told in Indonesian and English."""

    line: int | None
    key: str | None
    id: str
    en: str


def template_text(nama: str) -> str:
    """The `situs.yml` that `labkem new-region` writes for a new site."""
    return TEMPLATE.format(
        nama=_quote(nama),
        deskripsi=_quote(DEFAULT_DESCRIPTION),
        utama=_quote(DEFAULT_PRIMARY),
        aksen=_quote(DEFAULT_ACCENT),
    )


def _quote(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_style='"').strip()


def _lines(node: yaml.Node, prefix: str = "") -> dict[str, int]:
    """Line number (1-based) of every key of a mapping, nested keys as 'warna.utama'."""
    found: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            found[name] = key.start_mark.line + 1
            found.update(_lines(value, name + "."))
    return found


def _colour_name(value: str) -> str:
    return value.strip().lower().replace(" ", "-")


def _parse(path: Path) -> tuple[dict[Any, Any], dict[str, int]] | SettingsIssue:
    """The mapping in `path` and the line of each key, or the issue that keeps it from being one."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        return SettingsIssue(
            line, None, f"situs.yml bukan YAML yang sah ({reason})", f"situs.yml is not valid YAML ({reason})"
        )
    if raw is None:
        return {}, {}
    if not isinstance(raw, dict):
        return SettingsIssue(1, None, "isi situs.yml harus berupa daftar isian", "situs.yml must be a mapping")
    return raw, _lines(node) if node is not None else {}


@dataclass
class _Fields:
    """The fields of a parsed `situs.yml`, each read with its checks; a broken field gives its default and an
    issue on its line."""

    raw: dict[Any, Any]
    lines: dict[str, int]
    issues: list[SettingsIssue] = field(default_factory=list)

    def issue(self, key: str, id_text: str, en_text: str) -> None:
        self.issues.append(SettingsIssue(self.lines.get(key), key, id_text, en_text))

    def unknown_keys(self, known: set[str]) -> None:
        for key in self.raw:
            if key not in known:
                listed = ", ".join(sorted(known))
                self.issue(str(key), f"isian '{key}' tidak dikenal; yang dikenal: {listed}", f"unknown key '{key}'")

    def unknown_colours(self, colours: dict[Any, Any]) -> None:
        for key in colours:
            if key not in {"utama", "aksen"}:
                name = f"warna.{key}"
                self.issue(name, f"isian {name} tidak dikenal; pakai utama dan aksen", f"unknown key {name}")

    def text(self, key: str, default: str, limit: int) -> str:
        value = self.raw.get(key)
        if value is None or value == "":
            return default
        if not isinstance(value, str) or len(value.strip()) > limit:
            self.issue(
                key,
                f"{key} harus teks paling panjang {limit} huruf",
                f"{key} must be text of at most {limit} characters",
            )
            return default
        return value.strip()

    def url(self) -> str | None:
        url = self.text("url", "", 300) or None
        if url is not None and site_address(url) is None:
            self.issue("url", f"url '{url}' harus diawali https://", f"url '{url}' must start with https://")
            return None
        return site_address(url) if url else None

    def kontak(self) -> str:
        kontak = self.text("kontak", "", 200)
        if kontak and not EMAIL.match(kontak):
            self.issue("kontak", f"kontak '{kontak}' bukan alamat surel", f"kontak '{kontak}' is not an e-mail address")
            return ""
        return kontak

    def bahasa(self) -> tuple[str, ...]:
        value = self.raw.get("bahasa")
        if value is None or value == []:
            return ("id",)
        known = ", ".join(LANGUAGES)
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            self.issue(
                "bahasa", f"bahasa harus daftar kode bahasa: {known}", f"bahasa must list language codes: {known}"
            )
            return ("id",)
        unknown = [code for code in value if code not in LANGUAGES]
        if unknown:
            self.issue(
                "bahasa",
                f"bahasa '{unknown[0]}' tidak dikenal; yang dikenal: {known}",
                f"unknown language '{unknown[0]}'; known: {known}",
            )
            return ("id",)
        # Indonesian is the site's own language, at its root: always there, always first
        return ("id", *dict.fromkeys(code for code in value if code != "id"))

    def logo(self, data_dir: Path) -> Path | None:
        name = self.text("logo", "", 200)
        if not name:
            return None
        candidate = data_dir / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            self.issue(
                "logo", "logo harus berkas di folder data, mis. logo.svg", "logo must be a file in the data folder"
            )
        elif candidate.suffix.lower() not in LOGO_TYPES:
            self.issue("logo", f"logo {name} harus SVG, PNG atau WebP", f"logo {name} must be SVG, PNG or WebP")
        elif not candidate.is_file():
            self.issue("logo", f"berkas logo {name} tidak ada di {data_dir}", f"logo file {name} is not in {data_dir}")
        elif candidate.stat().st_size > LOGO_MAX_BYTES:
            size = candidate.stat().st_size // 1000
            self.issue(
                "logo",
                f"logo {name} {size} KB; perkecil sampai paling besar {LOGO_MAX_BYTES // 1000} KB",
                f"logo {name} is {size} KB; shrink it to {LOGO_MAX_BYTES // 1000} KB at most",
            )
        else:
            return candidate
        return None

    def colours(self) -> dict[Any, Any]:
        colours = self.raw.get("warna") or {}
        if not isinstance(colours, dict):
            self.issue("warna", "warna harus berisi utama dan aksen", "warna must hold utama and aksen")
            return {}
        return colours

    def colour(self, colours: dict[Any, Any], key: str, default: str, named: dict[str, str]) -> str:
        """The colour at `warna.key` as written (a Material name or #RRGGBB), if it is one and reads as text."""
        value = colours.get(key)
        if value is None or value == "":
            return default
        if not isinstance(value, str) or not (HEX.match(value.strip()) or _colour_name(value) in named):
            names = ", ".join(list(named)[:6])
            self.issue(
                f"warna.{key}",
                f"warna.{key} '{value}' bukan nama warna Material ({names}, ...) atau kode #RRGGBB",
                f"warna.{key} '{value}' is neither a Material colour name nor #RRGGBB",
            )
            return default
        written = value.strip().lower() if HEX.match(value.strip()) else _colour_name(value)
        code = hex_of(written, named)
        ratio = min(contrast(code, surface) for surface in LIGHT_SURFACES)
        if ratio < TEXT_CONTRAST:
            better = readable_on(code, LIGHT_SURFACES, "#000000")
            needed = str(TEXT_CONTRAST).replace(".", ",")
            self.issue(
                f"warna.{key}",
                f"warna.{key} '{value}' ({code}) terlalu terang untuk teks: kontras {_ratio(ratio, ',')}:1 dengan "
                f"latar terang, WCAG 2.1 AA minta {needed}:1; warna serupa yang lolos: {better}",
                f"warna.{key} '{value}' ({code}) is too light for text: contrast {_ratio(ratio, '.')}:1 with the "
                f"light background, WCAG 2.1 AA asks for {TEXT_CONTRAST}:1; a similar colour that "
                f"passes: {better}",
            )
            return default
        return written


def _ratio(value: float, comma: str) -> str:
    """A contrast ratio as people quote it (rounded down, so 4.49 never reads as 4.5)."""
    return f"{int(value * 100) / 100:.2f}".replace(".", comma)


def site_address(url: str) -> str | None:
    """The site's address as the catalogue and links use it: `http(s)://host/...` ending in '/'; None if not."""
    url = url.strip()
    if not re.match(r"^https?://[^\s/]+[^\s]*$", url):
        return None
    return url if url.endswith("/") else url + "/"


def no_address_note(lang: str) -> str:
    """What a site without an address lacks, for `labkem validate`'s notes."""
    if lang == "en":
        return (
            "no url: without one (or labkem build --site-url) the build writes no DCAT catalogue, data.json or "
            "schema.org data, since harvesters need absolute links; the publish workflow passes the Pages address"
        )
    return (
        "url kosong: tanpa url (atau labkem build --site-url) build tidak menulis katalog DCAT, data.json dan data "
        "schema.org, karena pemanen butuh tautan lengkap; alur kerja publish memberikan alamat Pages"
    )


def no_contact_note(lang: str) -> str:
    """What a site without a contact lacks, for `labkem validate`'s notes."""
    if lang == "en":
        return (
            "no kontak: without the data officer's e-mail address, data pages offer no way to report an error "
            "and the catalogue names no contact"
        )
    return (
        "kontak kosong: tanpa alamat surel pengelola data, halaman data tidak menawarkan jalan untuk melaporkan "
        "kesalahan dan katalog data tidak menyebut kontak"
    )


def with_address(settings: SiteSettings, url: str) -> SiteSettings:
    """The settings with the address given on the command line (already checked) in place of situs.yml's."""
    return replace(settings, url=site_address(url)) if url else settings


def read_settings(data_dir: Path) -> tuple[SiteSettings, list[SettingsIssue]]:
    """Read `data_dir/situs.yml`; return the settings (defaults where a field is broken) and the issues."""
    path = data_dir / FILENAME
    if not path.exists():
        return SiteSettings(), []
    parsed = _parse(path)
    if isinstance(parsed, SettingsIssue):
        return SiteSettings(), [parsed]
    fields = _Fields(*parsed)
    fields.unknown_keys({"nama", "deskripsi", "url", "logo", "warna", "kontak", "bahasa"})
    nama = fields.text("nama", DEFAULT_NAME, 80)
    deskripsi = fields.text("deskripsi", DEFAULT_DESCRIPTION, 200)
    url, kontak, logo = fields.url(), fields.kontak(), fields.logo(data_dir)
    colours = fields.colours()
    fields.unknown_colours(colours)
    settings = SiteSettings(
        nama=nama,
        deskripsi=deskripsi,
        url=url,
        logo=logo,
        utama=fields.colour(colours, "utama", DEFAULT_PRIMARY, PRIMARY_HEX),
        aksen=fields.colour(colours, "aksen", DEFAULT_ACCENT, ACCENT_HEX),
        kontak=kontak,
        bahasa=fields.bahasa(),
    )
    return settings, fields.issues


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else float(((c + 0.055) / 1.055) ** 2.4)


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2) of #RRGGBB."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mix(hex_colour: str, other: str, amount: float) -> str:
    pairs = [(int(hex_colour[i : i + 2], 16), int(other[i : i + 2], 16)) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(a + (b - a) * amount):02x}" for a, b in pairs)


def hex_of(colour: str, named: dict[str, str]) -> str:
    """#rrggbb of a colour written as #RRGGBB or as one of Material's names in `named`."""
    return colour.lower() if HEX.match(colour) else named[_colour_name(colour)]


def readable_on(hex_colour: str, surfaces: tuple[str, ...], towards: str) -> str:
    """`hex_colour`, or the nearest mix of it with `towards` (black to darken, white to lighten), that reaches
    text contrast on every one of `surfaces`."""
    for step in range(101):
        mixed = _mix(hex_colour, towards, step / 100)
        if min(contrast(mixed, surface) for surface in surfaces) >= TEXT_CONTRAST:
            return mixed
    return towards


def header_ink(hex_colour: str) -> str:
    """Text on the main colour (the header, the preview image): whichever of white and near-black reads better."""
    return "#ffffff" if contrast(hex_colour, "#ffffff") >= contrast(hex_colour, "#1a1a1a") else "#1a1a1a"


def link_colours(settings: SiteSettings) -> tuple[str, str]:
    """The colour of the site's links (its main colour) in the light scheme, and in the dark."""
    primary = hex_of(settings.utama, PRIMARY_HEX)
    return primary, readable_on(primary, DARK_SURFACES, "#ffffff")


def colour_css(settings: SiteSettings) -> str:
    """The site's palette (Material's `custom` primary and accent): the colours of `situs.yml` in the light scheme,
    and in the dark scheme the nearest lighter colours that still read as text there."""
    primary, dark_primary = link_colours(settings)
    accent = hex_of(settings.aksen, ACCENT_HEX)
    ink = header_ink(primary)
    dark_accent = readable_on(accent, DARK_SURFACES, "#ffffff")
    slate = DARK_SURFACES[0]
    return (
        '[data-md-color-primary="custom"] {\n'
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {_mix(primary, '#ffffff', 0.25)};\n"
        f"  --md-primary-fg-color--dark: {_mix(primary, '#000000', 0.25)};\n"
        f"  --md-primary-bg-color: {ink};\n"
        f"  --md-primary-bg-color--light: {ink}b3;\n"
        f"  --md-typeset-a-color: {primary};\n"
        "}\n"
        '[data-md-color-scheme="slate"][data-md-color-primary="custom"] {\n'
        f"  --md-typeset-a-color: {dark_primary};\n"
        "}\n"
        '[data-md-color-accent="custom"] {\n'
        f"  --md-accent-fg-color: {accent};\n"
        f"  --md-accent-fg-color--transparent: {accent}1a;\n"
        "  --md-accent-bg-color: #ffffff;\n"
        "  --md-accent-bg-color--light: #ffffffb3;\n"
        "}\n"
        '[data-md-color-scheme="slate"][data-md-color-accent="custom"] {\n'
        f"  --md-accent-fg-color: {dark_accent};\n"
        f"  --md-accent-fg-color--transparent: {dark_accent}1a;\n"
        f"  --md-accent-bg-color: {slate};\n"
        f"  --md-accent-bg-color--light: {slate}b3;\n"
        "}\n"
    )


def logo_asset(settings: SiteSettings) -> str | None:
    """Path of the logo inside the site, or None."""
    return f"{ASSET_DIR}/logo{settings.logo.suffix.lower()}" if settings.logo else None


def assets(settings: SiteSettings) -> dict[str, bytes]:
    """Files the settings add to the site: the logo and the colour stylesheet."""
    files = {f"{ASSET_DIR}/warna.css": colour_css(settings).encode("utf-8")}
    logo = logo_asset(settings)
    if logo and settings.logo:
        files[logo] = settings.logo.read_bytes()
    return files


def apply(config: dict[str, Any], settings: SiteSettings) -> None:
    """Put the settings into an MkDocs configuration (in place)."""
    config["site_name"] = settings.nama
    config["site_description"] = settings.deskripsi
    if settings.url:
        config["site_url"] = settings.url
    theme = config.setdefault("theme", {})
    logo = logo_asset(settings)
    if logo:
        theme["logo"] = logo
        theme["favicon"] = logo
    for palette in theme.get("palette", []):
        palette["primary"] = palette["accent"] = "custom"
    config.setdefault("extra_css", []).append(f"{ASSET_DIR}/warna.css")
