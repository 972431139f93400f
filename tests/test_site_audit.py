"""The whole built site passes the accessibility audit with zero violations (what `make audit` runs)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from lxml import html as lxml_html

from support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_built_site_passes_the_audit(built_site, tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "audit.py"), str(built_site), "--jobs", "2",
                           "--quiet", "--report-dir", str(tmp_path)], capture_output=True, text=True)
    report = json.loads((tmp_path / "audit-report.json").read_text(encoding="utf-8"))
    summary = report["summary"]
    assert summary["pages_total"] > 100
    assert summary["documents_total"] > 10
    assert summary["violations"] == 0, done.stdout[-3000:]
    assert done.returncode == 0
    assert "pages/s" in done.stdout
    reviewers = lxml_html.parse(str(tmp_path / "audit-report.html")).getroot()
    assert reviewers.get("lang")
    assert reviewers.xpath("//table/caption")


def test_the_statement_page_shows_the_recorded_audit(built_site):
    recorded = ROOT / "content" / "accessibility-audit.json"
    tree = lxml_html.parse(str(built_site / "accessibility" / "index.html")).getroot()
    text = tree.xpath("//article")[0].text_content()
    assert "網站無障礙規範" in text and "115.11" in text
    if recorded.is_file():
        summary = json.loads(recorded.read_text(encoding="utf-8"))
        assert summary["date"].replace("-", "/") in text
        assert f"{summary['pages_checked']}" in text
    else:
        assert "尚無檢測紀錄" in text
    assert not tree.xpath("//img[contains(@alt,'無障礙')]"), "no badge is shown before certification"
