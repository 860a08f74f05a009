"""Site settings (`situs.yml`): name, address, logo and colours reach the site; mistakes are located."""

from __future__ import annotations

import colorsys
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import assume, given
from hypothesis import strategies as st
from PIL import Image

from labkem.commands.build import build
from labkem.core.options import BuildOptions
from labkem.data import site_settings
from labkem.validate import check_data

from conftest import PROJECT_DIR, labkem

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n'


def write(data_dir: Path, text: str) -> None:
    (data_dir / site_settings.FILENAME).write_text(text, encoding="utf-8")


def test_no_file_gives_the_project_defaults(tmp_path: Path) -> None:
    assert site_settings.read_settings(tmp_path) == (site_settings.SiteSettings(), [])


def test_the_template_new_region_writes_reads_back_as_written(tmp_path: Path) -> None:
    write(tmp_path, site_settings.template_text('Lab Kemiskinan Kota "Pekalongan"'))
    settings, issues = site_settings.read_settings(tmp_path)
    assert issues == []
    assert settings.nama == 'Lab Kemiskinan Kota "Pekalongan"'
    assert (settings.utama, settings.aksen, settings.url, settings.logo) == ("#00796b", "#bf360c", None, None)


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        ("nama: Lab\nwarna:\n  utama: hijau\n", 3, "warna.utama", "bukan nama warna Material"),
        ("nama: Lab\nwarna:\n  aksen: grey\n", 3, "warna.aksen", "bukan nama warna Material"),
        ("warna:\n  utama: teal\n", 2, "warna.utama", "'teal' (#009485) terlalu terang untuk teks: kontras 3,45:1"),
        (
            'warna:\n  aksen: "#FFAB00"\n',
            2,
            "warna.aksen",
            "kontras 1,73:1 dengan latar terang, WCAG 2.1 AA minta 4,5:1",
        ),
        ("nama: Lab\nurl: contoh.go.id\n", 2, "url", "harus diawali https://"),
        ("nama: Lab\nlogo: logo.svg\n", 2, "logo", "tidak ada"),
        ("nama: Lab\nlogo: ../logo.svg\n", 2, "logo", "folder data"),
        ("nama: Lab\nlogo: logo.gif\n", 2, "logo", "SVG, PNG atau WebP"),
        ("nama: Lab\nwarna_utama: teal\n", 2, "warna_utama", "tidak dikenal"),
        ("nama: [Lab\n", 2, None, "bukan YAML"),
        (f"nama: {'x' * 81}\n", 1, "nama", "80 huruf"),
    ],
)
def test_mistakes_are_problems_with_line_and_key(data_dir: Path, text: str, line: int, key: str, words: str) -> None:
    write(data_dir, text)
    problems = [p for p in check_data(data_dir).problems if p.rule == "site-config"]
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.path.endswith("situs.yml"), problem.row, problem.column) == (True, line, key)
    assert words in problem.message and problem.message.endswith("perbaiki situs.yml")


def test_a_logo_over_the_limit_is_refused_and_the_cli_exits_1(data_dir: Path) -> None:
    (data_dir / "logo.png").write_bytes(b"\x89PNG" + bytes(site_settings.LOGO_MAX_BYTES))
    write(data_dir, "logo: logo.png\n")
    result = labkem("validate", "--data", str(data_dir), "--lang", "en")
    assert result.returncode == 1
    assert "situs.yml:1:logo: site-config: logo logo.png is 100 KB; shrink it to 100 KB at most; fix situs.yml" in (
        result.stdout
    )


def test_hex_colours_get_readable_header_text() -> None:
    dark = site_settings.colour_css(site_settings.SiteSettings(utama="#1b5e20", aksen="#bf360c"))
    light = site_settings.colour_css(site_settings.SiteSettings(utama="#ffeb3b"))
    assert "--md-primary-bg-color: #ffffff;" in dark and "--md-accent-fg-color: #bf360c;" in dark
    assert "--md-primary-bg-color: #1a1a1a;" in light
    assert site_settings.contrast("#ffffff", "#000000") == pytest.approx(21.0)


def declared(css: str, selector: str) -> dict[str, str]:
    """The custom properties a rule of `css` sets, by its exact selector."""
    body = css.split(selector + " {\n", 1)[1].split("}", 1)[0]
    return dict(line.strip().rstrip(";").split(": ", 1) for line in body.strip().splitlines())


@given(st.from_regex(site_settings.HEX, fullmatch=True), st.from_regex(site_settings.HEX, fullmatch=True))
def test_every_colour_the_site_writes_as_text_reads_on_its_background(primary: str, accent: str) -> None:
    """Whatever two colours pass the check, links and links under the pointer read in both schemes."""
    passes = [
        min(site_settings.contrast(c, s) for s in site_settings.LIGHT_SURFACES) >= site_settings.TEXT_CONTRAST
        for c in (primary, accent)
    ]
    assume(all(passes))
    css = site_settings.colour_css(site_settings.SiteSettings(utama=primary, aksen=accent))
    light = declared(css, '[data-md-color-primary="custom"]') | declared(css, '[data-md-color-accent="custom"]')
    dark = declared(css, '[data-md-color-scheme="slate"][data-md-color-primary="custom"]') | declared(
        css, '[data-md-color-scheme="slate"][data-md-color-accent="custom"]'
    )
    for colours, surfaces in ((light, site_settings.LIGHT_SURFACES), (dark, site_settings.DARK_SURFACES)):
        for name in ("--md-typeset-a-color", "--md-accent-fg-color"):
            assert all(site_settings.contrast(colours[name], s) >= 4.5 for s in surfaces), (name, colours)
        # a button under the pointer: its text on the accent
        assert site_settings.contrast(colours["--md-accent-bg-color"][:7], colours["--md-accent-fg-color"]) >= 4.5
    assert light["--md-typeset-a-color"] == primary.lower() and light["--md-accent-fg-color"] == accent.lower()


@pytest.mark.parametrize("name", site_settings.PRIMARY_NAMES)
def test_a_refused_colour_comes_with_the_nearest_one_that_passes(name: str) -> None:
    code = site_settings.PRIMARY_HEX[name]
    better = site_settings.readable_on(code, site_settings.LIGHT_SURFACES, "#000000")
    ratio = min(site_settings.contrast(better, s) for s in site_settings.LIGHT_SURFACES)
    assert ratio >= site_settings.TEXT_CONTRAST
    darker = [site_settings._mix(code, "#000000", step / 100) for step in range(101)]
    if better != code:  # the step before it is too light
        assert (
            min(site_settings.contrast(darker[darker.index(better) - 1], s) for s in site_settings.LIGHT_SURFACES) < 4.5
        )


def test_material_colour_names_are_the_installed_themes() -> None:
    """The names map to the colours of the theme's own palette stylesheet (a new Material release may change them)."""
    import material

    stylesheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    css = next(stylesheets.glob("palette.*.min.css")).read_text(encoding="utf-8")
    for kind, table in (("primary", site_settings.PRIMARY_HEX), ("accent", site_settings.ACCENT_HEX)):
        for name, code in table.items():
            rule = css.split(f"[data-md-color-{kind}={name}]{{--md-{kind}-fg-color:", 1)[1].split(";", 1)[0]
            assert _as_hex(rule) == code, (kind, name, rule)


def _as_hex(value: str) -> str:
    """#rrggbb of a CSS colour as Material writes them: #rgb, #rrggbb or hsl()/hsla() with the slate hue."""
    if value.startswith("#"):
        return "#" + "".join(c * 2 for c in value[1:]) if len(value) == 4 else value
    arguments = value.replace("var(--md-hue)", "225").split("(", 1)[1]
    hue, saturation, lightness = (float(part.strip(" )%")) for part in arguments.split(",")[:3])
    r, g, b = colorsys.hls_to_rgb(hue / 360, lightness / 100, saturation / 100)
    return "#" + "".join(f"{int(c * 255 + 0.5):02x}" for c in (r, g, b))  # halves up, as browsers round


@pytest.mark.slow
def test_name_logo_colours_and_address_reach_every_page(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "logo.svg").write_text(LOGO, encoding="utf-8")
    write(
        data_dir,
        'nama: "Lab Kemiskinan Kabupaten Uji"\nurl: https://uji.example.org/lab\nlogo: logo.svg\n'
        "kontak: data@uji.example.org\n"
        'warna:\n  utama: indigo\n  aksen: "#bf360c"\n',
    )
    site = build(data_dir, tmp_path / "build" / "site", BuildOptions(pdf="off"), project_dir=PROJECT_DIR).site_dir
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.title is not None and "Lab Kemiskinan Kabupaten Uji" in home.title.get_text()
    assert home.select_one("h1").get_text(strip=True).rstrip("¶") == "Lab Kemiskinan Kabupaten Uji"
    assert home.body is not None
    assert (home.body["data-md-color-primary"], home.body["data-md-color-accent"]) == ("custom", "custom")
    assert home.select_one("link[rel=canonical]")["href"] == "https://uji.example.org/lab/"
    village = next((site / "desa").glob("*/index.html"))
    page = BeautifulSoup(village.read_text(encoding="utf-8"), "html.parser")
    logo = page.select_one(".md-logo img")
    assert logo is not None and logo["src"].endswith("assets/situs/logo.svg")
    assert (site / "assets" / "situs" / "logo.svg").read_text(encoding="utf-8") == LOGO
    assert any(link["href"].endswith("assets/situs/warna.css") for link in page.select("link[rel=stylesheet]"))
    assert "Lab Kemiskinan Kabupaten Uji. Profil" in page.get_text()  # the citation names the publisher
    # with an address, the harvestable catalogue links every file absolutely
    catalogue = json.loads((site / "data.json").read_text(encoding="utf-8"))
    urls = [d["downloadURL"] for dataset in catalogue["dataset"] for d in dataset["distribution"]]
    assert urls and all(u.startswith("https://uji.example.org/lab/") for u in urls)
    assert all((site / u.removeprefix("https://uji.example.org/lab/")).is_file() for u in urls)
    assert {d["contactPoint"]["hasEmail"] for d in catalogue["dataset"]} == {"mailto:data@uji.example.org"}
    # a shared link shows the page's own title, description and address, and the site's preview image
    og = {m["property"]: m["content"] for m in page.select("meta[property^='og:']")}
    title = page.select_one("h1").get_text(strip=True).rstrip("¶")
    address = "https://uji.example.org/lab/" + village.parent.relative_to(site).as_posix() + "/"
    assert og["og:title"].startswith(title + ", Kec. ") and og["og:url"] == address
    assert og["og:description"].startswith("Profil kemiskinan " + title)
    assert og["og:image"] == "https://uji.example.org/lab/assets/situs/pratinjau.png"
    assert page.select_one("meta[name='twitter:card']")["content"] == "summary_large_image"
    with Image.open(site / "assets" / "situs" / "pratinjau.png") as image:
        assert image.size == (1200, 630)
        assert image.getpixel((10, 10))[:3] == (0x40, 0x51, 0xB5)  # indigo, the site's main colour
    # every data page offers a way to report an error to the data officer, naming the page
    for folder in ("desa", "kecamatan", "kabupaten", "indikator/33.26", "program", "opd"):
        found = next((site / folder).glob("*/index.html"), None)
        if found is None:
            continue
        html = BeautifulSoup(found.read_text(encoding="utf-8"), "html.parser")
        report = html.select_one(".labkem-report a")
        assert report is not None, folder
        target = urlsplit(report["href"])
        fields = parse_qs(target.query)
        assert (target.scheme, target.path) == ("mailto", "data@uji.example.org")
        heading = html.select_one("h1").get_text(strip=True).rstrip("¶")
        assert fields["subject"][0].startswith("Laporan kesalahan data: " + heading), folder
        assert "https://uji.example.org/lab/" + found.parent.relative_to(site).as_posix() + "/" in fields["body"][0]


def test_new_region_writes_settings_once(data_dir: Path) -> None:
    (data_dir / site_settings.FILENAME).unlink()  # the fixture's, which only gives an address
    result = labkem("new-region", "33.25", "--data", str(data_dir))
    assert result.returncode == 0, result.stderr
    settings, issues = site_settings.read_settings(data_dir)
    assert (settings.nama, issues) == ("Lab Kemiskinan Kabupaten Batang", [])
    assert "situs.yml: nama, logo dan warna situs" in result.stdout
    again = labkem("new-region", "33.24", "--data", str(data_dir))
    assert again.returncode == 0, again.stderr
    assert site_settings.read_settings(data_dir)[0].nama == "Lab Kemiskinan Kabupaten Batang"
    assert "situs.yml" not in again.stdout


@pytest.mark.parametrize(
    ("given", "address"),
    [
        ("https://akun.github.io/labkem", "https://akun.github.io/labkem/"),
        ("https://data.contoh.go.id/", "https://data.contoh.go.id/"),
        ("  http://localhost:8000  ", "http://localhost:8000/"),
        ("akun.github.io/labkem", None),
        ("ftp://contoh.go.id/", None),
        ("https://contoh go.id/", None),
        ("https:///", None),
    ],
)
def test_a_site_address_is_absolute_and_ends_in_a_slash(given: str, address: str | None) -> None:
    assert site_settings.site_address(given) == address


def test_the_command_line_address_wins_over_situs_yml() -> None:
    settings = site_settings.SiteSettings(url="https://lama.contoh.test/")
    assert site_settings.with_address(settings, "https://baru.contoh.test/lab").url == "https://baru.contoh.test/lab/"
    assert site_settings.with_address(settings, "") == settings
