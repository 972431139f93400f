"""scripts/bench_audit.py: its helpers and argument errors (the benchmark itself only prints figures)."""
from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from audit_helpers import AXE_DIR, FIXTURES, ROOT
from kcgplans.audit.pages import find_pages
from kcgplans.audit.report import read_json
from kcgplans.audit.runner import AuditOptions, audit_site

sys.path.insert(0, str(ROOT / "scripts"))
import bench_audit  # noqa: E402


def test_sample_keeps_n_pages_and_every_other_file(tmp_path: Path) -> None:
    count = bench_audit.sample_site(FIXTURES, 5, 1, tmp_path / "s")
    assert count == 5 and len(find_pages(tmp_path / "s")) == 5
    assert (tmp_path / "s" / "pdf" / "good.pdf").is_file() and (tmp_path / "s" / "clean" / "site.css").is_file()
    again = bench_audit.sample_site(FIXTURES, 5, 1, tmp_path / "t")
    assert again == 5 and find_pages(tmp_path / "s") == find_pages(tmp_path / "t")  # the seed fixes the sample


def test_run_timed_counts_the_child_processes(tmp_path: Path) -> None:
    timed = bench_audit.run_timed([sys.executable, "-c", "sum(range(3_000_000)); print('done')"])
    assert timed["returncode"] == 0 and timed["output"].strip() == "done"
    assert timed["wall"] > 0 and timed["cpu"] >= 0 and timed["machine"] >= 0


def plan_project(root: Path) -> Path:
    plans = root / "content" / "plans"
    plans.mkdir(parents=True)
    plan = {"title": {"zh": "計畫", "en": "Plan"},
            "content": {"areas": [{"focus_points": [{"measures": [{"text": {"zh": "措施", "en": "Measure"}}]}]}]}}
    (plans / "a-1.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return root


def test_edit_plan_changes_one_measure_or_the_title(tmp_path: Path) -> None:
    project = plan_project(tmp_path / "p")
    path = bench_audit.edit_plan(project, "measure")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["content"]["areas"][0]["focus_points"][0]["measures"][0]["text"] == {
        "zh": "措施（已修訂）", "en": "Measure (revised)"}
    bench_audit.edit_plan(project, "title")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["title"] == {"zh": "計畫（已修訂）", "en": "Plan (revised)"}
    with pytest.raises(SystemExit, match="no plans"):
        bench_audit.edit_plan(tmp_path / "empty", "measure")


@pytest.mark.browser
def test_primed_report_makes_changed_audit_only_the_edited_page(copy_fixtures: Callable[..., Path],
                                                                 tmp_path: Path) -> None:
    site = copy_fixtures("clean")
    bench_audit.primed_report(site, tmp_path / "reports")
    previous = read_json(tmp_path / "reports")
    assert previous is not None
    options = AuditOptions(jobs=1, changed_only=True, axe_dir=AXE_DIR)
    assert audit_site(site, options, previous)["run"]["pages_audited"] == []
    page = site / "clean" / "en" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>new</p></main>"), encoding="utf-8")
    assert audit_site(site, options, previous)["run"]["pages_audited"] == ["clean/en/index.html"]


def test_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], [str(tmp_path / "missing")], ["--changed", str(tmp_path)]):
        with pytest.raises(SystemExit) as exit_info:
            bench_audit.main(argv)
        assert exit_info.value.code == 2
    assert "mkdocs.yml" in capsys.readouterr().err


def test_audit_rate_without_a_report_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_audit, "run_timed", lambda command: {"returncode": 2, "output": "no browser"})
    shutil.copytree(FIXTURES / "clean", tmp_path / "site")
    with pytest.raises(SystemExit, match="no browser"):
        bench_audit.audit_rate(tmp_path / "site", 1, None, 1)


def test_rate_lines(capsys: pytest.CaptureFixture[str]) -> None:
    bench_audit.print_rate({"pages": 10, "jobs": 2, "wall": 6.0, "cpu": 8.0, "machine": 10.0, "audit_seconds": 5.0,
                            "errors": 0, "violations": 1, "timings": {"axe": 0.25}})
    out = capsys.readouterr().out
    assert "pages per second         2.00" in out and "CPU per page             0.800 s" in out
    assert "2,000 pages, estimate   16.7 min" in out and "axe 0.250" in out
