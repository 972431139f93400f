"""Pages rendered ahead, whole, by a forked child (mkdocs_plugin/render_ahead.py): what the build takes from the
child is exactly what it would have rendered, and a child that fails, warns or is stopped only leaves the build
more to do."""
from __future__ import annotations

import filecmp
import logging
import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from support import ROOT, mkdocs_build

from kcgplans.mkdocs_plugin import render_ahead
from kcgplans.mkdocs_plugin.render_ahead import RenderAhead
from kcgplans.mkdocs_plugin.search_index import Segmenter

# pytest-xdist's workers run execnet threads, so forking there warns; a real `mkdocs build` forks with its main
# thread only (mkdocs serve never forks: it keeps a render cache).
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")


def pages(count: int = 30) -> list:
    """Stand-ins for MkDocs pages: the child needs only their source address."""
    return [SimpleNamespace(file=SimpleNamespace(src_uri=f"p{i:03d}.md")) for i in range(count)]


def html_of(page) -> str:
    return f"<html><h1>{page.file.src_uri} 高雄</h1></html>"


def entries_of(page):
    return (f"key {page.file.src_uri}", f'{{"location":"{page.file.src_uri}"}}'.encode())


def start(todo, render=html_of, segmenter=None) -> RenderAhead:
    return RenderAhead.start(todo, render, entries_of, segmenter or Segmenter(Path("/nonexistent"), None))


def test_the_build_takes_the_childs_pages_unchanged(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(RenderAhead, "MIN_PAGES", 1)
    segmenter = Segmenter(tmp_path, None)

    def render(page):  # segments a text, as a page's search entries do
        segmenter("高雄市政府" + chr(0x4E00 + int(page.file.src_uri[1:4])))  # one new run a page
        return html_of(page)

    todo = pages()
    ahead = start(todo, render, segmenter)
    assert ahead is not None and ahead.pid is not None
    ahead._reader.join(timeout=120)  # noqa: SLF001 - the child has gone through every page and ended
    for page in todo:
        assert ahead.take(page) == (html_of(page), entries_of(page))
    assert ahead.taken == len(todo)
    assert segmenter.new == 0
    ahead.close()
    assert segmenter.new == len(todo) and len(segmenter.used) == len(todo)  # the child's, kept for the cache


def test_the_child_stops_where_the_build_has_got_to(monkeypatch) -> None:
    monkeypatch.setattr(RenderAhead, "MIN_PAGES", 1)
    original = RenderAhead._child  # noqa: SLF001

    def after_the_build_has_moved(self, pipe):  # no race in the test: the child starts once the build has said
        while self.progress[:] == render_ahead._PROGRESS.pack(-1):  # noqa: SLF001
            time.sleep(0.001)
        original(self, pipe)

    monkeypatch.setattr(RenderAhead, "_child", after_the_build_has_moved)
    todo = pages()
    ahead = start(todo)
    last = len(todo) - 1
    assert ahead.take(todo[last - 4]) is None  # the build is five pages from the end
    ahead._reader.join(timeout=120)  # noqa: SLF001 - the child stopped by itself
    assert sorted(ahead._done) == [last - 3, last - 2, last - 1, last]  # noqa: SLF001
    ahead.close()


def test_a_failing_child_leaves_the_pages_to_the_build(monkeypatch, caplog) -> None:
    monkeypatch.setattr(RenderAhead, "MIN_PAGES", 1)

    def broken(page):
        raise RuntimeError("lxml is gone")

    todo = pages()
    ahead = start(todo, broken)  # the child fails on its first page
    ahead._reader.join(timeout=120)  # noqa: SLF001 - the child has ended
    assert all(ahead.take(page) is None for page in todo)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kcgplans"):
        ahead.close()
    assert "failed" in caplog.text


def test_a_page_that_logs_a_warning_is_left_to_the_build(monkeypatch) -> None:
    """A warning must be logged (and counted by mkdocs build --strict) by the build: the child stops there."""
    monkeypatch.setattr(RenderAhead, "MIN_PAGES", 1)
    todo = pages()
    warns = todo[-3]

    def render(page):
        if page is warns:
            logging.getLogger("mkdocs.plugins.kcgplans").warning("a link the page cannot resolve")
        return html_of(page)

    ahead = start(todo, render)
    ahead._reader.join(timeout=120)  # noqa: SLF001
    assert [ahead.take(page) is not None for page in todo[-3:]] == [False, True, True]
    assert all(ahead.take(page) is None for page in todo[:-3])
    ahead.close()


def test_a_failed_build_stops_the_child(monkeypatch) -> None:
    monkeypatch.setattr(RenderAhead, "MIN_PAGES", 1)

    def slow(page):
        time.sleep(0.05)
        return html_of(page)

    ahead = start(pages(2000), slow)  # long enough to be still running when stopped
    pid = ahead.pid
    ahead.close(cancel=True)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped, not left running


def test_a_small_site_is_rendered_by_the_build_alone() -> None:
    assert start(pages(10)) is None


def test_a_build_with_pages_rendered_ahead_writes_the_same_site(tmp_path: Path, monkeypatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    cache = tmp_path / "cache"
    monkeypatch.setenv("KCGPLANS_CACHE_DIR", str(cache))
    monkeypatch.chdir(ROOT)
    taken = []
    original_close, original_take = RenderAhead.close, RenderAhead.take

    def close(self, **kwargs):
        taken.append(self.taken)
        return original_close(self, **kwargs)

    def take(self, page):  # no race in the test: the child has done a few pages before the build starts
        deadline = time.monotonic() + 60
        while len(self._done) < 5 and self.taken == 0 and time.monotonic() < deadline:  # noqa: SLF001
            time.sleep(0.01)
        return original_take(self, page)

    monkeypatch.setattr(RenderAhead, "close", close)
    monkeypatch.setattr(RenderAhead, "take", take)
    monkeypatch.setattr(RenderAhead, "MIN_PAGES", 1)  # this site has 152 generated pages
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "ahead")))  # cold: nothing segmented yet
    assert taken and taken[0] > 0
    segments = cache / "search" / "search-segments.json"
    kept = segments.read_bytes()
    # The same site built by a fresh `mkdocs build` (too small for a child: every page rendered by the build)
    done = mkdocs_build(ROOT, tmp_path / "alone")
    assert done.returncode == 0, done.stderr
    assert differences(filecmp.dircmp(tmp_path / "ahead", tmp_path / "alone")) == []
    # It found every text's segmentation in the cache, the child's included: it had nothing new to save
    assert segments.read_bytes() == kept


def differences(compared: filecmp.dircmp) -> list[str]:
    out = [*compared.left_only, *compared.right_only, *compared.diff_files, *compared.funny_files]
    for sub in compared.subdirs.values():
        out += differences(sub)
    return out
