"""Check the linked PDF/ODF documents while the browsers audit the pages.

Each document is checked once, as soon as the first page linking it has been audited; a document whose hash
matches the previous report keeps that result. Checking a PDF is pure Python (pypdf text extraction) and
takes tens of milliseconds, a few thousand of them minutes: past ``POOL_THRESHOLD`` documents they go to
worker processes at a lower CPU priority (``os.nice``), so they use the moments the browsers wait and never
slow the page audit down much. Fewer are checked in this process when the pages are done.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from . import report
from .checks.documents import CHECKED_EXTENSIONS, check_document
from .model import DocumentResult, Finding
from .pages import sha256_file

# Below this many documents to check, a pool costs more to start than it saves.
POOL_THRESHOLD = 16
# Niceness of the worker processes: below the browsers, above nothing.
WORKER_NICENESS = 10


def _lower_priority() -> None:
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # pragma: no cover - not allowed to change it: run at normal priority
        pass


def _check(site: str, rel: str) -> list[Finding]:
    return check_document(Path(site), rel)


class DocumentQueue:
    """Collects the documents the audited pages link to and checks each one once."""

    def __init__(self, site: Path, previous: dict[str, Any], jobs: int, pool_threshold: int = POOL_THRESHOLD) -> None:
        self.site = site
        self.previous = previous
        self.jobs = max(1, jobs)
        self.pool_threshold = pool_threshold
        self._hashes: dict[str, str] = {}
        self._waiting: list[str] = []  # to check, not yet handed to a pool
        self._futures: dict[str, Future[list[Finding]]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._pool_failed = False

    def add(self, documents: list[str]) -> None:
        """Documents linked by a page that has just been audited (any thread may call this)."""
        with self._lock:
            self._add(documents)

    def _add(self, documents: list[str]) -> None:
        for document in documents:
            if document in self._hashes or Path(document).suffix.lower() not in CHECKED_EXTENSIONS:
                continue
            path = self.site / document
            self._hashes[document] = sha256_file(path) if path.is_file() else ""
            old = self.previous.get(document)
            if old and self._hashes[document] and old.get("sha256") == self._hashes[document]:
                continue
            self._waiting.append(document)
        if self._pool is None and not self._pool_failed and len(self._waiting) >= self.pool_threshold:
            try:
                self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_lower_priority,
                                                 mp_context=multiprocessing.get_context("spawn"))
            except Exception:  # noqa: BLE001 - no worker processes here: check them all in this one, later
                self._pool_failed = True
        if self._pool is not None:
            for document in list(self._waiting):
                try:
                    self._futures[document] = self._pool.submit(_check, str(self.site), document)
                except Exception:  # noqa: BLE001 - e.g. the pool broke: this one is checked here, later
                    continue
                self._waiting.remove(document)

    def records(self, pages: dict[str, dict[str, Any]], stamp: str) -> dict[str, Any]:
        """Wait for the checks and return the report's ``documents``: every checked document linked from ``pages``."""
        linked: dict[str, list[str]] = {}
        for rel, page in pages.items():
            for document in page.get("downloads", []):
                linked.setdefault(document, []).append(rel)
        self.add(sorted(linked))  # pages kept from the previous report link documents too
        found: dict[str, list[Finding]] = {}
        try:
            for document, future in self._futures.items():
                try:
                    found[document] = future.result()
                except Exception:  # noqa: BLE001 - a dead worker: check it here instead
                    found[document] = check_document(self.site, document)
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
        for document in self._waiting:
            found[document] = check_document(self.site, document)
        self._waiting.clear()

        records: dict[str, Any] = {}
        for document, sources in sorted(linked.items()):
            if document not in self._hashes:
                continue  # not a format the audit opens (office files are only listed)
            if document in found:
                result = DocumentResult(path=document, sha256=self._hashes[document], findings=found[document])
                records[document] = report.document_record(result, sorted(sources), stamp)
            else:
                records[document] = {**self.previous[document], "linked_from": sorted(sources)}
        return records
