"""Draw the app icons (a white house with a heart door on the brand green) as PNG files.

Standard library only: shapes are tested per sample point, 4x4 samples per pixel for smooth
edges, and written with zlib + struct. Run from the repository root:

    python3 bench/make_icons.py
"""

import struct
import zlib
from pathlib import Path

BRAND = (0x1D, 0x5C, 0x4B)
WHITE = (0xFF, 0xFF, 0xFF)
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
SAMPLES = 4  # per axis, so 16 samples per pixel


def in_triangle(x: float, y: float, a, b, c) -> bool:
    """Say whether the point lies inside the triangle abc."""
    def side(p, q):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])
    d1, d2, d3 = side(a, b), side(b, c), side(c, a)
    return not ((d1 < 0 or d2 < 0 or d3 < 0) and (d1 > 0 or d2 > 0 or d3 > 0))


def in_heart(x: float, y: float, cx: float, cy: float, size: float) -> bool:
    """Say whether the point lies inside a heart centred on (cx, cy), ``size`` wide."""
    u = (x - cx) / (size / 2.3)
    v = (cy - y) / (size / 2.3) + 0.15
    return (u * u + v * v - 1) ** 3 - u * u * v ** 3 <= 0


def in_mark(x: float, y: float) -> bool:
    """Say whether a point of the unit square is white: a house whose door is a heart."""
    roof = in_triangle(x, y, (0.5, 0.14), (0.06, 0.52), (0.94, 0.52))
    walls = 0.18 <= x <= 0.82 and 0.46 <= y <= 0.86
    chimney = 0.66 <= x <= 0.76 and 0.2 <= y <= 0.4
    return (roof or walls or chimney) and not in_heart(x, y, 0.5, 0.66, 0.3)


def in_rounded_square(x: float, y: float, radius: float) -> bool:
    """Say whether a point of the unit square lies inside it with rounded corners."""
    dx = max(radius - x, 0, x - (1 - radius))
    dy = max(radius - y, 0, y - (1 - radius))
    return dx * dx + dy * dy <= radius * radius


def draw(size: int, mark_scale: float, corner: float) -> list[bytes]:
    """Return RGBA rows: the mark scaled about the centre, on a (maybe rounded) green tile."""
    rows = []
    step = 1 / SAMPLES
    for py in range(size):
        row = bytearray()
        for px in range(size):
            tile = mark = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) * step) / size
                    y = (py + (sy + 0.5) * step) / size
                    if corner and not in_rounded_square(x, y, corner):
                        continue
                    tile += 1
                    if in_mark(0.5 + (x - 0.5) / mark_scale, 0.5 + (y - 0.5) / mark_scale):
                        mark += 1
            row += pixel(tile, mark)
        rows.append(bytes(row))
    return rows


def pixel(tile: int, mark: int) -> bytes:
    """Blend white over green by the share of samples in each, as one RGBA pixel."""
    if tile == 0:
        return b"\0\0\0\0"
    share = mark / tile
    rgb = bytes(round(g + (w - g) * share) for g, w in zip(BRAND, WHITE, strict=True))
    return rgb + bytes([round(255 * tile / SAMPLES**2)])


def write_png(path: Path, rows: list[bytes]) -> None:
    """Write RGBA rows as an 8-bit PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    height, width = len(rows), len(rows[0]) // 4
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    raw = b"".join(b"\0" + row for row in rows)  # filter type 0 on every row
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    path.write_bytes(png)


ICONS = {
    # name: (size, mark scale, corner radius as a share of the side; 0 = square, full bleed)
    "icon-192.png": (192, 0.86, 0.18),
    "icon-512.png": (512, 0.86, 0.18),
    # Maskable: full bleed, mark inside the central 80% safe circle that any mask keeps.
    "icon-maskable-512.png": (512, 0.62, 0),
    # iOS rounds the corners itself and shows transparency as black: full bleed.
    "apple-touch-icon.png": (180, 0.74, 0),
}


def main() -> None:
    """Write every icon into static/icons/."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (size, scale, corner) in ICONS.items():
        write_png(OUT / name, draw(size, scale, corner))
        print(f"wrote {OUT / name} ({size}x{size})")


if __name__ == "__main__":
    main()
