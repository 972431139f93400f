"""Rebuilds as `mkdocs serve --dirty` makes them (scripts/serve_rebuilds.py): after each kind of edit, the site
on disk is byte for byte what a clean build of the edited project writes, and pages the edit does not touch are
not written again."""
from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, mkdocs_build

pytestmark = pytest.mark.slow

PLAN = Path("content/plans/finance-bureau-113.yaml")
OTHER_PLAN_PAGE = Path("plans/neimen-district-office-102/index.html")


class Server:
    """scripts/serve_rebuilds.py on a project: one build per rebuild() call, in the same process."""

    def __init__(self, project: Path, site: Path, tmp: Path):
        tmp.mkdir(exist_ok=True)
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve_rebuilds.py"), str(project),
                                      str(site)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, cwd=project,
                                     env=dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(tmp)))
        self.first = self._answer()

    def _answer(self) -> str:
        line = self.proc.stdout.readline().strip()
        assert line, self.proc.stderr.read()
        return line

    def rebuild(self, force: bool = False) -> str:
        """As the file watcher does (``force``: MkDocs' build even when the plugin would skip it)."""
        self.proc.stdin.write("force\n" if force else "\n")
        self.proc.stdin.flush()
        return self._answer()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ, or exist on one side only, between two site folders."""
    out = []
    cmp = filecmp.dircmp(a, b)
    stack = [(cmp, "")]
    while stack:
        node, prefix = stack.pop()
        out += [prefix + n for n in node.left_only + node.right_only]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        out += [prefix + n for n in mismatch + errors]
        stack += [(sub, prefix + name + "/") for name, sub in node.subdirs.items()]
    return sorted(out)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def server(project: Path, tmp_path: Path):
    # Content dated years back: pages' dates (更新日期, sitemap.xml's <lastmod>) then differ from the build date,
    # as in a real repository, so a rebuild that lost a page's date shows.
    old = 1_600_000_000
    for path in (project / "content").rglob("*"):
        os.utime(path, (old, old))
    serving = Server(project, tmp_path / "served", tmp_path / "tmp")
    assert serving.first.startswith("built"), serving.first
    yield serving
    # While the server runs on: the open-data files each build staged are gone (after failed builds too)
    assert not list((tmp_path / "tmp").glob("kcg-opendata-*"))
    serving.close()


def assert_same_as_clean_build(project: Path, tmp_path: Path, name: str) -> None:
    clean = tmp_path / f"clean-{name}"
    done = mkdocs_build(project, clean)
    assert done.returncode == 0, done.stderr
    assert differences(tmp_path / "served", clean) == []


def test_one_measure_edited(server: Server, project: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    other = (served / OTHER_PLAN_PAGE).stat().st_mtime_ns
    edited = (served / "plans/finance-bureau-113/index.html").stat().st_mtime_ns
    edit(project / PLAN, "具體規劃為民服務工作。", "具體規劃為民服務工作（修訂）。")
    assert server.rebuild().startswith("built")
    assert "（修訂）" in (served / "plans/finance-bureau-113/index.html").read_text(encoding="utf-8")
    assert (served / "plans/finance-bureau-113/index.html").stat().st_mtime_ns != edited
    assert (served / OTHER_PLAN_PAGE).stat().st_mtime_ns == other  # not written again
    assert_same_as_clean_build(project, tmp_path, "measure")


def written_since(served: Path, before: dict[Path, int]) -> list[str]:
    return sorted(p.relative_to(served).as_posix() for p, mtime in before.items() if p.stat().st_mtime_ns != mtime)


def test_nothing_changed_writes_no_page(server: Server, project: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    files = {p: p.stat().st_mtime_ns for p in served.rglob("*") if p.is_file()}
    # A save that leaves the bytes as they were, and an editor's scratch file: no build at all
    (project / PLAN).write_bytes((project / PLAN).read_bytes())
    (project / "content" / "plans" / ".finance-bureau-113.yaml.swp").write_bytes(b"scratch")
    assert server.rebuild().startswith("unchanged")
    assert written_since(served, files) == []
    # A build made anyway writes only the 網站導覽 pages, which list every page's title, and the site-wide files
    # (feeds, open data, search index, sitemap.xml) rewritten with the same bytes.
    pages = {p: mtime for p, mtime in files.items() if p.name == "index.html"}
    assert server.rebuild(force=True).startswith("built")
    assert written_since(served, pages) == ["en/sitemap/index.html", "sitemap/index.html"]


def test_an_edit_undone_before_the_rebuild_builds_nothing(server: Server, project: Path) -> None:
    text = (project / PLAN).read_text(encoding="utf-8")
    edit(project / PLAN, "具體規劃為民服務工作。", "具體規劃為民服務工作（修訂）。")
    assert server.rebuild().startswith("built")
    (project / PLAN).write_text(text, encoding="utf-8")
    assert server.rebuild().startswith("built")  # back to the first build's bytes, but not to the last build's
    (project / PLAN).write_text(text, encoding="utf-8")
    assert server.rebuild().startswith("unchanged")


def test_title_agency_and_handwritten_page_edits(server: Server, project: Path, tmp_path: Path) -> None:
    edit(project / PLAN, '"高雄市政府財政局113年度提升服務執行計畫"', '"高雄市政府財政局113年度提升服務執行計畫（草案）"')
    assert server.rebuild().startswith("built")
    assert_same_as_clean_build(project, tmp_path, "title")

    agencies = project / "content" / "agencies.yaml"
    edit(agencies, "財政局", "財政局（測試）")
    guide = project / "content" / "pages" / "guide" / "index.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n\n測試段落。\n", encoding="utf-8")
    assert server.rebuild().startswith("built")
    assert_same_as_clean_build(project, tmp_path, "agency")


def test_a_content_error_fails_the_rebuild_and_the_fix_recovers(server: Server, project: Path,
                                                                tmp_path: Path) -> None:
    edit(project / PLAN, "focus_points:", "focus_pointz:")
    answer = server.rebuild()
    assert answer.startswith("failed"), answer
    # Nothing changed since, but the last build failed: built (and reported) again, not skipped
    answer = server.rebuild()
    assert answer.startswith("failed"), answer
    edit(project / PLAN, "focus_pointz:", "focus_points:")
    assert server.rebuild().startswith("built")
    assert_same_as_clean_build(project, tmp_path, "fixed")


def test_a_measure_that_faq_pages_quote(server: Server, project: Path, tmp_path: Path) -> None:
    # FAQ entries (and SOPs) list the measures they relate to, with the start of each measure's text: their pages
    # are rendered again when that plan changes.
    plan = project / "content" / "plans" / "admin-intl-affairs-112.yaml"
    edit(plan, 'zh: "於本處網站常見問答提供', 'zh: "（修訂）於本處網站常見問答提供')  # measure m2-2-2
    assert server.rebuild().startswith("built")
    faq_page = tmp_path / "served" / "faq" / "admin-intl-affairs" / "index.html"
    assert "（修訂）於本處網站" in faq_page.read_text(encoding="utf-8")
    assert_same_as_clean_build(project, tmp_path, "faq")
