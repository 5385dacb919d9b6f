"""The world map of sister cities: outline, projection, markers.

Outline: Natural Earth's 1:110m land polygons as TopoJSON, from the npm package
``world-atlas`` 2.0.2 (installed by ``npm ci`` from package-lock.json into
node_modules/; read at build time, never shipped to visitors as a file).

Projection: plate carrée (equirectangular), centred on the Greenwich meridian,
``SCALE`` SVG units per degree:

    x = (lon + 180) * SCALE        y = (90 - lat) * SCALE

The SVG viewBox shows latitudes ``NORTH`` to ``SOUTH`` (Antarctica is cropped).
Lines are simplified with Douglas-Peucker (``TOLERANCE`` SVG units) and
coordinates rounded to one decimal, which keeps the inline SVG small.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SCALE = 3.0  # SVG units per degree: the whole world is 1080 x 540
WIDTH = 360 * SCALE
NORTH, SOUTH = 84.0, -58.0
TOLERANCE = 0.6
PACKAGE = "world-atlas"
OUTLINE_FILE = "land-110m.json"


class MapDataError(RuntimeError):
    pass


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude in degrees -> SVG x, y (see the module docstring)."""
    return (lon + 180.0) * SCALE, (90.0 - lat) * SCALE


def view_box() -> tuple[float, float, float, float]:
    _, top = project(0, NORTH)
    _, bottom = project(0, SOUTH)
    return 0.0, top, WIDTH, bottom - top


def outline_path(root: Path) -> Path:
    path = root / "node_modules" / PACKAGE / OUTLINE_FILE
    if not path.is_file():
        raise MapDataError(
            f"{path} is missing: the sister-city map draws Natural Earth's outline from the npm "
            f"package {PACKAGE}. Run `make install` (it runs `npm ci`) or `npm ci` in {root}."
        )
    return path


def decode_topojson(topology: dict, name: str) -> list[list[list[tuple[float, float]]]]:
    """The polygons (each a list of rings of (lon, lat)) of one TopoJSON object."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points, x, y = [], 0, 0
        for position in arc:
            if transform:  # quantized, delta-encoded
                x, y = x + position[0], y + position[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((position[0], position[1]))
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    polygons = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons.append([ring(r) for r in geometry["arcs"]])
        elif geometry["type"] == "MultiPolygon":
            polygons.extend([ring(r) for r in polygon] for polygon in geometry["arcs"])
    return polygons


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative; keeps the first and last point."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        (x1, y1), (x2, y2) = points[start], points[end]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        worst, index = -1.0, -1
        for i in range(start + 1, end):
            px, py = points[i]
            if length == 0:
                dist = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                dist = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            if dist > worst:
                worst, index = dist, i
        if worst > tolerance:
            keep[index] = True
            stack.extend([(start, index), (index, end)])
    return [p for p, k in zip(points, keep) if k]


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def unwrap(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses the antimeridian (Chukotka, Fiji) is made continuous
    past +-180 degrees and drawn twice, once on each side; the viewBox clips it.
    Without this its fill would stretch across the whole map."""
    out, shift, previous = [], 0.0, None
    for lon, lat in ring:
        if previous is not None and abs(lon - previous) > 180:
            shift += 360.0 if previous > lon else -360.0
        out.append((lon + shift, lat))
        previous = lon
    lons = [lon for lon, _ in out]
    if min(lons) < -180:
        return [out, [(lon + 360, lat) for lon, lat in out]]
    if max(lons) > 180:
        return [out, [(lon - 360, lat) for lon, lat in out]]
    return [out]


def rings_to_path(polygons) -> str:
    """SVG path data of projected, simplified rings; rings smaller than a pixel
    and rings wholly outside the shown latitudes are dropped."""
    parts = []
    for polygon in polygons:
        for ring in (r for original in polygon for r in unwrap(original)):
            if max(lat for _, lat in ring) < SOUTH or min(lat for _, lat in ring) > NORTH:
                continue
            projected = simplify([project(lon, lat) for lon, lat in ring], TOLERANCE)
            rounded = []
            for x, y in projected:
                point = (_number(x), _number(y))
                if not rounded or rounded[-1] != point:
                    rounded.append(point)
            if len(rounded) < 4:
                continue
            xs = [float(x) for x, _ in rounded]
            ys = [float(y) for _, y in rounded]
            if max(xs) - min(xs) < 1.5 and max(ys) - min(ys) < 1.5:
                continue
            parts.append("M" + "L".join(f"{x} {y}" for x, y in rounded[:-1]) + "Z")
    return "".join(parts)


@lru_cache(maxsize=4)
def land_path(root: Path) -> str:
    """The world's land as one SVG path, computed once per process."""
    path = outline_path(root)
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
        return rings_to_path(decode_topojson(topology, "land"))
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise MapDataError(f"{path}: not the TopoJSON world outline expected ({exc}); reinstall with `npm ci`") from exc


@dataclass(frozen=True)
class Marker:
    id: str
    x: float
    y: float
    lon: float
    lat: float


def marker(ident: str, lon: float, lat: float) -> Marker:
    x, y = project(lon, lat)
    return Marker(ident, round(x, 2), round(y, 2), lon, lat)


FONT = 16  # label size in SVG units
DOT = 6
# (dx, dy, text-anchor) of a label relative to its dot, in order of preference.
PLACES = ((9, 5, "start"), (-9, 5, "end"), (9, -9, "start"), (-9, -9, "end"), (9, 19, "start"), (-9, 19, "end"))


def text_width(label: str) -> float:
    """Rough width of a label: CJK characters are square, Latin ones narrower."""
    return sum(FONT if ord(ch) > 0x2E80 else FONT * 0.56 for ch in label)


def place_labels(points: list[tuple[str, float, float, str]]) -> dict[str, dict]:
    """Greedy label placement: each label (id, x, y, text) takes the first place
    around its dot that overlaps no dot, no label placed before and stays on the map."""
    boxes: list[tuple[float, float, float, float]] = [(x - DOT, y - DOT, x + DOT, y + DOT) for _, x, y, _ in points]
    _, top, width, height = view_box()
    placed = {}
    for ident, x, y, label in points:
        w = text_width(label)
        choice = None
        for dx, dy, anchor in PLACES:
            left = x + dx if anchor == "start" else x + dx - w
            box = (left, y + dy - FONT * 0.8, left + w, y + dy + FONT * 0.25)
            inside = box[0] >= 0 and box[2] <= width and box[1] >= top and box[3] <= top + height
            own = (x - DOT, y - DOT, x + DOT, y + DOT)
            clear = all(not _overlap(box, other) for other in boxes if other != own)
            if inside and clear:
                choice = (dx, dy, anchor, box)
                break
        if choice is None:
            dx, dy, anchor = PLACES[0]
            left = x + dx
            choice = (dx, dy, anchor, (left, y + dy - FONT * 0.8, left + w, y + dy + FONT * 0.25))
        dx, dy, anchor, box = choice
        boxes.append(box)
        placed[ident] = {"x": round(x + dx, 2), "y": round(y + dy, 2), "anchor": anchor}
    return placed


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
