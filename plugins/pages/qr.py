"""QR codes of the site's addresses as inline SVG: segno's codes, placed and drawn without its per-module calls.

A build makes a code for every group page's address in every language (4,000 at 1,000 groups, 40,000 at
10,000). segno (pinned in requirements.txt) spends most of its ~1.5 ms a code placing the bits module by
module and masking them through a function call per module, then drawing the SVG path through
generators. Here segno still chooses the version and error level and makes the data and error-correction
bits; where each bit goes in a version's matrix, and what the mask turns it into, is worked out once per
version; the path is drawn from runs of dark modules. The result is the same code, byte for byte, as
`segno.make_qr(url, error="m", mask=2).svg_inline(...)` (tests/test_qr.py compares them).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import zip_longest
from operator import itemgetter

from segno import consts, encoder

# A fixed mask pattern: choosing the best of eight took nine tenths of segno's time, and any mask gives a
# valid code that phones read.
MASK = 2
BORDER = 2
_DARK_RUNS = re.compile(rb"\x01+")
# Bits as the digits "0" and "1", and back.
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_BITS = bytes.maketrans(b"01", b"\x00\x01")


def qr_svg(url: str) -> str:
    """The QR code of `url` (error correction M or better) as an inline <svg class="qr"> element."""
    return draw(qr_matrix(url))


def qr_matrix(url: str) -> tuple[bytearray, ...]:
    """The modules of the QR code of `url`, one bytearray (0 light, 1 dark) a row, without the quiet zone."""
    version, error, bits = _message(url)
    width, fixed, masks, gather = _layout(version)
    # The bits masked all at once (XOR of two big integers), then every module gathered from the fixed
    # patterns or its bit in one C call.
    masked = (int.from_bytes(bits, "big") ^ masks).to_bytes(len(bits), "big")
    modules = bytes(gather(fixed + masked))
    matrix = tuple(bytearray(modules[start : start + width]) for start in range(0, width * width, width))
    encoder.add_format_info(matrix, version, error, MASK)
    encoder.add_version_info(matrix, version)
    return matrix


def _message(url: str) -> tuple[int, int, bytearray]:
    """The version, error level and final bit stream segno.make_qr(url, error="m") gives `url`."""
    segments = _segments(url)
    version = encoder.find_version(segments, consts.ERROR_LEVEL_M, eci=False, micro=False)
    error = encoder.boost_error_level(version, consts.ERROR_LEVEL_M, segments, False)
    buffer = encoder.Buffer()
    for segment in segments:
        encoder.write_segment(buffer, segment, None, encoder.version_range(version), False)
    capacity = consts.SYMBOL_CAPACITY[version][error]
    encoder.write_terminator(buffer, capacity, None, len(buffer))
    encoder.write_padding_bits(buffer, version, len(buffer))
    encoder.write_pad_codewords(buffer, version, capacity, len(buffer))
    return version, error, _final_message(version, error, buffer)


def _segments(url: str) -> encoder.Segments:
    """What segno's prepare_data(url) gives: one segment of bytes for an address, its bits made in one step."""
    data, length, encoding = encoder.data_to_bytes(url, None)
    if not length or encoder.find_mode(data) != consts.MODE_BYTE:
        return encoder.prepare_data(url, None, None)  # digits or capitals only: segno's denser modes
    bits = format(int.from_bytes(data, "big"), f"0{8 * length}b").encode("ascii").translate(_BITS)
    segments = encoder.Segments()
    segments.add_segment(encoder._Segment(bytearray(bits), length, consts.MODE_BYTE, encoding))  # segno is pinned
    return segments


def _final_message(version: int, error: int, buffer: encoder.Buffer) -> bytes:
    """The blocks' codewords interleaved, then their error codewords, as bits (segno's make_final_message)."""
    bits = bytes(buffer.getbits())
    words = int(bits.translate(_DIGITS), 2).to_bytes(len(bits) // 8, "big")
    data, errors, start = [], [], 0
    for info in consts.ECC[version][error]:
        for _ in range(info.num_blocks):
            block = words[start : start + info.num_data]
            start += info.num_data
            data.append(block)
            errors.append(_error_words(block, info.num_total - info.num_data))
    interleaved = [word for column in zip_longest(*data) for word in column if word is not None]
    interleaved += [word for column in zip_longest(*errors) for word in column if word is not None]
    stream = format(int.from_bytes(bytes(interleaved), "big"), f"0{8 * len(interleaved)}b").encode("ascii")
    return stream.translate(_BITS) + bytes(_REMAINDER.get(version, 0))


def _error_words(block: bytes, count: int) -> bytes:
    """A block's Reed-Solomon error codewords: segno's division (make_blocks), a whole row of it per step."""
    table, shift, mask = _multiples(count), 8 * (count - 1), (1 << 8 * count) - 1
    remainder = 0
    for word in block:
        remainder = ((remainder << 8) & mask) ^ table[word ^ (remainder >> shift)]
    return remainder.to_bytes(count, "big")


@cache
def _multiples(count: int) -> tuple[int, ...]:
    """The generator polynomial of `count` error codewords times each byte value, as one integer each."""
    generator, log, exp = consts.GEN_POLY[count], consts.GALIOS_LOG, consts.GALIOS_EXP
    table = [0]
    for value in range(1, 256):
        product = 0
        for coefficient in generator:
            product = product << 8 | exp[log[value] + coefficient]
        table.append(product)
    return tuple(table)


# Remainder bits after the codewords, by version (ISO/IEC 18004:2015, 7.6), as segno appends them.
_REMAINDER = {
    **dict.fromkeys((2, 3, 4, 5, 6), 7),
    **dict.fromkeys((14, 15, 16, 17, 18, 19, 20, 28, 29, 30, 31, 32, 33, 34), 3),
    **dict.fromkeys((21, 22, 23, 24, 25, 26, 27), 4),
}


@cache
def _layout(version: int) -> tuple[int, bytes, int, itemgetter]:
    """A version's width, its function patterns, the mask over its bit stream, and where each module comes from.

    The bits go where segno's add_codewords puts them (two-module columns, up and down, right to left);
    the mask covers segno's encoding region (find_and_apply_best_mask). `gather` takes, for each module
    row by row, either a fixed module or a masked bit, from the fixed modules followed by the masked bits.
    """
    width = encoder.calc_matrix_size(version)
    matrix = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(matrix, width, width)
    encoder.add_alignment_patterns(matrix, width, width)
    region = [bytearray(row) for row in matrix]
    region[-8][8] = 0x1
    mask = encoder.get_data_mask_functions(False)[MASK]
    fixed = b"".join(bytes(row) for row in matrix)
    source = list(range(width * width))  # a module's index in `fixed`, until a bit takes it
    masks = 0
    placed = 0
    for edge in range(width - 1, 0, -2):
        right = edge - 1 if edge <= 6 else edge  # the vertical timing pattern takes column 6
        for vertical in range(width):
            for column in (right, right - 1):
                upwards = ((right & 2) == 0) ^ (column < 6)
                row = width - 1 - vertical if upwards else vertical
                if matrix[row][column] == 0x2:
                    matrix[row][column] = 0x0  # taken
                    source[row * width + column] = len(fixed) + placed
                    masks = masks << 8 | (mask(row, column) if region[row][column] > 0x1 else 0)
                    placed += 1
    return width, fixed, masks, itemgetter(*source)


def draw(matrix: tuple[bytearray, ...]) -> str:
    """The matrix as an inline SVG path of its dark runs, two modules of quiet zone, as segno draws it."""
    size = len(matrix) + 2 * BORDER
    moves = []
    x, y = 0, 0
    for number, row in enumerate(matrix):
        for run in _DARK_RUNS.finditer(row):
            start, end = run.span()
            if moves:
                moves.append(f"m{start + BORDER - x} {number - y}h{end - start}")
            else:  # the first run: absolute, on the middle line of the row
                moves.append(f"M{start + BORDER} {number + BORDER + 0.5}h{end - start}")
            x, y = end + BORDER, number
    return f'<svg viewBox="0 0 {size} {size}" class="qr"><path stroke="#000" d="{"".join(moves)}"/></svg>'
