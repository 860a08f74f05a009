"""QR codes of page addresses, for printed pages: a village's page printed for a notice board or a Musdes leads
back to the page, by phone camera, with no service involved.

Every village page carries one, so a code must cost little: segno, a complete encoder, takes 1.6 ms a code
(14 s of a province build). Addresses are short, so this module encodes them itself, in about a quarter of a
millisecond, for what they need: byte mode, versions 1 to 10 (up to 213 bytes), error correction level M (15 %
of the code may be lost: paper gets folded and rained on) and one fixed mask. A scanner reads any of the eight
masks; choosing among them only avoids patterns that are harder to read, and the tests read back what is printed.
What differs between two codes of one version is only their data modules, so for each version the module order
of the data and the modules that are the same in every code (finder, timing and alignment patterns, format and
version information) are worked out once: the fixed ones are taken from segno, which also encodes any address too
long for version 10. `tests/test_qr.py` decodes codes of every length with zxing-cpp and checks each block's
error correction.
"""

from __future__ import annotations

import re
from functools import cache

import segno

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
_DARK_RUN = re.compile(rb"\x01+")

# level M, by version: (error correction codewords per block, data codewords of each block) (ISO/IEC 18004, table 9)
BLOCKS = {
    1: (10, (16,)),
    2: (16, (28,)),
    3: (26, (44,)),
    4: (18, (32, 32)),
    5: (24, (43, 43)),
    6: (16, (27, 27, 27, 27)),
    7: (18, (31, 31, 31, 31)),
    8: (22, (38, 38, 39, 39)),
    9: (22, (36, 36, 36, 37, 37)),
    10: (26, (43, 43, 43, 43, 44)),
}
# the rows and columns of the alignment patterns' centres, by version (annex E)
ALIGNMENT = {
    1: (),
    2: (6, 18),
    3: (6, 22),
    4: (6, 26),
    5: (6, 30),
    6: (6, 34),
    7: (6, 22, 38),
    8: (6, 24, 42),
    9: (6, 26, 46),
    10: (6, 28, 50),
}

# GF(256) with the polynomial x^8 + x^4 + x^3 + x^2 + 1, as exponent and logarithm tables
EXP = [0] * 512
LOG = [0] * 256
_value = 1
for _power in range(255):
    EXP[_power] = _value
    LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _power in range(255, 512):
    EXP[_power] = EXP[_power - 255]


@cache
def _generator(degree: int) -> tuple[int, ...]:
    """The Reed-Solomon generator polynomial of `degree`, its coefficients after the leading 1 as logarithms."""
    poly = [1]
    for i in range(degree):
        product = [*poly, 0]
        for j, coefficient in enumerate(poly):
            if coefficient:
                product[j + 1] ^= EXP[LOG[coefficient] + i]
        poly = product
    return tuple(LOG[c] for c in poly[1:])


def error_correction(data: list[int], degree: int) -> list[int]:
    """The `degree` error correction codewords of one block of `data` codewords."""
    generator = _generator(degree)
    remainder = [0] * degree
    for codeword in data:
        factor = codeword ^ remainder[0]
        remainder = [*remainder[1:], 0]
        if factor:
            log = LOG[factor]
            for k, g in enumerate(generator):
                remainder[k] ^= EXP[log + g]
    return remainder


@cache
def _layout(version: int) -> tuple[tuple[bytes, ...], tuple[tuple[int, int], ...]]:
    """A code of `version` with its data modules all zero bits (masked), and the data modules in placement order."""
    size = 17 + 4 * version
    fixed = [[False] * size for _ in range(size)]
    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):  # finder patterns with their separators
        for y in range(max(0, top - 1), min(size, top + 8)):
            for x in range(max(0, left - 1), min(size, left + 8)):
                fixed[y][x] = True
    for i in range(size):  # timing patterns
        fixed[6][i] = fixed[i][6] = True
    centres = ALIGNMENT[version]
    corners = {(0, 0), (0, len(centres) - 1), (len(centres) - 1, 0)}
    for a, cy in enumerate(centres):
        for b, cx in enumerate(centres):
            if (a, b) not in corners:
                for y in range(cy - 2, cy + 3):
                    for x in range(cx - 2, cx + 3):
                        fixed[y][x] = True
    for i in range(9):  # format information (and the dark module, inside the second copy's column)
        fixed[8][i] = fixed[i][8] = True
    for i in range(8):
        fixed[8][size - 1 - i] = fixed[size - 1 - i][8] = True
    if version >= 7:  # version information
        for i in range(6):
            for j in range(3):
                fixed[i][size - 11 + j] = fixed[size - 11 + j][i] = True
    order = []
    for right in range(size - 1, 0, -2):  # two columns at a time, right to left, up then down
        right = right - 1 if right <= 6 else right
        upward = ((right + 1) & 2) == 0
        for step in range(size):
            y = size - 1 - step if upward else step
            order += [(y, x) for x in (right, right - 1) if not fixed[y][x]]
    reference = segno.make_qr("0", version=version, error="m", mask=0, boost_error=False)
    template = [bytearray(row) for row in reference.matrix]
    for y, x in order:
        template[y][x] = (y + x) % 2 == 0  # mask 0 over data bits that are all zero
    return tuple(bytes(row) for row in template), tuple(order)


def _version(length: int) -> int | None:
    """The smallest version that holds `length` bytes at level M, or None past version 10."""
    for version, (_, blocks) in BLOCKS.items():
        if 4 + (8 if version < 10 else 16) + 8 * length <= 8 * sum(blocks):
            return version
    return None


def codewords(data: bytes, version: int) -> list[int]:
    """The codewords of `data` in byte mode in a code of `version`, data then error correction, interleaved."""
    degree, blocks = BLOCKS[version]
    capacity = sum(blocks)
    count_bits = 8 if version < 10 else 16
    bits = ((0b0100 << count_bits | len(data)) << 8 * len(data)) | int.from_bytes(data, "big")
    used = 4 + count_bits + 8 * len(data)
    terminator = min(4, 8 * capacity - used)
    padding = (-(used + terminator)) % 8
    bits <<= terminator + padding
    words = list(bits.to_bytes((used + terminator + padding) // 8, "big"))
    words += [0xEC, 0x11] * ((capacity - len(words) + 1) // 2)
    words = words[:capacity]
    split, start = [], 0
    for length in blocks:
        split.append(words[start : start + length])
        start += length
    corrections = [error_correction(block, degree) for block in split]
    stream = [block[i] for i in range(max(blocks)) for block in split if i < len(block)]
    return stream + [c[i] for i in range(degree) for c in corrections]


def matrix(text: str) -> list[bytearray]:
    """The modules of `text`'s QR code, a row of 0 (light) and 1 (dark) bytes each."""
    data = text.encode("utf-8")
    version = _version(len(data))
    if version is None:
        return [bytearray(row) for row in segno.make_qr(text, error="m", mask=0, boost_error=False).matrix]
    template, order = _layout(version)
    modules = [bytearray(row) for row in template]
    at = 0
    for codeword in codewords(data, version):
        for shift in range(7, -1, -1):
            if codeword >> shift & 1:
                y, x = order[at]
                modules[y][x] ^= 1
            at += 1
    return modules


def qr_svg(text: str) -> str:
    """`text` as a QR code in SVG, scaled by its container (no width or height), black on white."""
    rows = matrix(text)
    side = len(rows) + 2 * QUIET_ZONE
    runs = [
        f"M{match.start() + QUIET_ZONE} {y + QUIET_ZONE}.5h{match.end() - match.start()}"
        for y, row in enumerate(rows)
        for match in _DARK_RUN.finditer(row)
    ]
    return (
        f'<svg class="labkem-qr" viewBox="0 0 {side} {side}" shape-rendering="crispEdges" aria-hidden="true">'
        f'<rect width="{side}" height="{side}" fill="#fff"/><path stroke="#000" d="{"".join(runs)}"/></svg>'
    )
