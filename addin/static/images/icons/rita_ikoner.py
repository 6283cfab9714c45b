"""Draw the ribbon icons (16, 32 and 80 px PNG) in pure Python: no image library needed.

    python addin/static/images/icons/rita_ikoner.py

Each icon is drawn once on a 4× oversampled 80 px canvas with simple shapes and scaled
down with a box filter (antialiasing), then written as RGBA PNG with zlib.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
SIZES = (16, 32, 64, 80)  # 16/32/80: ribbon; 32/64: add-in icon in the store and admin center
S = 4 * 80  # oversampled canvas
BLUE = (31, 78, 120, 255)  # the tab colour of the derived sheets (1F4E78)
GREEN = (46, 139, 87, 255)
RED = (192, 0, 0, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)

Canvas = list[list[tuple[int, int, int, int]]]


def canvas() -> Canvas:
    return [[CLEAR] * S for _ in range(S)]


def fill(c: Canvas, inside: Callable[[float, float], bool], color) -> None:
    for y in range(S):
        fy = (y + 0.5) / S
        row = c[y]
        for x in range(S):
            if inside((x + 0.5) / S, fy):
                row[x] = color


def rounded(x0, y0, x1, y1, r):
    def inside(x, y):
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    return inside


def rect(x0, y0, x1, y1):
    return lambda x, y: x0 <= x <= x1 and y0 <= y <= y1


def segment(ax, ay, bx, by, w):
    def inside(x, y):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        px, py = ax + t * dx, ay + t * dy
        return (x - px) ** 2 + (y - py) ** 2 <= (w / 2) ** 2
    return inside


def polyline(points, w):
    parts = [segment(*points[i], *points[i + 1], w) for i in range(len(points) - 1)]
    return lambda x, y: any(p(x, y) for p in parts)


def background(c: Canvas, color=BLUE) -> None:
    fill(c, rounded(0.04, 0.04, 0.96, 0.96, 0.16), color)


def uppdatera(c: Canvas) -> None:  # bars and a rising forecast line
    background(c)
    for x0, h in ((0.18, 0.22), (0.36, 0.34), (0.54, 0.28), (0.72, 0.46)):
        fill(c, rect(x0, 0.82 - h, x0 + 0.12, 0.82), (255, 255, 255, 170))
    fill(c, polyline([(0.16, 0.62), (0.40, 0.46), (0.58, 0.52), (0.84, 0.22)], 0.08), WHITE)
    fill(c, polyline([(0.70, 0.20), (0.86, 0.20), (0.86, 0.36)], 0.08), WHITE)


def validera(c: Canvas) -> None:  # a check mark
    background(c, GREEN)
    fill(c, polyline([(0.22, 0.52), (0.42, 0.72), (0.78, 0.28)], 0.13), WHITE)


def aterrapportering(c: Canvas) -> None:  # a form with lines and a krona sign
    background(c)
    fill(c, rect(0.24, 0.16, 0.76, 0.84), WHITE)
    for y in (0.30, 0.44, 0.58):
        fill(c, rect(0.32, y, 0.68, y + 0.05), BLUE)
    fill(c, rect(0.32, 0.70, 0.52, 0.75), RED)


def inskickade(c: Canvas) -> None:  # a stack of workbooks with a check
    background(c)
    for off in (0.0, 0.08, 0.16):
        fill(c, rect(0.20 + off, 0.40 - off, 0.60 + off, 0.80 - off), (255, 255, 255, 150 + int(off * 600)))
    fill(c, polyline([(0.42, 0.52), (0.52, 0.62), (0.70, 0.40)], 0.08), GREEN)


def aktivitetsfonster(c: Canvas) -> None:  # a window with a side pane
    background(c)
    fill(c, rect(0.18, 0.22, 0.82, 0.78), WHITE)
    fill(c, rect(0.58, 0.30, 0.76, 0.72), BLUE)
    fill(c, rect(0.18, 0.22, 0.82, 0.30), (200, 215, 230, 255))


def rapport(c: Canvas) -> None:  # a Word page with a heading, text lines and a small chart
    background(c)
    fill(c, rect(0.24, 0.14, 0.76, 0.86), WHITE)
    fill(c, rect(0.31, 0.22, 0.62, 0.28), BLUE)
    for y in (0.35, 0.43):
        fill(c, rect(0.31, y, 0.69, y + 0.04), (150, 170, 190, 255))
    for x0, h in ((0.33, 0.10), (0.45, 0.18), (0.57, 0.14)):
        fill(c, rect(x0, 0.78 - h, x0 + 0.08, 0.78), GREEN)


def faststall(c: Canvas) -> None:  # a history table with a round green seal
    background(c)
    fill(c, rect(0.18, 0.18, 0.70, 0.80), WHITE)
    for y in (0.28, 0.40, 0.52, 0.64):
        fill(c, rect(0.25, y, 0.63, y + 0.05), (150, 170, 190, 255))
    fill(c, rounded(0.52, 0.50, 0.86, 0.84, 0.17), GREEN)
    fill(c, polyline([(0.60, 0.67), (0.67, 0.74), (0.79, 0.59)], 0.06), WHITE)


ICONS = {
    "uppdatera": uppdatera,
    "validera": validera,
    "aterrapportering": aterrapportering,
    "inskickade": inskickade,
    "aktivitetsfonster": aktivitetsfonster,
    "rapport": rapport,
    "faststall": faststall,
}


def downsample(c: Canvas, size: int) -> list[list[tuple[int, int, int, int]]]:
    f = S // size
    out = []
    for y in range(size):
        row = []
        for x in range(size):
            acc = [0, 0, 0, 0]
            for yy in range(y * f, (y + 1) * f):
                for px in c[yy][x * f:(x + 1) * f]:
                    a = px[3]
                    acc[0] += px[0] * a
                    acc[1] += px[1] * a
                    acc[2] += px[2] * a
                    acc[3] += a
            n = f * f
            alpha = acc[3] / n
            if acc[3]:
                row.append((round(acc[0] / acc[3]), round(acc[1] / acc[3]), round(acc[2] / acc[3]), round(alpha)))
            else:
                row.append(CLEAR)
        out.append(row)
    return out


def png(pixels: list[list[tuple[int, int, int, int]]]) -> bytes:
    height, width = len(pixels), len(pixels[0])
    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main() -> None:
    for name, draw in ICONS.items():
        c = canvas()
        draw(c)
        for size in SIZES:
            (HERE / f"prognos-{name}-{size}.png").write_bytes(png(downsample(c, size)))
    print(f"Skrev {len(ICONS) * len(SIZES)} ikoner i {HERE}")


if __name__ == "__main__":
    main()
