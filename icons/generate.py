#!/usr/bin/env python3
"""Generate the HES Console app icons (Python standard library only: struct + zlib).

Design: a dark-teal rounded square (a soft top-to-bottom gradient) holding a white shield,
with a bold teal "H" cut into the shield.

Every size is rendered directly from signed distance functions with one-pixel analytic
anti-aliasing (no down-scaling), so small sizes stay crisp. The output is deterministic:
running this again produces byte-identical files.

    python3 icons/generate.py            # writes next to this script
    python3 icons/generate.py OUT_DIR    # writes elsewhere

Files: 32x32.png, 128x128.png, 128x128@2x.png (256), icon.png (512) -- all 8-bit RGBA --
plus icon.ico (16, 24, 32, 48, 64 as 32-bit DIBs; 256 as PNG) and icon.icns (PNG entries
from 16 to 1024).
"""

import math
import os
import struct
import sys
import zlib

# Colours (sRGB, 0-255).
TEAL_TOP = (0x16, 0x7A, 0x82)
TEAL_BOTTOM = (0x0B, 0x4A, 0x53)
WHITE = (0xFF, 0xFF, 0xFF)
H_COLOUR = (0x0E, 0x5A, 0x63)

# Geometry, in units of the icon's side (0..1, y grows downwards).
BG_INSET = 0.035  # transparent margin around the rounded square
BG_RADIUS = 0.22  # corner radius of the rounded square

SHIELD_CX = 0.5
SHIELD_TOP = 0.19
SHIELD_SHOULDER = 0.52  # where the straight sides start to curve to the point
SHIELD_BOTTOM = 0.84
SHIELD_HALF_W = 0.285
SHIELD_ROUND = 0.05  # rounding of the top corners

H_HALF_W = 0.135  # half the width of the H
H_TOP = 0.32
H_BOTTOM = 0.63
H_STROKE = 0.075  # width of the H's bars
H_BAR_HALF = 0.036  # half the height of the cross bar
H_BAR_Y = 0.475


def clamp01(v):
    return 0.0 if v < 0.0 else 1.0 if v > 1.0 else v


def sd_round_box(px, py, cx, cy, hw, hh, r):
    """Signed distance to a rounded box centred at (cx, cy) with half sizes hw, hh."""
    qx = abs(px - cx) - hw + r
    qy = abs(py - cy) - hh + r
    ox = qx if qx > 0.0 else 0.0
    oy = qy if qy > 0.0 else 0.0
    return math.hypot(ox, oy) + min(max(qx, qy), 0.0) - r


def shield_half_width(y):
    """Half width of the (un-rounded) shield at height y, and its derivative."""
    if y <= SHIELD_SHOULDER:
        return SHIELD_HALF_W, 0.0
    t = (y - SHIELD_SHOULDER) / (SHIELD_BOTTOM - SHIELD_SHOULDER)
    if t >= 1.0:
        return 0.0, 0.0
    span = SHIELD_BOTTOM - SHIELD_SHOULDER
    # Sides curve in like a parabola: w = W * (1 - t^2); a pointed tip at t = 1.
    return SHIELD_HALF_W * (1.0 - t * t), -2.0 * SHIELD_HALF_W * t / span


def sd_shield(px, py):
    """Approximate signed distance to the shield (exact where it matters for anti-aliasing)."""
    r = SHIELD_ROUND
    dx = abs(px - SHIELD_CX)
    # Rounded top corners: a circle of radius r in each corner quadrant.
    if py < SHIELD_TOP + r and dx > SHIELD_HALF_W - r:
        return math.hypot(dx - (SHIELD_HALF_W - r), py - (SHIELD_TOP + r)) - r
    w, dw = shield_half_width(py)
    side = (dx - w) / math.sqrt(1.0 + dw * dw)
    return max(side, SHIELD_TOP - py, py - SHIELD_BOTTOM)


def sd_h(px, py):
    """Signed distance to the bold H (union of three boxes)."""
    hh = (H_BOTTOM - H_TOP) / 2.0
    cy = (H_TOP + H_BOTTOM) / 2.0
    sw = H_STROKE / 2.0
    left = sd_round_box(px, py, SHIELD_CX - H_HALF_W + sw, cy, sw, hh, 0.008)
    right = sd_round_box(px, py, SHIELD_CX + H_HALF_W - sw, cy, sw, hh, 0.008)
    bar = sd_round_box(px, py, SHIELD_CX, H_BAR_Y, H_HALF_W - sw, H_BAR_HALF, 0.0)
    return min(left, right, bar)


def mix(a, b, t):
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def render(size):
    """Render the icon at size x size; returns RGBA rows as bytes (no filter bytes)."""
    px_unit = 1.0 / size  # one pixel in icon units
    half = 0.5 * px_unit
    bg_half = 0.5 - BG_INSET
    rows = []
    for j in range(size):
        y = (j + 0.5) / size
        grad = mix(TEAL_TOP, TEAL_BOTTOM, clamp01((y - BG_INSET) / (1.0 - 2 * BG_INSET)))
        row = bytearray(size * 4)
        for i in range(size):
            x = (i + 0.5) / size
            d_bg = sd_round_box(x, y, 0.5, 0.5, bg_half, bg_half, BG_RADIUS)
            a_bg = clamp01(0.5 - d_bg / px_unit)
            if a_bg <= 0.0:
                continue  # fully transparent (already zero)
            colour = grad
            d_s = sd_shield(x, y)
            if d_s < half:
                a_s = clamp01(0.5 - d_s / px_unit)
                colour = mix(colour, WHITE, a_s)
                d_h = sd_h(x, y)
                if d_h < half:
                    a_h = clamp01(0.5 - d_h / px_unit) * a_s
                    colour = mix(colour, H_COLOUR, a_h)
            o = i * 4
            row[o] = int(colour[0] + 0.5)
            row[o + 1] = int(colour[1] + 0.5)
            row[o + 2] = int(colour[2] + 0.5)
            row[o + 3] = int(a_bg * 255.0 + 0.5)
        rows.append(bytes(row))
    return rows


def png_bytes(size, rows):
    """Encode RGBA rows as an 8-bit RGBA PNG (colour type 6)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + r for r in rows)  # filter type 0 on every row
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico_dib(size, rows):
    """A 32-bit BGRA DIB (BITMAPINFOHEADER, bottom-up) plus its 1-bit AND mask, for an ICO entry."""
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    pixels = bytearray()
    mask = bytearray()
    mask_stride = ((size + 31) // 32) * 4
    for r in reversed(rows):
        mrow = bytearray(mask_stride)
        for i in range(size):
            red, green, blue, alpha = r[i * 4 : i * 4 + 4]
            pixels += bytes((blue, green, red, alpha))
            if alpha == 0:
                mrow[i // 8] |= 0x80 >> (i % 8)
        mask += mrow
    return header + bytes(pixels) + bytes(mask)


def ico_bytes(images):
    """images: list of (size, data) with data a DIB or a PNG. Returns the .ico file."""
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    blobs = b""
    for size, data in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return out + entries + blobs


def icns_bytes(entries):
    """entries: list of (four-char type, PNG bytes). Returns the .icns file."""
    body = b"".join(kind + struct.pack(">I", len(data) + 8) + data for kind, data in entries)
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out_dir, exist_ok=True)

    cache = {}

    def rows_for(size):
        if size not in cache:
            cache[size] = render(size)
        return cache[size]

    def png(size):
        return png_bytes(size, rows_for(size))

    def write(name, data):
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
        print(f"wrote {name} ({len(data)} bytes)")

    write("32x32.png", png(32))
    write("128x128.png", png(128))
    write("128x128@2x.png", png(256))
    write("icon.png", png(512))

    ico_images = [(s, ico_dib(s, rows_for(s))) for s in (16, 24, 32, 48, 64)]
    ico_images.append((256, png(256)))
    write("icon.ico", ico_bytes(ico_images))

    icns_entries = [
        (b"icp4", png(16)),
        (b"icp5", png(32)),
        (b"ic11", png(32)),  # 16@2x
        (b"ic12", png(64)),  # 32@2x
        (b"ic07", png(128)),
        (b"ic13", png(256)),  # 128@2x
        (b"ic08", png(256)),
        (b"ic14", png(512)),  # 256@2x
        (b"ic09", png(512)),
        (b"ic10", png(1024)),  # 512@2x
    ]
    write("icon.icns", icns_bytes(icns_entries))


if __name__ == "__main__":
    main()
