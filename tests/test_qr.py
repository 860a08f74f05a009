"""QR codes of page addresses (`labkem.render.qr`): read back by a real decoder, whatever the address's length, with
every block's error correction right (a decoder would mend a few wrong codewords and hide a mistake)."""

from __future__ import annotations

import io

import pytest
import segno
import vl_convert
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from labkem.render import qr
from labkem.render.qr import qr_svg


def read(svg: str) -> list[str]:
    """What a decoder reads in `svg`, drawn at 8 px a module."""
    standalone = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" ', 1)
    png = vl_convert.svg_to_png(standalone, scale=1)
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(bytes(png))))]


@pytest.mark.parametrize(
    "address",
    [
        "https://labkem.example.org/desa/33.26.02.2008/",
        "https://akun.github.io/labkem-kabupaten-batang/kecamatan/33.25.01/",
        "https://data.contoh.go.id/lab/desa/33.06.01.2001/",
    ],
)
def test_a_code_reads_back_as_its_address(address: str) -> None:
    assert read(qr_svg(address)) == [address]


@settings(max_examples=25, deadline=None)
@given(st.from_regex(r"https://[a-z]{3,20}\.example\.org/desa/33\.[0-9]{2}\.[0-9]{2}\.[12][0-9]{3}/", fullmatch=True))
def test_any_village_address_reads_back(address: str) -> None:
    """The mask is fixed rather than chosen: every address still reads."""
    assert read(qr_svg(address)) == [address]


def test_a_code_has_its_quiet_zone_and_no_size_of_its_own() -> None:
    svg = qr_svg("https://labkem.example.org/desa/33.26.02.2008/")
    assert svg.startswith('<svg class="labkem-qr" viewBox="0 0 41 41"') and "width=" not in svg.split(">")[0]
    assert 'd="M4 4.5h7' in svg  # the first finder pattern starts four modules in


@pytest.mark.parametrize("length", [1, 10, 14, 15, 26, 40, 47, 60, 62, 84, 106, 122, 152, 180, 213, 214, 300])
def test_codes_of_every_version_read_back(length: int) -> None:
    """Lengths at and past the edges of versions 1 to 10 (and beyond, where segno encodes)."""
    address = ("https://labkem.example.org/" + "desa/33.26.02.2008/" * 20)[:length]
    assert read(qr_svg(address)) == [address]


@given(
    st.lists(st.integers(0, 255), min_size=1, max_size=44),
    st.sampled_from(sorted({degree for degree, _ in qr.BLOCKS.values()})),
)
def test_error_correction_makes_a_reed_solomon_codeword(data: list[int], degree: int) -> None:
    """A block's data followed by its correction is divisible by the generator: every syndrome is zero (a decoder
    would mend a few wrong codewords, so reading a code back does not show a mistake here)."""
    block = data + qr.error_correction(data, degree)
    for power in range(degree):  # the block as a polynomial, evaluated at each root of the generator
        value = 0
        for codeword in block:
            value = (qr.EXP[qr.LOG[value] + power] if value else 0) ^ codeword
        assert value == 0, power


@pytest.mark.parametrize("version", list(qr.BLOCKS))
def test_the_fixed_modules_are_segnos(version: int) -> None:
    """Finder, timing and alignment patterns, format and version information: as segno draws them."""
    length = next(n for n in range(1, 300) if qr._version(n) == version)
    address = "h" * length
    mine = qr.matrix(address)
    theirs = segno.make_qr(address, error="m", mask=0, boost_error=False, mode="byte")
    assert theirs.version == version and len(mine) == len(theirs.matrix)
    data = set(qr._layout(version)[1])
    fixed = [(y, x) for y in range(len(mine)) for x in range(len(mine)) if (y, x) not in data]
    assert all(mine[y][x] == theirs.matrix[y][x] for y, x in fixed)
    assert len(data) == 8 * len(qr.codewords(address.encode(), version)) + (7 if 2 <= version <= 6 else 0)
