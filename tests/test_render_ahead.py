"""Page bodies and search entries rendered ahead by a forked child (mkdocs_plugin/render_ahead.py): what the
build takes from the child is exactly what it would have rendered, and a child that fails or is stopped only
leaves the build more to do."""
from __future__ import annotations

import filecmp
import logging
import os
import time
from pathlib import Path

import pytest

from support import ROOT, mkdocs_build

from kcgplans.mkdocs_plugin import render_ahead
from kcgplans.mkdocs_plugin.render_ahead import RenderAhead
from kcgplans.mkdocs_plugin.search_index import EntryCache, Segmenter, encode_entries
from kcgplans.model import load_content
from kcgplans.views import build_pages

# pytest-xdist's workers run execnet threads, so forking there warns; a real `mkdocs build` forks with its main
# thread only (mkdocs serve never forks: it keeps a render cache).
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")


def lazy_pages() -> list:
    return build_pages(load_content(ROOT / "content"), lazy=True)


def strip_of(page) -> str | None:
    return None if page.kind in ("unit", "area") else ("en/" if page.lang == "en" else "")


def test_the_build_takes_the_childs_bodies_and_entries_unchanged(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(RenderAhead, "MIN_PAGES", 1)
    pages, fresh = lazy_pages(), {(p.kind, p.key, p.lang): p for p in lazy_pages()}
    segmenter, entries = Segmenter(tmp_path / "child", None), EntryCache()
    ahead = RenderAhead.start(pages, strip_of, segmenter)
    assert ahead is not None and ahead.pid is not None
    ahead._reader.join(timeout=120)  # noqa: SLF001 - the child has gone through every page and ended
    taken = 0
    for page in pages:
        took = ahead.take(page, entries)
        taken += took
        other = fresh[(page.kind, page.key, page.lang)].ensure()
        page.ensure()
        assert (page.body, page.untranslated, page.toc) == (other.body, other.untranslated, other.toc)
        strip = strip_of(page)
        if took and strip is not None:
            assert entries._pages[page.url] == (EntryCache.key(page, strip),  # noqa: SLF001
                                                encode_entries(page, Segmenter(tmp_path / "own", None), strip))
    assert taken == len(pages) == ahead.taken
    assert segmenter.new == 0
    ahead.close()
    assert segmenter.new > 0 and segmenter.used  # the child's segmentations, kept for the segment cache


def test_the_child_stops_where_the_build_has_got_to(monkeypatch) -> None:
    monkeypatch.setattr(RenderAhead, "MIN_PAGES", 1)
    original = RenderAhead._child  # noqa: SLF001

    def after_the_build_has_moved(self, pipe):  # no race in the test: the child starts once the build has said
        while self.progress[:] == render_ahead._PROGRESS.pack(-1):  # noqa: SLF001
            time.sleep(0.001)
        original(self, pipe)

    monkeypatch.setattr(RenderAhead, "_child", after_the_build_has_moved)
    pages = lazy_pages()
    ahead = RenderAhead.start(pages, lambda page: None, Segmenter(Path("/nonexistent"), None))
    last = len(pages) - 1
    assert not ahead.take(pages[last - 4], EntryCache())  # the build is five pages from the end
    ahead._reader.join(timeout=120)  # noqa: SLF001 - the child stopped by itself
    assert sorted(ahead._done) == [last - 3, last - 2, last - 1, last]  # noqa: SLF001
    ahead.close()


def test_a_failing_child_leaves_the_pages_to_the_build(tmp_path: Path, monkeypatch, caplog) -> None:
    monkeypatch.setattr(RenderAhead, "MIN_PAGES", 1)

    def broken(*args):
        raise RuntimeError("lxml is gone")

    monkeypatch.setattr(render_ahead, "encode_entries", broken)  # the child fails on its first page
    pages = lazy_pages()
    ahead = RenderAhead.start(pages, lambda page: "", Segmenter(tmp_path, None))
    ahead._reader.join(timeout=120)  # noqa: SLF001 - the child has ended
    assert not any(ahead.take(page, EntryCache()) for page in pages)
    assert all(page.ensure().body for page in pages)  # the build renders them itself
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kcgplans"):
        ahead.close()
    assert "failed" in caplog.text


def test_a_failed_build_stops_the_child(monkeypatch) -> None:
    monkeypatch.setattr(RenderAhead, "MIN_PAGES", 1)
    pages = lazy_pages() * 20  # long enough to be still running when stopped
    ahead = RenderAhead.start(pages, lambda page: None, Segmenter(Path("/nonexistent"), None))
    pid = ahead.pid
    ahead.close(cancel=True)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped, not left running


def test_a_small_site_is_rendered_by_the_build_alone() -> None:
    assert RenderAhead.start(lazy_pages()[:10], strip_of, Segmenter(Path("/nonexistent"), None)) is None


def test_a_build_with_pages_rendered_ahead_writes_the_same_site(tmp_path: Path, monkeypatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    cache = tmp_path / "cache"
    monkeypatch.setenv("KCGPLANS_CACHE_DIR", str(cache))
    monkeypatch.chdir(ROOT)
    taken = []
    original = RenderAhead.close

    def close(self, **kwargs):
        taken.append(self.taken)
        return original(self, **kwargs)

    monkeypatch.setattr(RenderAhead, "close", close)
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
