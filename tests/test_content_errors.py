"""Bad content: every case fails validation and the build with a message naming file, line and field.

Each case starts from the editors' guide worked example (a valid plan), breaks one thing, and runs the real
command line (scripts/validate.py) — what an editor and CI run.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, mkdocs_build

EXAMPLES = ROOT / "content" / "pages" / "guide" / "examples"
PLAN = "example-district-office-115.yaml"


@pytest.fixture
def example(project) -> Path:
    """The project with the guide's example agency and plan added: valid before each case breaks it."""
    agencies = project / "content" / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + (EXAMPLES / "agency.yaml").read_text(encoding="utf-8"),
                        encoding="utf-8")
    shutil.copy(EXAMPLES / PLAN, project / "content" / "plans" / PLAN)
    shutil.copy(EXAMPLES / "example-source.txt", project / "content" / "sources" / "example-source.txt")
    return project


def validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), str(project / "content")],
                          capture_output=True, text=True)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The last line holding ``needle`` (for a duplicate, the second one is the one at fault)."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert found, needle
    return found[-1]


def test_the_example_is_valid_and_builds(example, tmp_path):
    done = validate(example)
    assert done.returncode == 0, done.stdout
    assert "6 plans" in done.stdout or "plans" in done.stdout
    site = tmp_path / "out"
    built = mkdocs_build(example, site)
    assert built.returncode == 0, built.stderr
    page = (site / "plans" / "example-district-office-115" / "index.html").read_text(encoding="utf-8")
    assert "訂定臨櫃業務標準作業流程，並刊登於本所網站。" in page
    assert 'id="m1-1-2"' in page
    english = (site / "en" / "plans" / "example-district-office-115" / "index.html").read_text(encoding="utf-8")
    assert "Tell everything at once" in english


# (case id, file to break, old text, new text, text on the line the error must name, field, words of the message)
CASES = [
    ("yaml-syntax", PLAN, "year: 115", "year: 115: 116", "year: 115: 116", "", "YAML"),
    ("tab-indent", PLAN, "  intro: {zh: 本所各課室。", "\tintro: {zh: 本所各課室。", "\tintro", "", "Tab"),
    ("unknown-key", PLAN, "updated: 2026-11-24", "updated: 2026-11-24\ntitel: x", "titel: x", "titel", "Unknown field"),
    ("missing-key", PLAN, "framework: six-areas\n", "", None, "framework", "Required field 'framework'"),
    ("wrong-type", PLAN, "year: 115", "year: 一一五", "year: 一一五", "year", "expected integer"),
    ("text-not-mapping", PLAN, '  intro: {zh: 本所各課室。, en: "All divisions and offices of this Office."}',
     "  intro: 本所各課室。", "intro: 本所各課室。", "scope.intro", "{zh:"),
    ("empty-text", PLAN, "{zh: 訂定臨櫃業務標準作業流程，並刊登於本所網站。,", '{zh: " ",', 'zh: " "',
     "content.areas[0].focus_points[0].measures[0].text.zh", "empty"),
    ("year-out-of-range", PLAN, "year: 115", "year: 1150", "year: 1150", "year", "between 90 and 200"),
    ("unknown-agency", PLAN, "agency: example-district-office", "agency: example-district", "agency: example-district",
     "agency", "Did you mean: example-district-office"),
    ("unknown-unit", PLAN, "units: [civil-affairs]", "units: [civil-affair]", "units: [civil-affair]",
     "content.areas[0].focus_points[0].measures[0].units[0]", "Unknown unit of agency example-district-office"),
    ("unit-of-another-agency", PLAN, "units: [civil-affairs]", "units: [tobacco-alcohol]", "units: [tobacco-alcohol]",
     "content.areas[0].focus_points[0].measures[0].units[0]", "'tobacco-alcohol'"),
    ("unknown-area", PLAN, 'area: "1"', 'area: "9"', 'area: "9"', "content.areas[0].area", "Unknown area"),
    ("unknown-subitem", PLAN, 'subitem: "1.1"', 'subitem: "1.9"', 'subitem: "1.9"', "content.areas[0].focus_points[0].subitem",
     "Unknown sub-item"),
    ("duplicate-measure-id", PLAN, "id: m1-1-2", "id: m1-1-1", "id: m1-1-1", "content.areas[0].focus_points[0].measures[1].id",
     "used twice"),
    ("duplicate-yaml-key", PLAN, "year: 115", "year: 115\nyear: 116", "year: 116", "year", "appears twice"),
    ("year-disagrees-with-title", PLAN, "year: 115", "year: 114", "year: 114", "year", "disagrees with the title"),
    ("bad-date", PLAN, "updated: 2026-11-24", "updated: 2026/11/24", "updated: 2026/11/24", "updated", "YYYY-MM-DD"),
    ("bad-id", PLAN, "id: m1-1-2", "id: M1_1_2", "id: M1_1_2", "content.areas[0].focus_points[0].measures[1].id",
     "lowercase letters"),
    ("missing-source", PLAN, "document: example-source.txt", "document: nowhere.txt", "document: nowhere.txt",
     "source.document", "Unknown source document"),
    ("duplicate-agency", "agencies.yaml", "  - id: example-district-office", "  - id: finance-bureau", None,
     "agencies[6].id", "used twice"),
    ("unknown-parent", "agencies.yaml", "    kind: 區公所\n    units:\n      - id: secretariat\n        name: {zh: 秘書室, en: Secretariat}",
     "    kind: 區公所\n    parent: nobody\n    units:\n      - id: secretariat\n        name: {zh: 秘書室, en: Secretariat}",
     "parent: nobody", "agencies[6].parent", "Unknown parent agency"),
    ("bad-kind", "agencies.yaml", "    kind: 區公所\n    units:\n      - id: secretariat\n        name: {zh: 秘書室, en: Secretariat}",
     "    kind: 公所\n    units:\n      - id: secretariat\n        name: {zh: 秘書室, en: Secretariat}", "kind: 公所",
     "agencies[6].kind", "one of: 局處、區公所、所屬機關"),
]


@pytest.mark.parametrize("case,file,old,new,line_text,field,words", CASES, ids=[c[0] for c in CASES])
def test_bad_content_is_reported_with_file_line_and_field(example, case, file, old, new, line_text, field, words):
    path = example / "content" / ("plans/" + file if file == PLAN else file)
    if case == "duplicate-agency":
        # Rename the example back to a duplicate of an agency already in the file.
        edit(path, old, new)
        edit(example / "content" / "plans" / PLAN, "agency: example-district-office", "agency: finance-bureau")
    else:
        edit(path, old, new)
    done = validate(example)
    assert done.returncode == 1, done.stdout
    out = done.stdout
    rel = f"content/{'plans/' + file if file == PLAN else file}"
    expected_line = line_of(path, line_text) if line_text else None
    located = re.findall(rf"{re.escape(rel)}:(\d+):(\d+): (\S*)", out)
    assert located, out
    if expected_line:
        assert any(int(line) == expected_line for line, _, _ in located), (expected_line, out)
    if field:
        assert any(f == field for _, _, f in located), (field, out)
    assert words in out, out
    assert "錯誤：" in out and "Error:" in out  # Chinese and English
    assert "content error(s): the site was not built." in out


def test_every_error_of_a_run_is_reported(example):
    plan = example / "content" / "plans" / PLAN
    edit(plan, "units: [civil-affairs]", "units: [nobody]")
    edit(plan, 'subitem: "1.1"', 'subitem: "7.7"')
    edit(example / "content" / "plans" / "finance-bureau-113.yaml", "year: 113", "year: 10")
    out = validate(example).stdout
    assert "3 content error(s)" in out, out
    assert "finance-bureau-113.yaml:" in out and "example-district-office-115.yaml:" in out


def test_a_build_with_a_content_error_fails_and_writes_nothing(example, tmp_path):
    edit(example / "content" / "plans" / PLAN, "units: [civil-affairs]", "units: [nobody]")
    site = tmp_path / "out"
    built = mkdocs_build(example, site)
    assert built.returncode != 0
    assert "content/plans/example-district-office-115.yaml:" in built.stderr
    assert "units[0]" in built.stderr
    assert not site.exists() or not any(site.iterdir())


def test_make_site_keeps_the_previous_site_when_the_build_fails(example, tmp_path):
    """The Makefile builds into .build/ and swaps only on success: a failing build leaves site/ alone."""
    shutil.copy(ROOT / "Makefile", example / "Makefile")
    shutil.copytree(ROOT / "scripts", example / "scripts")
    (example / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    old = example / "site"
    old.mkdir()
    (old / "index.html").write_text("previous site")
    edit(example / "content" / "plans" / PLAN, "units: [civil-affairs]", "units: [nobody]")
    venv = example / ".venv"
    venv.mkdir()
    (venv / "bin").symlink_to(Path(sys.executable).parent)
    for stamp in (".site", ".test"):
        (venv / stamp).touch()
    done = subprocess.run(["make", "-s", "site", "SITE_DEBS=", "PY=" + sys.executable], cwd=example,
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert (old / "index.html").read_text() == "previous site"
