"""Generate a synthetic bilingual site (outside the repository) for benchmarks.

Pages are realistic Markdown in both languages: headings, paragraphs, lists,
tables and links, built from sentences about Zhoushan in each language, varied
per page so that search indexes and Markdown caches do not get trivial input.

Events are folders like the real ones (event.yml with the facts, index.md and
index.zh.md), listed by an events index and archive page in each language.
Photos are camera-sized JPEGs with noisy texture (they do not compress
trivially), each shown on one page with alt text in both languages.

    python bench/synth.py OUT_DIR --pages 1000 [--events 300] [--photos 200]
"""
from __future__ import annotations

import argparse
import os
import random
import textwrap
from pathlib import Path

EN = [
    "Zhoushan is an island city of 1,390 islands off the coast of Zhejiang.",
    "The Zhoushan Archipelago New Area was approved by the State Council in 2011.",
    "Ningbo-Zhoushan Port handled more than 1.3 billion tonnes of cargo in 2023.",
    "Mount Putuo is one of the four famous Buddhist mountains of China.",
    "Sister cities exchange students, officials and businesses every year.",
    "The China (Zhejiang) Pilot Free Trade Zone opened on 1 April 2017.",
    "Fishing, shipbuilding and tourism shape the economy of the islands.",
    "The International Islands Tourism Conference meets in Zhujiajian.",
    "Overseas Chinese visit their ancestral villages on roots-seeking tours.",
    "The River-Ocean Combined Transport Service Center links the Yangtze with the sea.",
    "Investors can contact the office for help with procedures.",
    "Ferries connect the main island with the outlying islands.",
]
ZH = [
    "舟山是由1390个岛屿组成的海岛城市，位于浙江沿海。",
    "浙江舟山群岛新区于2011年经国务院批准设立。",
    "宁波舟山港2023年货物吞吐量超过13亿吨。",
    "普陀山是中国四大佛教名山之一。",
    "国际友好城市之间每年互派学生、官员和企业代表团。",
    "中国（浙江）自由贸易试验区于2017年4月1日挂牌。",
    "渔业、船舶修造和旅游业是海岛经济的重要组成部分。",
    "国际海岛旅游大会在朱家尖举行。",
    "海外华裔青少年参加中国寻根之旅，回到祖籍地参观。",
    "舟山江海联运服务中心连接长江与海洋。",
    "投资者可以联系外事侨务办公室，了解办事流程。",
    "渡轮连接舟山本岛和周边岛屿。",
]
TOPICS_EN = ["Port", "Islands", "Culture", "Trade", "Fisheries", "Tourism", "Exchange", "Services"]
TOPICS_ZH = ["港口", "海岛", "文化", "贸易", "渔业", "旅游", "交流", "服务"]


def _paragraph(rng: random.Random, pool: list[str], n: int, joiner: str) -> str:
    return joiner.join(rng.choice(pool) for _ in range(n))


def page_text(i: int, lang: str, pages: int) -> str:
    rng = random.Random(f"{lang}-{i}")
    en = lang == "en"
    pool, topics, joiner = (EN, TOPICS_EN, " ") if en else (ZH, TOPICS_ZH, "")
    title = f"{rng.choice(topics)} {i}" if en else f"{rng.choice(topics)}{i}"
    other = f"../p{(i * 7 + 3) % pages:04d}/" if pages > 1 else "../"
    link = f"[{'Related page' if en else '相关页面'}]({'p%04d' % ((i * 7 + 3) % pages)}.md)"
    sections = []
    for s in range(3):
        heading = f"{rng.choice(topics)} {s + 1}" if en else f"{rng.choice(topics)}第{s + 1}节"
        items = "\n".join(f"- {rng.choice(pool)}" for _ in range(3))
        sections.append(
            f"## {heading}\n\n{_paragraph(rng, pool, 4, joiner)}\n\n{items}\n\n"
            f"| {'Year' if en else '年份'} | {'Figure' if en else '数据'} |\n|---|---|\n"
            f"| {2010 + s} | {rng.randint(100, 9999)} |\n| {2011 + s} | {rng.randint(100, 9999)} |\n"
        )
    description = rng.choice(pool)
    del other
    return textwrap.dedent(f"""\
        ---
        title: "{title}"
        description: "{description}"
        sources_exempt: synthetic benchmark page
        ---

        # {title}

        {_paragraph(rng, pool, 3, joiner)} {link}

        """) + "\n".join(sections)


CATEGORIES = ("conference", "festival", "sport", "exhibition", "exchange")

EVENT_YML = """\
start: {start}
end: {end}
status: scheduled
sequence: 0
category: {category}
venue:
  address:
    locality:
      en: Zhoushan
      zh: 舟山
    region:
      en: Zhejiang
      zh: 浙江
    country: CN
sources:
  - title:
      en: Synthetic source {i}
      zh: 合成来源{i}
    url: https://example.org/bench/{i}
"""


def write_events(docs: Path, events: int) -> None:
    """``events`` event folders over 2015-2030, and the listing pages in both languages."""
    root = docs / "events"
    root.mkdir(parents=True, exist_ok=True)
    for i in range(events):
        rng = random.Random(f"event-{i}")
        year, month, day = 2015 + i % 16, 1 + rng.randrange(12), 1 + rng.randrange(27)
        folder = root / f"{year}-bench-event-{i:04d}"
        folder.mkdir(exist_ok=True)
        (folder / "event.yml").write_text(EVENT_YML.format(
            start=f"{year}-{month:02d}-{day:02d}", end=f"{year}-{month:02d}-{day + 1:02d}",
            category=CATEGORIES[i % len(CATEGORIES)], i=i), encoding="utf-8")
        for lang, suffix, pool, joiner in (("en", "", EN, " "), ("zh", ".zh", ZH, "")):
            title = f"Bench event {i}" if lang == "en" else f"基准活动{i}"
            text = _paragraph(random.Random(f"event-{lang}-{i}"), pool, 5, joiner)
            (folder / f"index{suffix}.md").write_text(
                f"---\ntitle: {title}\ndescription: {pool[i % len(pool)]}\n---\n\n{text}\n", encoding="utf-8")
    listings = {
        "index": ("Events", "活动", "<!-- events:upcoming -->\n\n<!-- events:past -->\n\n<!-- events:categories -->"),
        "archive": ("Events by year", "活动年表", "<!-- events:archive -->"),
    }
    for name, (en_title, zh_title, markers) in listings.items():
        for suffix, title in (("", en_title), (".zh", zh_title)):
            (root / f"{name}{suffix}.md").write_text(
                f"---\ntitle: {title}\ndescription: {title}.\nsources_exempt: synthetic\n---\n\n# {title}\n\n{markers}\n",
                encoding="utf-8")
    (root / "category").mkdir(exist_ok=True)
    for category in CATEGORIES:
        for suffix in ("", ".zh"):
            (root / "category" / f"{category}{suffix}.md").write_text(
                f"---\ntitle: {category}\ndescription: {category}.\nsources_exempt: synthetic\n---\n\n"
                f"# {category}\n\n<!-- events:category {category} -->\n", encoding="utf-8")


def _photo(args: tuple[Path, int, int, int]) -> None:
    path, width, height, seed = args
    if not path.exists():
        from images import synthetic_photo  # bench/images.py: the image helper's photo maker
        path.write_bytes(synthetic_photo(width, height, seed))


def write_photos(docs: Path, photos: int, size: tuple[int, int], pages: int) -> None:
    """Photo ``n`` sits next to page ``n % pages`` and is shown on it in both languages."""
    if not photos:
        return
    import sys
    from concurrent.futures import ProcessPoolExecutor

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    folder = docs / "pages"
    jobs = [(folder / f"photo-{n:04d}.jpg", size[0], size[1], n) for n in range(photos)]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(_photo, jobs))
    for n in range(photos):
        page_no = n % max(pages, 1)
        for suffix, alt in (("", f"Harbour view number {n}"), (".zh", f"港口风景第{n}张")):
            path = folder / f"p{page_no:04d}{suffix}.md"
            with path.open("a", encoding="utf-8") as fh:
                fh.write(f"\n![{alt}](photo-{n:04d}.jpg)\n")


def generate(out: Path, pages: int, events: int = 0, photos: int = 0,
             photo_size: tuple[int, int] = (4000, 3000)) -> Path:
    docs = out / "docs"
    (docs / "pages").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("---\ntitle: Home\ndescription: Synthetic site.\nsources_exempt: synthetic\n---\n\n# Home\n\nSynthetic benchmark site.\n", encoding="utf-8")
    (docs / "index.zh.md").write_text("---\ntitle: 首页\ndescription: 合成站点。\nsources_exempt: synthetic\n---\n\n# 首页\n\n用于基准测试的合成站点。\n", encoding="utf-8")
    for i in range(pages):
        (docs / "pages" / f"p{i:04d}.md").write_text(page_text(i, "en", pages), encoding="utf-8")
        (docs / "pages" / f"p{i:04d}.zh.md").write_text(page_text(i, "zh", pages), encoding="utf-8")
    if events:
        write_events(docs, events)
    write_photos(docs, photos, photo_size, pages)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=1000, help="pages per language")
    parser.add_argument("--events", type=int, default=0, help="event folders (each a page per language)")
    parser.add_argument("--photos", type=int, default=0, help="camera-sized JPEGs shown on pages")
    parser.add_argument("--photo-size", default="4000x3000")
    args = parser.parse_args()
    width, height = (int(v) for v in args.photo_size.lower().split("x"))
    generate(args.out, args.pages, args.events, args.photos, (width, height))


if __name__ == "__main__":
    main()
