"""Paths and helpers for the audit tests (a uniquely named module, so it never clashes with other conftests)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
AXE_DIR = ROOT / "node_modules" / "axe-core"
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))


def findings_of(report: dict[str, Any], page: str) -> list[dict[str, Any]]:
    """Violations of a page, including those of the documents it links to."""
    record = report["pages"][page]
    found = list(record["findings"])
    for document in record["downloads"]:
        found += report["documents"].get(document, {}).get("findings", [])
    return found
