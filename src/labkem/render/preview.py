"""The site's preview image: what a link to any of its pages shows when shared on WhatsApp, Telegram or social media
(Open Graph's `og:image`, 1200 x 630 px; `overrides/main.html` names it).

It is drawn from `situs.yml` (the site's name and description on its main colour) as SVG and turned into PNG by
vl-convert, whose bundled Liberation fonts give the same bytes on every machine; chat apps do not show SVG.
"""

from __future__ import annotations

import textwrap
from html import escape

from labkem.data import site_settings

WIDTH, HEIGHT = 1200, 630
PATH = f"{site_settings.ASSET_DIR}/pratinjau.png"


def _lines(text: str, width: int, most: int) -> list[str]:
    """`text` wrapped at `width` characters, at most `most` lines (the last one cut with an ellipsis)."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > most:
        lines = [*lines[: most - 1], textwrap.shorten(" ".join(lines[most - 1 :]), width, placeholder=" …")]
    return lines


def preview_svg(settings: site_settings.SiteSettings) -> str:
    """The preview as SVG: the site's name, large, over its description, on its main colour."""
    background = site_settings.hex_of(settings.utama, site_settings.PRIMARY_HEX)
    ink = site_settings.header_ink(background)
    name = _lines(settings.nama, 24, 3)
    about = _lines(settings.deskripsi, 52, 3)
    top = HEIGHT // 2 - (len(name) * 80 + len(about) * 48) // 2 + 60
    texts = [
        f'<text x="80" y="{top + 80 * i}" font-size="68" font-weight="bold">{escape(line)}</text>'
        for i, line in enumerate(name)
    ]
    below = top + 80 * (len(name) - 1) + 70
    texts += [f'<text x="80" y="{below + 48 * i}" font-size="36">{escape(line)}</text>' for i, line in enumerate(about)]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{background}"/>'
        f'<rect y="{HEIGHT - 24}" width="{WIDTH}" height="24" fill="{ink}" fill-opacity=".25"/>'
        f'<g font-family="Liberation Sans, sans-serif" fill="{ink}">{"".join(texts)}</g></svg>'
    )


def preview_png(settings: site_settings.SiteSettings) -> bytes:
    """The preview as PNG."""
    import vl_convert

    return bytes(vl_convert.svg_to_png(preview_svg(settings), scale=1))
