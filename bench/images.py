"""Benchmark of the image pipeline (hooks/sitekit/images_*.py).

Makes camera-sized synthetic photos (deterministic texture, JPEG quality 92),
then times the pipeline as a build runs it: cold with one worker, cold with
every core, and warm (everything from the cache), after stock Pillow on a
few of the same photos (the reference the issue's target was set against).
Prints per-photo times, throughput and the bytes published against the
originals.

    python bench/images.py [--photos 8] [--size 4000x3000] [--json]

Synthetic texture compresses differently from real photos: compare runs
with each other, not with other tools.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from sitekit import images_cache, images_encode  # noqa: E402


def synthetic_photo(width: int, height: int, seed: int) -> bytes:
    rng = random.Random(seed)
    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height)).filter(ImageFilter.GaussianBlur(0.7))
    sky = Image.linear_gradient("L").resize((width, height))
    im = Image.merge("RGB", (Image.blend(sky, noise, 0.5), Image.blend(sky, noise, 0.4),
                             Image.blend(sky.transpose(Image.Transpose.FLIP_TOP_BOTTOM), noise, 0.45)))
    draw = ImageDraw.Draw(im)
    for _ in range(40):  # hills, boats, houses: edges for the encoders
        x, y = rng.randrange(width), rng.randrange(height // 3, height)
        w, h = rng.randrange(width // 40, width // 6), rng.randrange(height // 40, height // 8)
        draw.rectangle([x, y, x + w, y + h], fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=92)
    return out.getvalue()


def stock_pillow(path: Path) -> None:
    """The reference of the issue's image target (640 ms a photo when it was
    set): what a Pillow user writes first, in one process. The whole photo
    decoded, each width resized from it, saved as WebP and JPEG with Pillow's
    defaults. Measured in the same run as the pipeline: the machine's speed
    of the moment shows in both."""
    with Image.open(path) as im:
        im.load()
        for width in (480, 960, 1600):
            small = im.resize((width, round(im.height * width / im.width)), Image.Resampling.LANCZOS)
            for fmt in ("WEBP", "JPEG"):
                small.save(io.BytesIO(), fmt)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=8)
    parser.add_argument("--size", default="4000x3000")
    parser.add_argument("--stock-photos", type=int, default=4,
                        help="photos for the stock Pillow reference (at most --photos)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    all_workers = images_cache.default_workers()
    fingerprint = images_encode.fingerprint()
    with tempfile.TemporaryDirectory(prefix="bench-images-") as tmp:
        tmp = Path(tmp)
        sources = tmp / "photos"
        sources.mkdir()
        jobs = {}
        bytes_in = 0
        for number in range(args.photos):
            data = synthetic_photo(width, height, seed=number)
            path = sources / f"photo-{number:03d}.jpg"
            path.write_bytes(data)
            bytes_in += len(data)
            jobs[images_cache.source_key(data, fingerprint)] = str(path)

        cpu_used = {}

        def cpu() -> float:
            own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

        def timed(label: str, work):
            start, cpu_start = time.perf_counter(), cpu()
            out = work()
            cpu_used[label] = cpu() - cpu_start
            return time.perf_counter() - start, out

        def pipeline(cache: Path, workers: int):
            manifests, stats = images_cache.run(jobs, cache, fingerprint, workers=workers, progress_every=1e9)
            assert not stats.errors, stats.errors
            return manifests, stats

        stock_photos = sorted(sources.iterdir())[:max(1, min(args.photos, args.stock_photos))]
        stock, _ = timed("stock", lambda: [stock_pillow(path) for path in stock_photos])
        cold1, (manifests, _) = timed("cold1", lambda: pipeline(tmp / "cache-1", 1))
        coldn, _ = timed("coldn", lambda: pipeline(tmp / "cache-n", all_workers))
        warm, (_, warm_stats) = timed("warm", lambda: pipeline(tmp / "cache-n", all_workers))
        load = os.getloadavg()[0]

    outputs = [rec for m in manifests.values() for rec in images_cache.outputs(m)]
    bytes_out = sum(rec["bytes"] for rec in outputs)
    # What a phone visitor downloads for one photo: the smallest variant of the best format.
    phone = []
    for m in manifests.values():
        best = "avif" if any(r["format"] == "avif" for r in m["variants"]) else m["variants"][-1]["format"]
        phone.append(min((r for r in m["variants"] if r["format"] == best), key=lambda r: r["width"])["bytes"])
    n = args.photos
    result = {
        "photos": n, "size": f"{width}x{height}", "workers": all_workers,
        "cold_1_worker_s": round(cold1, 3), "cold_all_workers_s": round(coldn, 3), "warm_s": round(warm, 3),
        "cold_1_worker_per_photo_s": round(cold1 / n, 3), "cold_all_workers_per_photo_s": round(coldn / n, 3),
        "warm_per_photo_s": round(warm / n, 4), "warm_encoded": warm_stats.encoded,
        "stock_photos": len(stock_photos), "stock_per_photo_s": round(stock / len(stock_photos), 3),
        "cpu_s_per_photo_stock": round(cpu_used["stock"] / len(stock_photos), 3),
        "photos_per_s_1_worker": round(n / cold1, 2), "photos_per_s_all_workers": round(n / coldn, 2),
        "bytes_in": bytes_in, "bytes_out": bytes_out, "out_over_in": round(bytes_out / bytes_in, 3),
        "cpu_s_per_photo_1_worker": round(cpu_used["cold1"] / n, 3),
        "cpu_s_per_photo_all_workers": round(cpu_used["coldn"] / n, 3), "load_average": round(load, 2),
        "phone_bytes_per_photo": round(sum(phone) / n), "avif_kept": sum(
            1 for m in manifests.values() if any(r["format"] == "avif" for r in m["variants"])),
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"images: {n} synthetic photos {width}x{height}, {bytes_in / 1e6:.1f} MB in; {all_workers} cores")
    print(f"  stock Pillow, 1 process ({len(stock_photos)} photos; whole decode, WebP and JPEG at three widths): "
          f"{stock / len(stock_photos):6.3f} s/photo")
    print(f"  cold, 1 worker:   {cold1:7.2f} s  {cold1 / n:6.3f} s/photo  {n / cold1:5.2f} photos/s")
    print(f"  cold, {all_workers} worker{'s' if all_workers > 1 else ' '}:  {coldn:7.2f} s  {coldn / n:6.3f} s/photo  {n / coldn:5.2f} photos/s"
          f"  (x{cold1 / coldn:.2f})")
    print(f"  CPU time per photo: {cpu_used['cold1'] / n:.3f} s (1 worker), {cpu_used['coldn'] / n:.3f} s "
          f"({all_workers} workers, with their start-up); load average {load:.1f}: wall times mean "
          "little when other work shares the cores")
    print(f"  warm (cache):     {warm:7.3f} s  {warm / n:6.4f} s/photo  {warm_stats.encoded} encoded")
    print(f"  bytes out: {bytes_out / 1e6:.2f} MB for every variant and share card "
          f"({100 * bytes_out / bytes_in:.1f}% of the originals); AVIF kept for {result['avif_kept']}/{n} photos")
    print(f"  a phone downloads {sum(phone) / n / 1e3:.0f} kB per photo instead of {bytes_in / n / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
