"""`make new-plan AGENCY=… YEAR=…` (scripts/new_plan.py): the scaffold validates and builds; unknown agencies,
implausible years and existing plans are refused with a bilingual message and nothing written."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, mkdocs_build

from kcgplans.model import load_content

NEW_PLAN = ROOT / "scripts" / "new_plan.py"


@pytest.fixture
def content_dir(tmp_path) -> Path:
    dest = tmp_path / "content"
    shutil.copytree(ROOT / "content", dest)
    return dest


def run(content_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(NEW_PLAN), *args, "--content", str(content_dir)],
                          capture_output=True, text=True, timeout=120)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_scaffold_from_the_framework_validates(content_dir):
    done = run(content_dir, "finance-bureau", "114")
    assert done.returncode == 0, done.stdout + done.stderr
    plan_file = content_dir / "plans" / "finance-bureau-114.yaml"
    text = plan_file.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "草稿" in text and "Draft made by `make new-plan`" in text  # tells the editor what to do
    assert "（請填寫）" not in text
    assert (content_dir / "sources" / "finance-bureau-114.txt").is_file()

    content = load_content(content_dir)  # raises if the scaffold is not valid content
    plan = content.plans["finance-bureau-114"]
    agency = content.agencies["finance-bureau"]
    framework = content.frameworks[plan.framework]
    assert plan.year == 114 and plan.title.zh == "高雄市政府財政局114年度提升服務執行計畫"
    assert plan.title.en and "114" in plan.title.en
    assert [a.area for a in plan.areas] == [a.id for a in framework.areas]
    for area, fw_area in zip(plan.areas, framework.areas):
        assert [p.subitem for p in area.focus_points] == [s.id for s in fw_area.subitems]
    measures = list(plan.measures())
    assert len(measures) == sum(len(a.subitems) for a in framework.areas)
    assert all(m.units == (agency.units[0].id,) for _, _, m in measures)  # the agency's first unit
    assert all(m.text == p.title for _, p, m in measures)  # worded as the sub-item until the editor rewrites it
    assert plan.goals.items and plan.basis.items


def test_scaffold_for_an_agency_without_units_and_from_an_earlier_plan(content_dir):
    assert run(content_dir, "labor-bureau", "114").returncode == 0
    done = run(content_dir, "finance-bureau", "115", "--from", "finance-bureau-113")
    assert done.returncode == 0, done.stderr
    content = load_content(content_dir)
    labor = content.plans["labor-bureau-114"]
    assert all(m.units == () for _, _, m in labor.measures())
    copied, base = content.plans["finance-bureau-115"], content.plans["finance-bureau-113"]
    assert copied.title.zh == "高雄市政府財政局115年度提升服務執行計畫"
    assert [m.id for _, _, m in copied.measures()] == [m.id for _, _, m in base.measures()]
    assert [m.text for _, _, m in copied.measures()] == [m.text for _, _, m in base.measures()]
    assert copied.source_document == "finance-bureau-115.txt"


def test_source_document_is_copied(content_dir, tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text("原始計畫文字 source text", encoding="utf-8")
    assert run(content_dir, "finance-bureau", "114", "--source", str(source)).returncode == 0
    assert (content_dir / "sources" / "finance-bureau-114.txt").read_text(encoding="utf-8") == "原始計畫文字 source text"


@pytest.mark.parametrize("args, zh, en", [
    (("finance-bureu", "114"), "找不到機關「finance-bureu」", "Unknown agency 'finance-bureu'. Did you mean: finance-bureau"),
    (("finance-bureau", "113"), "113 年度計畫已存在：content/plans/finance-bureau-113.yaml", "already has a 113 plan"),
    (("finance-bureau", "2025"), "年度 2025 不合理", "Year 2025 is implausible"),
    (("finance-bureau", "明年"), "不是數字", "is not a number"),
    (("finance-bureau", "114", "--from", "labor-bureau-107"), "找不到機關 finance-bureau 的計畫", "has no plan"),
])
def test_refusals_are_bilingual_and_write_nothing(content_dir, args, zh, en):
    before = files(content_dir)
    done = run(content_dir, *args)
    assert done.returncode == 2
    assert "未新增計畫" in done.stderr and "No plan was added" in done.stderr
    assert zh in done.stderr and en in done.stderr
    assert files(content_dir) == before


def test_an_existing_source_file_is_refused(content_dir):
    (content_dir / "sources" / "finance-bureau-114.txt").write_text("someone else's", encoding="utf-8")
    before = files(content_dir)
    done = run(content_dir, "finance-bureau", "114")
    assert done.returncode == 2 and "already exists" in done.stderr
    assert files(content_dir) == before


def test_invalid_content_is_reported_first(content_dir):
    plan = content_dir / "plans" / "finance-bureau-113.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("agency: finance-bureau\n", "agency: nobody\n"),
                    encoding="utf-8")
    done = run(content_dir, "labor-bureau", "114")
    assert done.returncode == 1 and "Fix the existing content errors" in done.stdout
    assert not (content_dir / "plans" / "labor-bureau-114.yaml").exists()


def test_make_target_calls_the_script():
    dry = subprocess.run(["make", "-s", "-n", "new-plan", "AGENCY=finance-bureau", "YEAR=114", "FROM=finance-bureau-113"],
                         cwd=ROOT, capture_output=True, text=True)
    assert 'scripts/new_plan.py "finance-bureau" "114" --from "finance-bureau-113"' in dry.stdout


@pytest.mark.slow
def test_the_scaffold_builds_into_pages(project, tmp_path):
    assert run(project / "content", "labor-bureau", "114").returncode == 0
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      content_dir: content\n", "      content_dir: content\n      downloads_enabled: false\n"), encoding="utf-8")
    done = mkdocs_build(project, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    for prefix in ("", "en/"):
        assert (tmp_path / "site" / prefix / "plans" / "labor-bureau-114" / "index.html").is_file()
