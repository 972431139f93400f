"""Writing the site's large derived files (search index, open data) again on every rebuild of `mkdocs serve`."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path


def overwrite(path: Path, parts: Iterable[bytes]) -> int:
    """Write ``parts`` over ``path`` in place, then cut it to the new length; returns the length.

    Truncating a file to zero and writing it again frees and reallocates all its blocks, and on a file system
    mounted with ``discard`` (the root of the VMs the benchmark ran on) freeing 100 MB can cost more than
    writing it. Overwriting reuses the blocks. Not atomic: for the rebuilds of a preview server, whose pages MkDocs
    writes the same way; a published build writes into an empty folder.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    with os.fdopen(fd, "wb") as out:
        for part in parts:
            out.write(part)
        length = out.tell()
        out.truncate(length)
    return length


def joined(parts: Iterable[bytes], separator: bytes) -> Iterator[bytes]:
    """``parts`` with ``separator`` between them, as pieces for ``overwrite`` (never one joined string)."""
    for i, part in enumerate(parts):
        if i:
            yield separator
        yield part
