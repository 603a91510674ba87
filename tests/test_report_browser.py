"""The HTML report in a real browser: it draws, fires no dialog and fetches nothing.

Uses Debian's Chromium through Playwright; the PNG is decoded with zlib and struct so
the check needs no imaging library.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from opdcrawl.report.build import write_reports
from opdcrawl.report.data import load_region_reports
from opdcrawl.report.screenshot import screenshot_html
from tests import test_report_data
from tests.test_report_data import REGION, T2

report_data = test_report_data.report_data  # the shared fixture, registered here

pytestmark = pytest.mark.browser


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit truecolour, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, idat, header = 8, b"", b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        chunk = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upper_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line[j] for j in range(stride) if j % channels < 3))
        previous = line
    return width, height, rows


def test_png_decoder_sees_a_blank_image_as_blank() -> None:
    """The check below must be able to fail: a white PNG has one colour."""
    width, height = 4, 3
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw))
    png += chunk(b"IEND", b"")
    _, _, rows = png_pixels(png)
    colours = {row[i : i + 3] for row in rows for i in range(0, len(row), 3)}
    assert colours == {b"\xff\xff\xff"}


def test_html_report_renders_in_chromium(
    db_session: Session, report_data: dict, tmp_path: Path
) -> None:
    reports = load_region_reports(db_session, [REGION])
    (page,) = write_reports(
        reports, regions=[REGION], run="latest", formats=["html"], out_dir=tmp_path,
        generated_at=T2,
    )  # fmt: skip
    shot = screenshot_html(page, tmp_path / "laporan.png", width=900, height=700)
    assert shot.dialogs == []  # the <script>alert(1)</script> title did not run
    assert shot.blocked == []  # nothing was fetched from the network
    assert (tmp_path / "laporan.png").read_bytes() == shot.png
    width, height, rows = png_pixels(shot.png)
    assert (width, height) == (900, 700)
    colours = {row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 12)}
    assert len(colours) > 20, len(colours)  # header, badges, bars, text
    sample = [row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 12)]
    not_white = sum(1 for pixel in sample if min(pixel) < 235)
    assert not_white / len(sample) > 0.1
