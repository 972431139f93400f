"""Whether a `mkdocs serve` rebuild has anything to do.

The server rebuilds on every file event in what it watches: an editor saving a file it did not change, a
`git checkout` that leaves the bytes as they were, a file touched by a tool. A build of a 1,000-plan archive then
takes seconds to write nothing new. ``Inputs`` digests the bytes of every watched file; the plugin wraps the
server's builder (``skip_unchanged``) so that a rebuild whose inputs hash the same as those of the last
successful build is skipped. A failed build records nothing, so the next event builds (and reports) again.
"""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Callable

log = logging.getLogger("mkdocs.plugins.kcgplans")


def _ignored(name: str) -> bool:
    """Editor and system scratch files (MkDocs skips dot files too): saving them changes nothing built."""
    return name.startswith(".") or name.endswith(("~", ".swp", ".swx", ".tmp"))


class Inputs:
    """Digest of the files a build reads from the watched folders and files. A file's bytes are read again
    only when its size or mtime changed since the last digest."""

    def __init__(self) -> None:
        self._hashes: dict[str, tuple[int, int, str]] = {}  # path -> (mtime_ns, size, sha1 of the bytes)

    def digest(self, paths: list[str]) -> str:
        seen: list[tuple[str, str]] = []
        for path in sorted(set(paths)):
            if os.path.isdir(path):
                for dirpath, dirnames, names in os.walk(path):
                    dirnames[:] = sorted(d for d in dirnames if not _ignored(d))
                    seen += [self._file(os.path.join(dirpath, n)) for n in sorted(names) if not _ignored(n)]
            elif os.path.exists(path):
                seen.append(self._file(path))
            else:
                seen.append((path, "missing"))
        return hashlib.sha1(repr(seen).encode("utf-8", "surrogatepass")).hexdigest()

    def _file(self, path: str) -> tuple[str, str]:
        try:
            stat = os.stat(path)
        except OSError:  # removed while walking
            return path, "missing"
        known = self._hashes.get(path)
        if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
            return path, known[2]
        try:
            with open(path, "rb") as f:
                sha = hashlib.file_digest(f, "sha1").hexdigest()
        except OSError:
            return path, "unreadable"
        self._hashes[path] = (stat.st_mtime_ns, stat.st_size, sha)
        return path, sha


def watched(config, content_dir: Path) -> list[str]:
    """What `mkdocs serve` watches: docs_dir, mkdocs.yml, the theme folders, config.watch, plus content/ (which
    the plugin's on_serve adds)."""
    paths = [config.docs_dir, *config.theme.dirs, *config.watch, str(content_dir)]
    if config.config_file_path:
        paths.append(config.config_file_path)
    return [str(Path(p)) for p in paths]


def skip_unchanged(builder: Callable, inputs: Inputs, paths: Callable[[], list[str]],
                   last_built: Callable[[], str | None]) -> Callable:
    """The server's builder, which builds only when the watched files' bytes differ from the last successful
    build's. Returns True when it built, False when it skipped (MkDocs ignores the value; scripts read it)."""

    def build_if_changed(config=None) -> bool:
        if config is None and last_built() is not None and inputs.digest(paths()) == last_built():
            log.info("kcgplans: 檔案內容沒有變更，不必重建 · no watched file's content changed: nothing to rebuild")
            return False
        builder(config)
        return True

    return build_if_changed


__all__ = ["Inputs", "skip_unchanged", "watched"]
