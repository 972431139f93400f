"""Write the ODT and PDF of many Documents, in parallel, regenerating only what changed.

A PDF costs ~50 ms of CPU and an ODT ~25 ms, so a site with hundreds of plans per language cannot rebuild them all on every MkDocs
build. Each Document is hashed (its content, the writers' version, the libraries' versions and the font files);
outputs are kept in cache_dir under that hash and copied to their place when the hash is seen again.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import multiprocessing
import os
import shutil
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path

from . import fonts
from .common import WRITER_VERSION, document_time, is_zh
from .document import Document

SUFFIXES = (".odt", ".pdf")
# Output bytes also depend on these libraries (layout, font subsetting, XML serialisation).
_LIBRARIES = ("odfpy", "typst", "pikepdf", "segno")


class GenerateError(RuntimeError):
    """Writing one document failed; the message names its output path."""


@dataclass(frozen=True)
class GenerateReport:
    generated: int                 # jobs whose files were written in this run
    reused: int                    # jobs copied from the cache unchanged
    sizes: dict[Path, int] = field(default_factory=dict)  # every output file (base.odt, base.pdf) → bytes


def _canonical(value: object) -> object:
    """JSON-ready form of a Document: block types named, fields excluded from equality (extra) left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value) if f.compare}
        return {"type": type(value).__name__, **fields}
    if isinstance(value, (tuple, list)):
        return [_canonical(v) for v in value]
    return value


@cache
def _writer_sources() -> str:
    """Hash of the exports' own code: any change to a writer (or the QR code it embeds) invalidates the cache,
    without relying on someone remembering to bump WRITER_VERSION."""
    digest = hashlib.sha256()
    for path in sorted([*Path(__file__).parent.glob("*.py"), *Path(__file__).parent.glob("*.typ")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@cache
def _library_versions() -> dict[str, str]:
    return {name: version(name) for name in _LIBRARIES}


def cache_key(doc: Document) -> str:
    when = document_time(doc)  # includes SOURCE_DATE_EPOCH for undated documents
    material = {
        "document": _canonical(doc),
        "time": when.isoformat() if when else None,
        "writers": WRITER_VERSION,
        "sources": _writer_sources(),
        "libraries": _library_versions(),
        "fonts": fonts.identity(),  # the installed font files the PDF's fonts are subset from
    }
    return hashlib.sha256(json.dumps(material, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _build(doc: Document, cache_dir: Path, key: str) -> None:
    """Write both files into the cache (runs in a worker process)."""
    # Imported here: the parent process of a fully cached build never pays for loading the writers.
    from .odt import write_odt
    from .pdf import write_pdf

    for suffix, write in ((".odt", write_odt), (".pdf", write_pdf)):
        final = cache_dir / f"{key}{suffix}"
        tmp = cache_dir / f"{key}.{os.getpid()}.tmp{suffix}"
        write(doc, tmp)
        os.replace(tmp, final)  # atomic: a crash or a concurrent run never leaves a half file under the key


def _cached(cache_dir: Path, key: str) -> bool:
    return all((cache_dir / f"{key}{s}").is_file() for s in SUFFIXES)


def generate(jobs: Iterable[tuple[Document, Path]], *, cache_dir: Path,
             processes: int | None = None) -> GenerateReport:
    """For each (document, base path without suffix) write base.odt and base.pdf; see the module docstring.

    With processes > 1 the caller's main module must be import-safe (``if __name__ == "__main__":``), as for any
    spawn/forkserver pool; the mkdocs command is.
    """
    if processes is not None and processes < 1:
        raise ValueError(f"processes must be at least 1, found {processes}")
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    keyed: list[tuple[str, Path]] = []
    to_build: dict[str, tuple[Document, Path]] = {}
    for doc, base in jobs:
        try:
            key = cache_key(doc)
        except Exception as exc:
            raise GenerateError(f"{base}: {exc}") from exc
        keyed.append((key, Path(base)))
        if key not in to_build and not _cached(cache_dir, key):
            to_build[key] = (doc, Path(base))

    workers = min(processes or os.cpu_count() or 1, len(to_build))
    if workers <= 1:
        # One document, or one process asked for: a pool would only add its start-up time.
        for key, (doc, base) in to_build.items():
            try:
                _build(doc, cache_dir, key)
            except Exception as exc:
                raise GenerateError(f"{base}: {exc}") from exc
    elif to_build:
        # forkserver, not fork: MkDocs' `serve` runs builds beside other threads, and forking a threaded process
        # can deadlock (Python 3.12 warns about it). Workers start from a clean interpreter instead.
        method = "forkserver" if sys.platform.startswith("linux") else "spawn"
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            futures = {pool.submit(_build, doc, cache_dir, key): base for key, (doc, base) in to_build.items()}
            for future in as_completed(futures):
                try:
                    future.result()
                except Exception as exc:
                    for other in futures:
                        other.cancel()
                    raise GenerateError(f"{futures[future]}: {exc}") from exc

    sizes: dict[Path, int] = {}
    for key, base in keyed:
        base.parent.mkdir(parents=True, exist_ok=True)
        for suffix in SUFFIXES:
            target = base.with_name(base.name + suffix)  # not with_suffix: "113.v2" must stay whole
            _place(cache_dir / f"{key}{suffix}", target)
            sizes[target] = target.stat().st_size
    generated = sum(1 for key, _ in keyed if key in to_build)
    return GenerateReport(generated=generated, reused=len(keyed) - generated, sizes=sizes)


def _place(cached: Path, target: Path) -> None:
    """Put a cached file at target: a hard link where the file system allows (thousands of PDFs are not copied
    twice per build), else a copy. Cache files are never modified in place (they are replaced), so sharing
    their inode is safe."""
    if target.exists() or target.is_symlink():
        target.unlink()
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)


def human_size(n_bytes: int, lang: str) -> str:
    """File size for a download link: 「下載 ODT 文件（18 KB）」. KB are rounded up so a file never shows "0 KB"."""
    if n_bytes < 0:
        raise ValueError(f"a file size cannot be negative: {n_bytes}")
    if n_bytes < 1024:
        if is_zh(lang):
            return f"{n_bytes} 位元組"
        return f"{n_bytes} byte" if n_bytes == 1 else f"{n_bytes} bytes"
    kb = math.ceil(n_bytes / 1024)
    if kb < 1024:
        return f"{kb} KB"
    mb = n_bytes / 1024 ** 2
    return f"{mb:.1f} MB" if mb < 1024 else f"{n_bytes / 1024 ** 3:.1f} GB"
