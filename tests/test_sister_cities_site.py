"""Sister cities (issue 5) in a built bilingual fixture site: generated pages in
both languages (point 2), the directory and its no-JavaScript views, the SVG
pictures with markers where their coordinates put them (point 3), partner
pages with only what the data holds and linked exchanges (point 5), errors in
the data failing the build (point 1), and byte-identical rebuilds."""
from __future__ import annotations

import hashlib

import lxml.etree
import pytest

from sister_cities_fixture import DATA, EPOCH, IDS, site_pages
from sitebuild import ROOT, build_fixture
from sitekit import sister_cities_map as geo
from sitekit.sister_cities_schema import PartialDate
from sitekit.sister_cities_timeline import date_x, scale_for

COORDS = {"alpha": (-100.0, 40.0), "beta": (139.0, 35.0), "delta": (151.2, -33.9)}  # lon, lat from the fixture


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    build = build_fixture(tmp_path_factory.mktemp("sister"), site_pages(), env={"SOURCE_DATE_EPOCH": EPOCH},
                          data={"sister_cities.yml": DATA})
    assert build.ok, build.output
    return build


def svg_of(site, rel: str, figure_class: str):
    """The inline SVG of a figure exactly as published, parsed as strict XML
    (an HTML parser would forgive errors and lower-case viewBox)."""
    text = (site.site / rel / "index.html").read_text(encoding="utf-8")
    start = text.index("<svg", text.index(f'<figure class="{figure_class}">'))
    end = text.index("</svg>", start) + len("</svg>")
    return lxml.etree.fromstring(text[start:end].encode("utf-8"))


NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.mark.parametrize("prefix, lang", [("", "en"), ("zh/", "zh-Hans")])
def test_a_page_per_partnership_in_both_languages(site, prefix, lang):
    for ident in IDS:
        soup = site.html(f"{prefix}sister-cities/{ident}/")
        assert soup.html["lang"] == lang
        alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
        assert alternates["en"].endswith(f"/sister-cities/{ident}/")
        assert alternates["zh-Hans"].endswith(f"/zh/sister-cities/{ident}/")
        assert soup.select_one(".zs-sister-profile") is not None
        assert soup.select_one(".zs-sister-profile") is not None and "<!-- sister-cities:" not in str(soup)
        assert soup.select_one(".zs-sources li") is not None  # the record's sources
    for view in ("by-country", "by-tier", "by-side", "by-year"):
        assert (site.site / prefix / "sister-cities" / view / "index.html").is_file()


def test_generated_pages_are_in_their_language(site):
    en = site.html("sister-cities/beta/")
    zh = site.html("zh/sister-cities/beta/")
    assert en.h1.get_text(strip=True).startswith("Betaburg, Beta Prefecture, Japan")
    assert zh.h1.get_text(strip=True).startswith("日本贝塔县贝塔市")
    assert en.select_one('meta[name="description"]')["content"] == \
        "Betaburg, Beta Prefecture, Japan: Sister city of Putuo District since 2019."
    assert "普陀区" in zh.select_one(".zs-sister-facts").get_text()
    assert zh.select_one('.zs-sister-facts span[lang="ja"]').get_text() == "ベータ市"


def test_an_editor_page_keeps_its_text_and_gets_the_facts(site):
    en = site.html("sister-cities/alpha/")
    assert en.h1.get_text(strip=True).startswith("Alphaville, our oldest partner")
    assert "Written by an editor." in en.select_one("article").get_text()
    profile = en.select_one(".zs-sister-profile")
    assert profile.find_previous("h1") is not None  # after the heading
    assert [li.get_text(strip=True) for li in en.select(".zs-sources li")] == ["Alpha source"]
    # No Chinese text was written: the Chinese page is generated, not a fallback copy.
    zh = site.html("zh/sister-cities/alpha/")
    assert zh.select_one(".zs-untranslated") is None and "Written by an editor." not in zh.get_text()
    assert zh.h1.get_text(strip=True).startswith("美国堪萨斯州阿尔法市")
    assert site.html("sister-cities/alpha/").select_one('link[hreflang="zh-Hans"]') is not None


def test_partner_pages_show_only_what_the_data_holds(site):
    alpha = site.html("sister-cities/alpha/").select_one(".zs-sister-profile")
    headings = [h.get_text(strip=True) for h in alpha.find_all("h2")]
    assert headings == ["Areas of cooperation", "Contacts"]
    assert [li.get_text(strip=True) for li in alpha.select("h2 + ul li")][:2] == ["Fisheries", "Ports"]
    assert alpha.select_one('a[href="mailto:friends@alpha.example.org"]') is not None
    assert alpha.select_one('a[href="tel:+15550100"]') is not None
    assert alpha.select_one('a[href="https://alpha.example.org/"]') is not None
    gamma = site.html("sister-cities/gamma/").select_one(".zs-sister-profile")
    assert gamma.find_all("h2") == []  # no history, cooperation, exchanges or contacts in the data
    assert "Position on the map" not in gamma.get_text()


@pytest.mark.parametrize("prefix, heading", [("", "Exchanges"), ("zh/", "交流活动")])
def test_exchanges_link_the_pages_that_name_the_partner(site, prefix, heading):
    beta = site.html(f"{prefix}sister-cities/beta/").select_one(".zs-sister-profile")
    assert [h.get_text(strip=True) for h in beta.find_all("h2")] == ["交往历程" if prefix else "History", heading]
    links = beta.select(".zs-sister-exchanges a")
    assert [a["href"] for a in links] == ["../../news/visit/"]
    history = [li.get_text(" ", strip=True) for li in beta.select(".zs-sister-history li")]
    assert len(history) == 2 and ("2019" in history[1])
    assert site.html(f"{prefix}sister-cities/delta/").select_one(".zs-sister-exchanges") is None


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_the_directory_lists_every_record(site, prefix):
    soup = site.html(f"{prefix}sister-cities/")
    table = soup.select_one("[data-sister-directory] table")
    ids = [tr["data-id"] for tr in table.select("tbody tr")]
    assert ids == ["alpha", "beta", "gamma", "delta"]  # oldest first
    assert [a["href"] for a in table.select("tbody th a")] == [f"{i}/" for i in IDS]
    beta = table.select_one('tr[data-id="beta"]')
    assert (beta["data-country"], beta["data-tier"], beta["data-side"], beta["data-year"]) == \
        ("JP", "sister_city", "putuo", "2017")
    form = soup.select_one("[data-sister-filters]")
    assert form.has_attr("hidden")  # revealed by the script only
    assert [s["name"] for s in form.select("select")] == ["country", "tier", "side", "year"]


def test_grouped_views_filter_and_sort_without_javascript(site):
    soup = site.html("sister-cities/by-side/")
    groups = soup.select("table tbody")
    assert [g["id"] for g in groups] == ["side-city", "side-putuo", "side-daishan"]
    assert [[tr["data-id"] for tr in g.select("tr[data-id]")] for g in groups] == [["alpha", "gamma"], ["beta"], ["delta"]]
    links = site.html("sister-cities/").select(".zs-sister-views a")
    assert "../by-year/#year-2017" not in [a["href"] for a in links]
    assert "by-year/#year-2017" in [a["href"] for a in links]
    zh = site.html("zh/sister-cities/by-tier/")
    assert [g.select_one("th").get_text(strip=True) for g in zh.select("table tbody")] == \
        ["友好城市 (2)", "友好交流城市 (1)", "合作备忘录 (1)"]


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_map_svg_parses_and_markers_sit_at_their_coordinates(site, prefix):
    soup = site.html(f"{prefix}sister-cities/")
    svg = svg_of(site, f"{prefix}sister-cities", "zs-sister-map")
    assert svg.get("viewBox") == " ".join(f"{v:g}" for v in geo.view_box())
    assert svg.find("s:title", NS).text
    land = svg.find("s:path", NS).get("d")
    assert land == geo.land_path(geo.Path(__file__).resolve().parent.parent)
    markers = svg.findall("s:a", NS)
    assert sorted(a.get("data-id") for a in markers) == sorted(COORDS)
    for a in markers:
        lon, lat = COORDS[a.get("data-id")]
        x, y = geo.project(lon, lat)
        circle = a.find("s:circle", NS)
        assert float(circle.get("cx")) == pytest.approx(x, abs=0.01)
        assert float(circle.get("cy")) == pytest.approx(y, abs=0.01)
        assert a.get("href") == f"{a.get('data-id')}/"
    # Beta at 139E 35N: east of Zhoushan's square, north of Delta.
    home = svg.find("s:g/s:rect", NS)
    assert float(home.get("x")) + 5 == pytest.approx(geo.project(122.2, 30.0)[0])
    caption = soup.select_one(".zs-sister-map figcaption")
    assert "gamma/" in [a["href"] for a in caption.select("a")]  # listed, not mapped


def test_timeline_svg_has_a_line_per_relationship_by_year_and_tier(site):
    svg = svg_of(site, "sister-cities", "zs-sister-timeline")
    rows = {a.get("data-id"): a for a in svg.findall("s:a", NS)}
    assert list(rows) == IDS
    scale = scale_for(1995, __import__("datetime").date(2026, 11, 23))
    beta_points = [(c.get("class"), float(c.get("cx"))) for c in rows["beta"].findall("s:circle", NS)]
    assert beta_points == [("zs-tier-friendly_exchange", date_x(scale, PartialDate(2017, 3))),
                           ("zs-tier-sister_city", date_x(scale, PartialDate(2019)))]
    assert [t.text for t in svg.findall("s:g/s:text", NS)] == ["1995", "2000", "2005", "2010", "2015", "2020", "2025"]


@pytest.mark.parametrize("prefix, words", [("", "this directory records 3"), ("zh/", "本名录记录的同期新结友城为3对")])
def test_progress_view_counts_from_the_data_and_says_what_is_unverified(site, prefix, words):
    soup = site.html(f"{prefix}sister-cities/")
    svg = svg_of(site, f"{prefix}sister-cities", "zs-sister-progress")
    filled = svg.findall(".//s:rect[@class='zs-recorded']", NS)
    empty = svg.findall(".//s:rect[@class='zs-planned']", NS)
    assert (len(filled), len(empty)) == (3, 7)
    assert sorted(a.get("href") for a in svg.findall("s:a", NS)) == ["beta/", "delta/", "gamma/"]
    note = soup.select_one(".zs-sister-progress-note").get_text(" ", strip=True)
    assert words in note
    assert ("unverified" in note) if not prefix else ("尚未核实" in note)


@pytest.mark.parametrize("prefix, first", [("", "March 2027"), ("zh/", "2027年3月")])
def test_coming_anniversaries(site, prefix, first):
    items = site.html(f"{prefix}sister-cities/").select(".zs-sister-anniversaries li")
    assert [li.select_one("a")["href"] for li in items] == ["beta/", "gamma/", "delta/", "alpha/"]
    assert items[0].time.get_text() == first and items[0].time["datetime"] == "2027-03"


def test_pictures_have_titles_and_keyboard_reachable_links(site):
    soup = site.html("sister-cities/")
    for css in (".zs-sister-map svg", ".zs-sister-timeline svg", ".zs-sister-progress svg"):
        svg = soup.select_one(css)
        assert soup.find(id=svg["aria-labelledby"]).get_text(strip=True)
        for a in svg.find_all("a"):
            assert a.get("href") and a.get("aria-label")
        assert svg.find_parent("figure").select_one('figcaption a[href="#sister-directory"]') or "progress" in css


def test_assets_load_once_per_page_from_this_site(site):
    soup = site.html("zh/sister-cities/")
    assert [s["src"] for s in soup.select('script[src*="sister-cities"]')] == ["../../assets/sister-cities.js"]
    assert len(soup.select('link[href$="sister-cities.css"]')) == 1
    assert (site.site / "assets" / "sister-cities.js").stat().st_size < 6000


def test_one_new_record_appears_everywhere_and_other_pages_rebuild_identically(site, tmp_path):
    """Done when: adding a partnership is one data record (here: the editor
    template, docs/templates/sister-city.yml). A second build also shows that
    output is reproducible: pages the new record does not touch are byte-identical."""
    record = (ROOT / "docs" / "templates" / "sister-city.yml").read_text(encoding="utf-8")
    pages = site_pages()
    # This time the editor wrote alpha's Chinese page only: the English one is generated.
    del pages["sister-cities/alpha.md"]
    pages["sister-cities/alpha.zh.md"] = "---\ntitle: 阿尔法市\ndescription: 最早的友城。\n---\n\n# 阿尔法市，最早的友城\n\n编辑撰写的文字。\n"
    again = build_fixture(tmp_path, pages, env={"SOURCE_DATE_EPOCH": EPOCH},
                          data={"sister_cities.yml": DATA.rstrip() + "\n\n" + record})
    assert again.ok, again.output
    zh_alpha, en_alpha = again.html("zh/sister-cities/alpha/"), again.html("sister-cities/alpha/")
    assert "编辑撰写的文字。" in zh_alpha.select_one("article").get_text() and zh_alpha.select_one(".zs-sister-profile")
    assert en_alpha.h1.get_text(strip=True).startswith("Alphaville, Kansas") and en_alpha.select_one(".zs-untranslated") is None
    assert len(en_alpha.select("link[hreflang]")) == len(zh_alpha.select("link[hreflang]")) == 3
    for prefix in ("", "zh/"):
        soup = again.html(f"{prefix}sister-cities/")
        assert "example-city" in [tr["data-id"] for tr in soup.select("[data-sister-directory] tbody tr")]
        assert soup.select_one('.zs-sister-map svg a[data-id="example-city"]') is not None
        assert soup.select_one('.zs-sister-timeline svg a[data-id="example-city"]') is not None
        assert "example-city/" in [li.a["href"] for li in soup.select(".zs-sister-anniversaries li")]
        assert (again.site / prefix / "sister-cities" / "example-city" / "index.html").is_file()
        assert again.html(f"{prefix}sister-cities/by-year/").select_one("#year-2024") is not None
    # Signed 2024: after the plan period, so the progress view does not count it.
    assert len(again.html("sister-cities/").select(".zs-sister-progress svg .zs-recorded")) == 3
    for rel in ("sister-cities/gamma/index.html", "zh/sister-cities/beta/index.html", "sister-cities/delta/index.html"):
        assert hashlib.sha256((site.site / rel).read_bytes()).digest() == \
            hashlib.sha256((again.site / rel).read_bytes()).digest(), rel


def test_a_data_error_fails_the_build_naming_file_line_record_and_field(tmp_path):
    broken = DATA.replace("zhoushan_side: daishan", "zhoushan_side: zhoushan")
    build = build_fixture(tmp_path, site_pages(), data={"sister_cities.yml": broken})
    assert not build.ok
    line = broken[: broken.index("zhoushan_side: zhoushan")].count("\n") + 1
    assert f"docs/data/sister_cities.yml:{line}: partnership 'delta', field 'zhoushan_side'" in build.output
    assert "one of city, dinghai, putuo, daishan, shengsi" in build.output


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_the_real_section_shows_the_four_verified_partnerships(real_site, prefix):
    soup = real_site.html(f"{prefix}sister-cities/")
    rows = soup.select("[data-sister-directory] tbody tr")
    assert [tr["data-id"] for tr in rows] == ["richmond", "kesennuma", "gokseong", "ganghwa"]
    assert sorted(a["data-id"] for a in soup.select(".zs-sister-map svg a")) == ["ganghwa", "kesennuma", "richmond"]
    assert "gokseong/" in [a["href"] for a in soup.select(".zs-sister-map figcaption a")]  # no coordinates: no marker
    assert [len(soup.select(".zs-sister-progress svg .zs-recorded")), len(soup.select(".zs-sister-progress svg .zs-planned"))] == [0, 10]
    note = soup.select_one(".zs-sister-progress-note").get_text(" ", strip=True)
    assert ("is unverified" in note and "records 0" in note) if not prefix else ("尚未核实" in note and "为0对" in note)
    ganghwa = real_site.html(f"{prefix}sister-cities/ganghwa/")
    assert [li.time["datetime"] for li in ganghwa.select(".zs-sister-history li")] == ["2001-09", "2023"]
    assert len(ganghwa.select(".zs-sources li")) == 3
