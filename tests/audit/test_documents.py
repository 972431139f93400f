"""PDF/ODT checks, including the pypdf fallback used when pikepdf is not importable."""
from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest
from audit_helpers import FIXTURES
from kcgplans.audit import document_queue
from kcgplans.audit.checks import documents


def checks(rel: str) -> list[str]:
    return [f.check for f in documents.check_document(FIXTURES, rel)]


def test_pdf_good_and_bad() -> None:
    assert checks("pdf/good.pdf") == []
    assert checks("pdf/bad.pdf") == ["pdf-tagged", "pdf-lang", "pdf-title", "pdf-text"]


def test_pypdf_fallback_gives_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "pikepdf", None)
    assert checks("pdf/good.pdf") == []
    assert checks("pdf/bad.pdf") == ["pdf-tagged", "pdf-lang", "pdf-title", "pdf-text"]


def test_odt_good_and_bad() -> None:
    assert checks("odt/good.odt") == []
    assert checks("odt/bad.odt") == ["odt-language", "odt-title", "odt-headings"]


def test_missing_and_broken_files() -> None:
    assert checks("document-readable/missing.pdf") == ["document-readable"]
    assert checks("document-readable/broken.odt") == ["document-readable"]


# The queue that checks the linked documents while the pages are audited (worker processes past a threshold).
LINKS = {"a.html": ["pdf/good.pdf", "pdf/bad.pdf", "odt/bad.odt", "office-download/report.docx"],
         "b.html": ["pdf/bad.pdf", "document-readable/missing.pdf"]}
EXPECTED = {"pdf/good.pdf": [], "pdf/bad.pdf": ["pdf-tagged", "pdf-lang", "pdf-title", "pdf-text"],
            "odt/bad.odt": ["odt-language", "odt-title", "odt-headings"],
            "document-readable/missing.pdf": ["document-readable"]}


def queued(pool_threshold: int, previous: dict | None = None) -> dict:
    queue = document_queue.DocumentQueue(FIXTURES, previous or {}, jobs=2, pool_threshold=pool_threshold)
    for linked in LINKS.values():
        queue.add(linked)
    return queue.records({page: {"downloads": linked} for page, linked in LINKS.items()}, "now")


def found(records: dict) -> dict[str, list[str]]:
    return {document: [f["check"] for f in record["findings"]] for document, record in records.items()}


def test_queue_checks_each_document_once_inline_or_in_workers() -> None:
    inline, pooled = queued(pool_threshold=100), queued(pool_threshold=1)
    assert found(inline) == found(pooled) == EXPECTED  # office files are listed on the page, not opened
    assert inline["pdf/bad.pdf"]["linked_from"] == ["a.html", "b.html"]
    assert inline["pdf/bad.pdf"]["checked_at"] == "now" and len(inline["pdf/bad.pdf"]["sha256"]) == 64


def test_queue_keeps_unchanged_documents_from_the_previous_report() -> None:
    first = queued(pool_threshold=100)
    kept = {**first["pdf/bad.pdf"], "checked_at": "earlier"}
    second = queued(pool_threshold=100, previous={"pdf/bad.pdf": kept})
    assert second["pdf/bad.pdf"]["checked_at"] == "earlier" and second["pdf/good.pdf"]["checked_at"] == "now"
    # A missing file has no hash, so it is never taken from an old report.
    stale = {"document-readable/missing.pdf": {"sha256": "", "findings": [], "checked_at": "earlier"}}
    assert found(queued(pool_threshold=100, previous=stale))["document-readable/missing.pdf"] == ["document-readable"]


def test_queue_without_worker_processes_checks_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(document_queue, "ProcessPoolExecutor", no_pool)
    assert found(queued(pool_threshold=1)) == EXPECTED


def test_queue_recovers_from_broken_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    class BrokenPool:
        submitted = 0

        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def submit(self, *args: object) -> Future:
            BrokenPool.submitted += 1
            if BrokenPool.submitted == 2:
                raise RuntimeError("cannot schedule new futures after shutdown")
            future: Future = Future()
            future.set_exception(BrokenProcessPool("a worker died"))
            return future

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            pass

    monkeypatch.setattr(document_queue, "ProcessPoolExecutor", BrokenPool)
    assert found(queued(pool_threshold=1)) == EXPECTED
