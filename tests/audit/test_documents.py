"""PDF/ODT checks, including the pypdf fallback used when pikepdf is not importable."""
from __future__ import annotations

import pytest
from audit_helpers import FIXTURES
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
