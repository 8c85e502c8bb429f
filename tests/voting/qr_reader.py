"""Reading a letter's QR code back, as a phone would: the inline SVG's path drawn as
modules, then ISO/IEC 18004's format information, unmasking, codeword order and byte
mode. Error correction is not needed: the drawing is perfect."""

import math
import re

from segno.consts import ECC

_PATH = re.compile(r'<path[^>]*\sd="([^"]*)"')
_STEP = re.compile(r"([MmHhVv])\s*(-?[\d.]+)(?:[\s,]+(-?[\d.]+))?")
_MASKS = (
    lambda x, y: (x + y) % 2 == 0,
    lambda x, y: y % 2 == 0,
    lambda x, y: x % 3 == 0,
    lambda x, y: (x + y) % 3 == 0,
    lambda x, y: (x // 3 + y // 2) % 2 == 0,
    lambda x, y: x * y % 2 + x * y % 3 == 0,
    lambda x, y: (x * y % 2 + x * y % 3) % 2 == 0,
    lambda x, y: ((x + y) % 2 + x * y % 3) % 2 == 0,
)


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """The (x, y) of every dark module the path draws, as horizontal runs of lines."""
    (path,) = _PATH.findall(svg)
    x = y = 0.0
    dark = set()
    for command, first, second in _STEP.findall(path):
        if command in "Mm":
            dx, dy = float(first), float(second)
            x, y = (dx, dy) if command == "M" else (x + dx, y + dy)
        elif command in "Hh":
            end = float(first) if command == "H" else x + float(first)
            dark.update((column, math.floor(y)) for column in range(round(x), round(end)))
            x = end
        else:
            raise AssertionError(f"unexpected path command {command}")
    return dark


def _function_modules(size: int, version: int) -> set[tuple[int, int]]:
    """Finders with their separators and format areas, timing, alignment, version."""
    taken = {(x, y) for x in range(9) for y in range(9)}
    taken |= {(x, y) for x in range(size - 8, size) for y in range(9)}
    taken |= {(x, y) for x in range(9) for y in range(size - 8, size)}
    taken |= {(6, i) for i in range(size)} | {(i, 6) for i in range(size)}
    if version > 1:
        count = version // 7 + 2
        step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
        centres = [6, *sorted(size - 7 - i * step for i in range(count - 1))]
        for cx in centres:
            for cy in centres:
                if (cx, cy) in ((6, 6), (6, size - 7), (size - 7, 6)):
                    continue
                taken |= {(cx + i, cy + j) for i in range(-2, 3) for j in range(-2, 3)}
    if version >= 7:
        taken |= {(size - 11 + i, j) for i in range(3) for j in range(6)}
        taken |= {(j, size - 11 + i) for i in range(3) for j in range(6)}
    return taken


def read_qr_svg(svg: str) -> str:
    """The text a QR code drawn as inline SVG holds (byte mode)."""
    dark = dark_modules(svg)
    left, top = min(x for x, _ in dark), min(y for _, y in dark)
    dark = {(x - left, y - top) for x, y in dark}
    size = max(x for x, _ in dark) + 1
    version = (size - 17) // 4
    assert size == 17 + 4 * version, size

    places = [(8, i) for i in range(6)] + [(8, 7), (8, 8), (7, 8)]
    places += [(14 - i, 8) for i in range(9, 15)]
    bits = sum(((x, y) in dark) << i for i, (x, y) in enumerate(places)) ^ 0x5412
    level, mask = bits >> 13, (bits >> 10) & 7

    function = _function_modules(size, version)
    stream = []
    for right in range(size - 1, 0, -2):
        right = 5 if right == 6 else right
        upward = (right + 1) & 2 == 0
        for vertical in range(size):
            y = size - 1 - vertical if upward else vertical
            for x in (right, right - 1):
                if (x, y) not in function:
                    stream.append(((x, y) in dark) ^ _MASKS[mask](x, y))
    codewords = [
        int("".join("1" if b else "0" for b in stream[i : i + 8]), 2)
        for i in range(0, len(stream) - 7, 8)
    ]
    blocks = [ec.num_data for ec in ECC[version][level] for _ in range(ec.num_blocks)]
    data: list[list[int]] = [[] for _ in blocks]
    position = 0
    for i in range(max(blocks)):
        for block, length in enumerate(blocks):
            if i < length:
                data[block].append(codewords[position])
                position += 1
    bits_text = "".join(f"{byte:08b}" for block in data for byte in block)
    assert bits_text[:4] == "0100", "not byte mode"
    count_bits = 8 if version < 10 else 16
    length = int(bits_text[4 : 4 + count_bits], 2)
    start = 4 + count_bits
    return bytes(
        int(bits_text[start + 8 * i : start + 8 * i + 8], 2) for i in range(length)
    ).decode("utf-8")
