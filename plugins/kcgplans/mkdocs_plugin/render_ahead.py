"""Generated pages rendered ahead, whole, in a forked process, on the core MkDocs leaves idle.

MkDocs renders pages one after another on one core; a generated page costs our body template, its search
entries (lxml + jieba) and Material's page template, about 8 ms (3,458 pages at 1,000 plans). Once every page
has been read and the template environment is ready (on_env), the build forks. The child goes through the
generated pages from the end and does for each what MkDocs does when it writes a page, except the writing
(``render_page``: the context, every plugin's on_page_context, the template, every plugin's on_post_page). It
appends the HTML and the page's search entries to a temporary file and sends their place down a pipe. The build
goes from the start; when it reaches a page the child has done, it writes the child's HTML (the plugin hands it
to theme/main.html, which prints it instead of rendering). A counter in shared memory tells the child how far
the build has got: it stops where the two meet. What the child never made (it failed, was slow, or was stopped)
the build makes itself, so the output is the same either way.

fork, not a fresh interpreter: the child has the loaded content, the pages and the template environment without
making any of them again. Only for a plain `mkdocs build` (one thread, nothing cached); `mkdocs serve` renders
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

from mkdocs.commands.build import get_context
from mkdocs.structure.pages import Page

from .search_index import Segmenter

log = logging.getLogger("mkdocs.plugins.kcgplans")

_RECORD = struct.Struct("<iqq")  # page index (-1: the child's segmentations), offset in the file, length
_PROGRESS = struct.Struct("<q")


def render_page(page: Page, *, config, nav, env, doc_files) -> str:
    """The HTML MkDocs writes for ``page`` (mkdocs.commands.build._build_page, but returned, not written)."""
    config._current_page = page
    try:
        page.active = True
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        output = config.plugins.on_post_page(output, page=page, config=config)
        page.active = False
        return output
    finally:
        config._current_page = None


class _Warnings(logging.Handler):
    """Whether anything was logged at WARNING or above. In the child it replaces every log handler: what the
    child logs would otherwise be printed twice, or, for a page it then leaves to the build, out of order."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True

    @classmethod
    def instead_of_output(cls) -> "_Warnings":
        handler = cls()
        for logger in (logging.getLogger(), logging.getLogger("mkdocs")):  # MkDocs' does not propagate
            for old in list(logger.handlers):
                logger.removeHandler(old)
            logger.addHandler(handler)
        return handler


class RenderAhead:
    """A forked child rendering ``pages`` (in build order) from the end; ``take`` hands its work to the build."""

    MIN_PAGES = 200  # below this the fork and the file cost more than they save

    def __init__(self, pages: list[Page], render: Callable[[Page], str],
                 entries_of: Callable[[Page], tuple[str, bytes] | None], segmenter: Segmenter) -> None:
        # render: the page's HTML (render_page); entries_of: the search entries (key, JSON) its rendering made
        self.pages, self.render, self.entries_of, self.segmenter = pages, render, entries_of, segmenter
        self.index = {page.file.src_uri: i for i, page in enumerate(pages)}
        self.taken = 0
        self.pid: int | None = None
        self.in_child = False
        self._done: dict[int, tuple[int, int]] = {}
        self._lock = threading.Lock()
        self._segments: tuple[int, int] | None = None

    @classmethod
    def start(cls, pages: list[Page], render: Callable[[Page], str],
              entries_of: Callable[[Page], tuple[str, bytes] | None], segmenter: Segmenter) -> "RenderAhead | None":
        """Fork the child if there are enough pages to render and a second core to render them on."""
        if len(pages) < cls.MIN_PAGES or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
            return None
        ahead = cls(pages, render, entries_of, segmenter)
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
        self.in_child = True  # the plugin's hooks run here too: take() must not wait for itself
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        # The build's objects are the child's too: left out of its garbage collections, they are not walked
        # (which would copy every page of the shared heap into the child) and what the child makes still is.
        gc.freeze()
        warned = _Warnings.instead_of_output()
        out = os.fdopen(os.dup(self.file.fileno()), "wb")
        for i in range(len(self.pages) - 1, -1, -1):
            if _PROGRESS.unpack(self.progress[:])[0] >= i:
                break  # the build has got here
            page = self.pages[i]
            html = self.render(page)
            if warned.seen:
                break  # this page is the build's: it logs the warning (and counts it, for --strict) itself
            self._send(out, pipe, i, (html, self.entries_of(page)))
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

    def take(self, page: Page) -> tuple[str, tuple[str, bytes] | None] | None:
        """The HTML and the search entries the child made of ``page``, if it did; either way tell the child
        the build has reached this page."""
        index = self.index.get(page.file.src_uri)
        if index is None or self.in_child:
            return None
        self.progress[:] = _PROGRESS.pack(index)
        with self._lock:
            place = self._done.pop(index, None)
        if place is None:
            return None
        self.taken += 1
        return self._load(place)

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
        log.debug(f"kcgplans: {self.taken} pages rendered ahead by a second process")
