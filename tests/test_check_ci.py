"""Issue 6, points 6 and 7: the pull-request workflow runs the same steps as
.ci/run (make check, make test, make build), uploads the site for preview and
can reach no deployment credentials; the editors' guide exists in both
languages and explains every kind of message the check prints."""
from __future__ import annotations

import re

import yaml

from sitebuild import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def test_the_workflow_runs_check_test_build_and_uploads_the_site():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert "pull_request" in flow[True]  # YAML 1.1 reads the key 'on' as True
    assert flow["permissions"] == {"contents": "read"}
    (job,) = flow["jobs"].values()
    assert job["container"].startswith("python:3.11-bookworm")  # Debian, like the Makefile's packages
    runs = [step.get("run", "") for step in job["steps"]]
    order = [next(i for i, r in enumerate(runs) if r.strip() == f"make {target}") for target in ("check", "test", "build")]
    assert order == sorted(order)
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site/"
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False


def test_the_workflow_uses_no_secrets():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "secrets." not in text and "deploy" not in re.sub(r"#.*", "", text)
    assert "pull_request_target" not in text


def test_the_guide_explains_the_messages_in_both_languages():
    source = (ROOT / "tools" / "check.py").read_text(encoding="utf-8")
    for name in ("CONTRIBUTING.md", "CONTRIBUTING.zh.md"):
        guide = (ROOT / name).read_text(encoding="utf-8")
        for words in ("make new-event", "make new-sister-city", "make new-page", "make translation-refresh",
                      "data-decorative", "not yet translated", "template text is still here",
                      "is not the official English", "would both be published as", "symbolic links",
                      "has no alt text", "has no heading or anchor", "front matter is not valid YAML",
                      "GitLab", "Gitee"):
            assert words in guide, (name, words)
        # every message family the check prints is in the guide
        for words in ("has no alt text", "template text is still here", "not yet translated",
                      "has no heading or anchor", "points at a folder", "starts with '/'"):
            assert words in source
