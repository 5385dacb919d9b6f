"""tools/audit.py without Lighthouse (issue 8, point 3): which pages it audits,
how a report is summarized and how a missed target is written down. The audit
itself is `make audit` (slow, not part of `make test`)."""
from __future__ import annotations

import json
import shutil
import sys

import pytest

from sitebuild import ROOT

sys.path.insert(0, str(ROOT))
from tools import audit  # noqa: E402


def report(scores: dict, failing: dict | None = None) -> dict:
    failing = failing or {}
    audits = {
        "first-contentful-paint": {"numericValue": 900.0}, "largest-contentful-paint": {"numericValue": 1500.0},
        "total-blocking-time": {"numericValue": 20.0}, "cumulative-layout-shift": {"numericValue": 0.01},
        "total-byte-weight": {"numericValue": 80 * 1024},
        "ok-audit": {"title": "Fine", "score": 1}, "info": {"title": "Informative", "score": None},
    }
    categories = {}
    for cid, score in scores.items():
        refs = [{"id": "ok-audit", "weight": 1}, {"id": "info", "weight": 0}]
        for aid, title in failing.get(cid, {}).items():
            audits[aid] = {"title": title, "score": 0}
            refs.append({"id": aid, "weight": 3})
        categories[cid] = {"score": score / 100, "auditRefs": refs}
    return {"categories": categories, "audits": audits}


def test_the_audited_pages_are_the_issue_s_five_in_both_languages(real_site):
    pages = dict(audit.pick_pages(real_site.site))
    assert list(pages) == ["Home", "Events listing", "One event", "Sister-city directory", "One partner page"]
    for path in pages.values():
        assert (real_site.site / path / "index.html").is_file()
        assert (real_site.site / "zh" / path / "index.html").is_file()
    assert pages["One event"].startswith("events/") and pages["One partner page"].startswith("sister-cities/")


def test_a_missing_event_falls_back_to_the_first_built_one(tmp_path):
    for path in ("", "events/", "events/archive/", "events/2019-b/", "events/2018-a/", "sister-cities/",
                 "sister-cities/by-year/", "sister-cities/zed/"):
        (tmp_path / path).mkdir(parents=True, exist_ok=True)
        (tmp_path / path / "index.html").write_text("<!doctype html>")
    pages = dict(audit.pick_pages(tmp_path))
    assert pages["One event"] == "events/2018-a/"
    assert pages["One partner page"] == "sister-cities/zed/"


def test_scores_at_target_report_no_miss():
    result = audit.summarize(report({"performance": 97, "accessibility": 100, "best-practices": 100, "seo": 100}))
    text = audit.render([{"label": "Home", "path": "", "lang": "English", "form_factor": "mobile", "result": result}],
                        {"commit": "abc1234", "lighthouse": "12.8.2", "chromium": "Chromium 1"}, "2026-11-23 21:00 UTC")
    assert "commit abc1234" in text and "2026-11-23 21:00 UTC" in text and "Lighthouse 12.8.2" in text
    assert "| Home (`/`) | English | mobile | 97 | 100 | 100 | 100 | 1.50 | 20 | 0.010 | 80 | 97 |" in text
    assert "None: every score is at or above its target." in text


def test_a_missed_target_is_marked_with_the_audits_that_cost_points():
    result = audit.summarize(report(
        {"performance": 90, "accessibility": 96, "best-practices": 100, "seo": 100},
        {"accessibility": {"color-contrast": "Background and foreground colors do not have a sufficient contrast ratio."}},
    ))
    assert result["lost"]["accessibility"] == ["Background and foreground colors do not have a sufficient contrast ratio."]
    text = audit.render([{"label": "Home", "path": "zh/", "lang": "Chinese", "form_factor": "mobile", "result": result}],
                        {"commit": "abc1234", "lighthouse": "12.8.2", "chromium": "Chromium 1"}, "now")
    assert "| 90* | 96* | 100 | 100 |" in text
    assert "- Home, Chinese, mobile: accessibility 96 (target 100). Audits that cost points: Background" in text
    assert "- Home, Chinese, mobile: performance 90 (target 95)." in text


def timed(fcp: float, tti: float, performance: int) -> dict:
    r = report({"performance": performance, "accessibility": 100, "best-practices": 100, "seo": 100})
    r["audits"]["first-contentful-paint"]["numericValue"] = fcp
    r["audits"]["interactive"] = {"numericValue": tti}
    return r


@pytest.mark.skipif(shutil.which("node") is None or not (ROOT / "node_modules" / "lighthouse").is_dir(),
                    reason="needs node and npm's lighthouse (make install-test)")
def test_the_median_run_is_chosen_by_lighthouse_s_own_rule(tmp_path):
    # Lighthouse's computeMedianRun: the run closest to the median FCP and TTI,
    # not the median score. Run 2 sits on both medians.
    runs = [timed(1500, 4000, 90), timed(1000, 2500, 99), timed(1200, 3000, 95), timed(1250, 3100, 94)]
    paths = []
    for i, r in enumerate(runs[:3]):
        paths.append(tmp_path / f"r{i}.json")
        paths[-1].write_text(json.dumps(r))
    assert audit.median_run(paths) == 2
    paths.append(tmp_path / "r3.json")
    paths[-1].write_text(json.dumps(runs[3]))
    # Four runs: medians 1225 ms and 3050 ms; run 2 and run 3 are equally close,
    # and the tie goes to the shorter time to interactive.
    assert audit.median_run(paths) == 2
    assert audit.median_run(paths[:1]) == 0


def test_every_run_s_performance_is_written_beside_the_median():
    result = audit.summarize(report({"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}))
    result["performance_runs"] = [93, 95, 97]
    text = audit.render([{"label": "Home", "path": "", "lang": "English", "form_factor": "mobile", "result": result}],
                        {"commit": "abc1234", "lighthouse": "12.8.2", "chromium": "Chromium 1"}, "now", runs=3)
    assert "| 95 | 100 | 100 | 100 | 1.50 | 20 | 0.010 | 80 | 93, 95, 97 |" in text
    assert "audited 3 times; the table shows the median run" in text
