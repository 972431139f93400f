"""Page bodies kept between builds of one process (``mkdocs serve``), re-rendered only when their inputs change.

A body is rendered from the content model, the templates and the translation catalogs. Its fingerprint is what
those inputs are for that page: every content file except the plans (agencies, frameworks, FAQ, SOP, site
settings), the templates and catalogs, the page's own identity and slots, and the plan files the page is made
from (a plan page: its plan; an FAQ or SOP page: the plans it quotes) or what it shows of them (a unit page:
how it names each plan and that unit's measures, views.pages._unit_view; a page that lists plans by title: what
the list shows of each, views.pages._listing; a strategy-area page or an index: its labels, links and counts).
Editing one plan then re-renders a few dozen pages, not thousands. ``tests/test_incremental.py`` checks that
builds using the cache write exactly what clean builds write.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import i18n
from .render import TEMPLATES

# Folders of content/ that no page body is made from: hand-written pages (MkDocs renders them) and the source
# documents; plans are fingerprinted one by one.
_NOT_GLOBAL = {"pages", "plans"}


def digest(*parts: object) -> str:
    """sha1 of the parts' text (containers by their repr)."""
    h = hashlib.sha1()
    for part in parts:
        h.update(str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def tree_stamp(folder: Path, skip: set[str] = frozenset()) -> list[tuple[str, int, int]]:
    """(path, mtime, size) of every file under ``folder`` except the top-level folders in ``skip``."""
    out = []
    for dirpath, dirnames, names in os.walk(folder):
        if Path(dirpath) == folder:
            dirnames[:] = [d for d in dirnames if d not in skip]
        for name in names:
            stat = os.stat(os.path.join(dirpath, name))
            out.append((os.path.join(dirpath, name), stat.st_mtime_ns, stat.st_size))
    return sorted(out)


class RenderCache:
    """The last body of each page (by kind, key and language) with the fingerprint it was rendered for."""

    def __init__(self) -> None:
        self._bodies: dict[tuple[str, str, str], tuple[str, tuple]] = {}
        self.rendered = 0
        self.reused = 0
        self.global_digest = ""
        self.plan_digests: dict[str, str] = {}
        self.all_plans = ""
        self._file_digests: dict[str, tuple[tuple[int, int], str]] = {}  # plan file -> ((mtime, size), sha1)
        self.index_memo = None  # pages.IndexMemo, set by build_pages: the cross-references of unchanged plans

    def start(self, content_root: Path, plan_files: dict[str, Path], *extra: object) -> None:
        """Fingerprint this build's inputs (content files by size and mtime, plans by their bytes)."""
        self.rendered = self.reused = 0
        self.global_digest = digest(tree_stamp(Path(content_root), _NOT_GLOBAL), tree_stamp(TEMPLATES),
                                     tree_stamp(i18n.LOCALES), *extra)
        known, self._file_digests = self._file_digests, {}  # files no longer in the content are forgotten
        self.plan_digests = {pid: self._file_digest(path, known) for pid, path in plan_files.items()}
        self.all_plans = digest(sorted(self.plan_digests.items()))

    def _file_digest(self, path: Path, known: dict[str, tuple[tuple[int, int], str]]) -> str:
        """sha1 of a plan file's bytes, read again only when its size or mtime changed: the content loader has
        just parsed the files by the same test (model.repository.ParseCache), so a file it took from its cache
        is the one hashed last time. 1,000 plans are about 60 MB to read and hash on every rebuild otherwise."""
        stat = os.stat(path)
        stamp = (stat.st_mtime_ns, stat.st_size)
        entry = known.get(str(path))
        if entry is None or entry[0] != stamp:
            entry = (stamp, hashlib.sha1(Path(path).read_bytes()).hexdigest())
        self._file_digests[str(path)] = entry
        return entry[1]

    def fingerprint(self, plan_ids: list[str] | None, *identity: object) -> str:
        """What a page's body depends on; ``plan_ids`` None means every plan."""
        plans = self.all_plans if plan_ids is None else digest([(p, self.plan_digests.get(p)) for p in plan_ids])
        return digest(self.global_digest, plans, *identity)

    def plan_key(self, plan) -> tuple[str, str | None]:
        """What anything made from one plan alone depends on (open data keeps its per-plan parts by it)."""
        return self.global_digest, self.plan_digests.get(plan.id)

    def get(self, page: tuple[str, str, str], fingerprint: str) -> tuple | None:
        """(body, untranslated count, table of contents) rendered for this fingerprint, or None."""
        entry = self._bodies.get(page)
        if entry is not None and entry[0] == fingerprint:
            self.reused += 1
            return entry[1]
        return None

    def put(self, page: tuple[str, str, str], fingerprint: str, value: tuple) -> None:
        self.rendered += 1
        self._bodies[page] = (fingerprint, value)
