"""Generate a synthetic bilingual site (outside the repository) for benchmarks.

Pages are realistic Markdown in both languages: headings, paragraphs, lists,
tables and links, built from sentences about Zhoushan in each language, varied
per page so that search indexes and Markdown caches do not get trivial input.

    python bench/synth.py OUT_DIR --pages 1000
"""
from __future__ import annotations

import argparse
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


def generate(out: Path, pages: int) -> Path:
    docs = out / "docs"
    (docs / "pages").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("---\ntitle: Home\ndescription: Synthetic site.\nsources_exempt: synthetic\n---\n\n# Home\n\nSynthetic benchmark site.\n", encoding="utf-8")
    (docs / "index.zh.md").write_text("---\ntitle: 首页\ndescription: 合成站点。\nsources_exempt: synthetic\n---\n\n# 首页\n\n用于基准测试的合成站点。\n", encoding="utf-8")
    for i in range(pages):
        (docs / "pages" / f"p{i:04d}.md").write_text(page_text(i, "en", pages), encoding="utf-8")
        (docs / "pages" / f"p{i:04d}.zh.md").write_text(page_text(i, "zh", pages), encoding="utf-8")
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=1000, help="pages per language")
    args = parser.parse_args()
    generate(args.out, args.pages)


if __name__ == "__main__":
    main()
