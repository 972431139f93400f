"""The command line: exit codes, speed line, --jobs and --changed."""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from audit_helpers import ROOT
from kcgplans.audit.cli import main

pytestmark = pytest.mark.browser


def run_script(site: Path, report_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "audit.py"), str(site), "--report-dir",
                           str(report_dir), *extra], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_exit_code_zero_when_clean_and_one_on_violation(copy_fixtures: Callable[..., Path], tmp_path: Path) -> None:
    site = copy_fixtures("clean")
    clean = run_script(site, tmp_path / "r1")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "pages/s" in clean.stdout
    (site / "clean" / "index.html").write_text(
        (site / "clean" / "index.html").read_text(encoding="utf-8").replace("<h2>經費</h2>", "<h4>經費</h4>"),
        encoding="utf-8")
    broken = run_script(site, tmp_path / "r2")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "HM1130100C" in broken.stdout  # heading-order


def test_missing_site_is_a_usage_error(tmp_path: Path) -> None:
    assert main([str(tmp_path / "nope"), "--report-dir", str(tmp_path)]) == 2


def test_changed_reaudits_only_the_edited_page(copy_fixtures: Callable[..., Path], tmp_path: Path) -> None:
    site = copy_fixtures("clean", "heading-order", "nav-not-empty")
    reports = tmp_path / "reports"
    assert main([str(site), "--report-dir", str(reports), "--jobs", "2", "--quiet"]) == 1
    first = json.loads((reports / "audit-report.json").read_text(encoding="utf-8"))
    assert len(first["run"]["pages_audited"]) == 6

    edited = site / "heading-order" / "fail.html"
    edited.write_text(edited.read_text(encoding="utf-8").replace("<h3>", "<h2>").replace("</h3>", "</h2>"),
                      encoding="utf-8")
    (site / "nav-not-empty" / "pass.html").unlink()
    assert main([str(site), "--report-dir", str(reports), "--changed", "--quiet"]) == 1
    second = json.loads((reports / "audit-report.json").read_text(encoding="utf-8"))

    assert second["run"]["pages_audited"] == ["heading-order/fail.html"]
    assert second["run"]["changed_only"] is True
    assert set(second["pages"]) == set(first["pages"]) - {"nav-not-empty/pass.html"}
    assert not [f for f in second["pages"]["heading-order/fail.html"]["findings"] if f["check"] == "heading-order"]
    for page in ("clean/index.html", "nav-not-empty/fail.html"):
        assert second["pages"][page] == first["pages"][page]  # kept, not re-audited
    assert second["summary"]["violations"] < first["summary"]["violations"]

    # Nothing changed: no browser is started and the report stays complete.
    assert main([str(site), "--report-dir", str(reports), "--changed", "--quiet"]) == 1
    third = json.loads((reports / "audit-report.json").read_text(encoding="utf-8"))
    assert third["run"]["pages_audited"] == [] and third["pages"] == second["pages"]


def test_absolute_links_work_under_the_sites_base_path(tmp_path: Path) -> None:
    # Material's 404.html links /<base>/assets/...; the server must answer there like the real host.
    site = tmp_path / "site"
    (site / "css").mkdir(parents=True)
    (site / "css" / "s.css").write_text("p { font-size: 11px; }", encoding="utf-8")
    (site / "index.html").write_text(
        '<!doctype html><html lang="zh-TW"><head><title>t</title>'
        '<link rel="stylesheet" href="/service-plans/css/s.css"></head><body><main><h1>t</h1><p>x</p></main>'
        "</body></html>", encoding="utf-8")
    (site / "sitemap.xml").write_text(
        "<urlset><url><loc>https://x.gov.tw/service-plans/</loc></url></urlset>", encoding="utf-8")
    assert main([str(site), "--report-dir", str(tmp_path), "--quiet"]) == 1
    page = json.loads((tmp_path / "audit-report.json").read_text(encoding="utf-8"))["pages"]["index.html"]
    assert page["url"] == "/service-plans/index.html"
    assert [f["selector"] for f in page["findings"] if f["check"] == "font-size-relative"] == ["css/s.css:1:5 p"]
