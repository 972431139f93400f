"""Page bodies and their search entries made ahead, in a forked process, on the core MkDocs leaves idle.

A cold build renders each generated page's body (our templates) and its search entries (lxml + jieba) when
MkDocs reaches the page, one page after another on one core: at 1,000 plans about 17 s of a 50 s build. Once
the pages and their order are known (on_files), the build forks. The child goes through the pages from the
end, rendering body and search entries, appending each result to a temporary file and sending its place down a
pipe; the build goes from the start and, when it reaches a page the child has done, reads it from the file
instead of rendering it. A counter in shared memory tells the child how far the build has got: it stops where
the two meet. Nothing the child makes is kept in memory until it is used, and what it never made (it failed,
was slow, or was stopped) the build makes itself, so the output is the same either way.

fork, not a fresh interpreter: the child has the loaded content and the pages' rendering closures without
loading anything again. Only for a plain `mkdocs build` (one thread, nothing cached); `mkdocs serve` renders
the few pages an edit changes itself.
"""
from __future__ import annotations

import gc
import logging
import mmap
import os
import pickle
import signal
import struct
import tempfile
import threading
from collections.abc import Callable

from ..views import SitePage
from .search_index import EntryCache, Segmenter, encode_entries

log = logging.getLogger("mkdocs.plugins.kcgplans")

_RECORD = struct.Struct("<iqq")  # page index (-1: the child's segmentations), offset in the file, length
_PROGRESS = struct.Struct("<q")


class RenderAhead:
    """A forked child rendering ``pages`` (in build order) from the end; ``take`` hands its work to the build."""

    MIN_PAGES = 200  # below this the fork and the file cost more than they save

    def __init__(self, pages: list[SitePage], strip_of: Callable[[SitePage], str | None],
                 segmenter: Segmenter) -> None:
        # strip_of: the prefix search entries drop from locations, None for a page not in the search index
        self.pages, self.strip_of, self.segmenter = pages, strip_of, segmenter
        self.index = {id(page): i for i, page in enumerate(pages)}
        self.taken = 0
        self.pid: int | None = None
        self._done: dict[int, tuple[int, int]] = {}
        self._lock = threading.Lock()
        self._segments: tuple[int, int] | None = None

    @classmethod
    def start(cls, pages: list[SitePage], strip_of: Callable[[SitePage], str | None],
              segmenter: Segmenter) -> "RenderAhead | None":
        """Fork the child if there are enough pages to render and a second core to render them on."""
        todo = [p for p in pages if p.body is None and p.render is not None]
        if len(todo) < cls.MIN_PAGES or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
            return None
        ahead = cls(todo, strip_of, segmenter)
        ahead._fork()
        return ahead

    def _fork(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="kcg-render-ahead-")
        self.progress = mmap.mmap(-1, _PROGRESS.size)  # anonymous and shared: the child sees the build's writes
        self.progress[:] = _PROGRESS.pack(-1)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into MkDocs
            status = 1
            try:
                os.close(read_end)
                self._child(write_end)
                status = 0
            finally:
                os._exit(status)
        self.pid = pid
        os.close(write_end)
        self._reader = threading.Thread(target=self._read, args=(read_end,), name="kcg-render-ahead", daemon=True)
        self._reader.start()

    # The child ---------------------------------------------------------------------------------------------
    def _child(self, pipe: int) -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        # The build's objects are the child's too: left out of its garbage collections, they are not walked
        # (which would copy every page of the shared heap into the child) and what the child makes still is.
        gc.freeze()
        out = os.fdopen(os.dup(self.file.fileno()), "wb")
        for i in range(len(self.pages) - 1, -1, -1):
            if _PROGRESS.unpack(self.progress[:])[0] >= i:
                break  # the build has got here
            page = self.pages[i]
            page.ensure()
            strip = self.strip_of(page)
            entries = None
            if strip is not None:
                entries = (EntryCache.key(page, strip), encode_entries(page, self.segmenter, strip))
            self._send(out, pipe, i, (page.body, page.untranslated, page.toc, entries))
            page.release()
        self._send(out, pipe, -1, (self.segmenter.used, self.segmenter.new))
        out.close()
        os.close(pipe)

    @staticmethod
    def _send(out, pipe: int, index: int, value: object) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        offset = out.tell()
        out.write(data)
        out.flush()  # in the file before the build hears of it
        os.write(pipe, _RECORD.pack(index, offset, len(data)))  # 20 bytes: one atomic write

    # The build ---------------------------------------------------------------------------------------------
    def _read(self, pipe: int) -> None:
        with os.fdopen(pipe, "rb") as records:
            while True:
                record = records.read(_RECORD.size)
                if len(record) < _RECORD.size:
                    return
                index, offset, length = _RECORD.unpack(record)
                with self._lock:
                    if index < 0:
                        self._segments = (offset, length)
                    else:
                        self._done[index] = (offset, length)

    def _load(self, place: tuple[int, int]) -> object:
        return pickle.loads(os.pread(self.file.fileno(), place[1], place[0]))

    def take(self, page: SitePage, entries: EntryCache) -> bool:
        """Give ``page`` the body (and ``entries`` its search entries) the child made, if it did; either way
        tell the child the build has reached this page."""
        index = self.index.get(id(page))
        if index is None:
            return False
        self.progress[:] = _PROGRESS.pack(index)
        with self._lock:
            place = self._done.pop(index, None)
        if place is None or page.body is not None:
            return False
        page.body, page.untranslated, toc, made = self._load(place)
        page.toc = list(toc)
        if made is not None:
            entries.store(page.url, *made)
        self.taken += 1
        return True

    def close(self, *, cancel: bool = False) -> None:
        """Wait for the child (stop it first after a failed build) and keep the segmentations it made."""
        if self.pid is None:
            return
        if cancel:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        self._reader.join(timeout=10)
        if not cancel:
            if self._segments is not None:
                self.segmenter.merge(*self._load(self._segments))
            if status != 0:
                log.warning("kcgplans: the process rendering pages ahead failed; the build rendered them itself")
        self.file.close()
        self.progress.close()
        log.debug(f"kcgplans: {self.taken} page bodies rendered ahead by a second process")
