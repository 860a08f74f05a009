"""QR codes of page addresses (`labkem.render.qr`): read back by a real decoder, whatever the address."""

from __future__ import annotations

import io

import pytest
import vl_convert
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

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
