"""QR codes of page addresses, for printed pages: a village's page printed for a notice board or a Musdes leads
back to the page, by phone camera, with no service involved.

segno encodes the address; the SVG is written here, one stroke per run of dark modules. Two choices keep a code
to about a millisecond, which counts with one on every village page of a national site:
- the mask is fixed rather than chosen by trying all eight: every mask reads the same to a scanner, the choice
  only avoids patterns that are harder to read, and `tests/test_qr.py` decodes what the page prints;
- the error correction is "M" (15 % of the code may be lost), for paper that gets folded or rained on.
"""

from __future__ import annotations

import re

import segno

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
_DARK_RUN = re.compile(rb"\x01+")


def qr_svg(text: str) -> str:
    """`text` as a QR code in SVG, scaled by its container (no width or height), black on white."""
    code = segno.make_qr(text, error="m", mask=0, boost_error=False)
    side = len(code.matrix) + 2 * QUIET_ZONE
    runs = [
        f"M{match.start() + QUIET_ZONE} {y + QUIET_ZONE}.5h{match.end() - match.start()}"
        for y, row in enumerate(code.matrix)
        for match in _DARK_RUN.finditer(bytes(row))
    ]
    return (
        f'<svg class="labkem-qr" viewBox="0 0 {side} {side}" shape-rendering="crispEdges" aria-hidden="true">'
        f'<rect width="{side}" height="{side}" fill="#fff"/><path stroke="#000" d="{"".join(runs)}"/></svg>'
    )
