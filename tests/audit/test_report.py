"""The report writers: JSON for machines, an accessible bilingual HTML page, the statement summary."""
from __future__ import annotations

import json
import shutil
from itertools import pairwise
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from audit_helpers import AXE_DIR
from kcgplans.audit import statement
from kcgplans.audit.report import read_json, write_json
from kcgplans.audit.report_html import write_html
from kcgplans.audit.runner import AuditOptions, audit_site

pytestmark = pytest.mark.browser

FINDING_KEYS = {"check", "source", "page", "selector", "html", "message", "wcag", "level", "code_115", "code_110",
                "kind", "severity", "title_zh", "title_en", "fix_zh", "fix_en"}


@pytest.fixture(scope="module")
def written(fixture_report: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    write_json(fixture_report, folder)
    write_html(fixture_report, folder)
    return folder


def test_json_report_round_trips(written: Path, fixture_report: dict[str, Any]) -> None:
    data = json.loads((written / "audit-report.json").read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(fixture_report)) and read_json(written) == data
    assert data["edition"] == "115.11" and data["level"] == "AA"
    for page in data["pages"].values():
        assert len(page["sha256"]) == 64
        for finding in page["findings"]:
            assert finding.keys() >= FINDING_KEYS
    assert data["summary"]["violations"] == sum(e["count"] for e in data["summary"]["by_code"].values())
    assert data["run"]["pages_per_second"] > 0


def test_json_lists_downloads_like_freego(written: Path) -> None:
    data = json.loads((written / "audit-report.json").read_text(encoding="utf-8"))
    listed = {item["path"]: item for item in data["downloads"]}
    assert listed["office-download/report.docx"]["format"] == "docx"
    assert listed["pdf/good.pdf"]["pages"] == ["document-readable/pass.html", "pdf/pass.html"]


def test_html_report_structure(written: Path, fixture_report: dict[str, Any]) -> None:
    tree = lxml.html.parse(str(written / "audit-report.html")).getroot()
    assert tree.get("lang") == "zh-TW" and tree.findtext(".//title")
    headings = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b - a <= 1 for a, b in pairwise(headings)), headings
    tables = tree.findall(".//table")
    assert tables
    for table in tables:
        assert table.find("caption") is not None and table.findtext("caption").strip()
        assert all(th.get("scope") in ("col", "row") for th in table.iter("th"))
    by_code = tree.get_element_by_id("by-code")
    assert len(by_code.findall("./tbody/tr")) == len(fixture_report["summary"]["by_code"])
    # Each check with findings has its own section, with both editions' codes and both fix texts.
    section = tree.get_element_by_id("check-fieldset-legend").getparent()
    text = section.text_content()
    assert "HM1130105C" in text and "HM1130103C" in text and "legend" in text
    assert section.find('.//span[@lang="en"]') is not None


def test_html_report_passes_its_own_audit(written: Path, tmp_path: Path) -> None:
    site = tmp_path / "report-site"
    site.mkdir()
    shutil.copy(written / "audit-report.html", site / "index.html")
    report = audit_site(site, AuditOptions(jobs=1, axe_dir=AXE_DIR))
    page = report["pages"]["index.html"]
    assert page["error"] is None
    assert [(f["check"], f["selector"], f["message"]) for f in page["findings"]] == []


def test_statement_summary(fixture_report: dict[str, Any]) -> None:
    summary = statement.summary(fixture_report)
    assert summary["edition"] == "115.11" and summary["level"] == "AA" and summary["wcag"] == "2.2"
    assert summary["date"] == fixture_report["generated"][:10]
    assert summary["pages_checked"] == len(fixture_report["pages"])
    assert summary["violations"] == fixture_report["summary"]["violations"] and summary["passed"] is False
    assert summary["tool_versions"]["axe-core"] and summary["tool_versions"]["chromium"]
    assert summary["per_code"]["HM1130105C"] >= 1 and "—" not in summary["per_code"]
    assert {c["code"] for c in summary["codes"]} == set(summary["per_code"])
