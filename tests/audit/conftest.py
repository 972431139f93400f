"""Shared fixtures: one real-browser audit of every fixture page (shared by xdist workers), site copies."""
from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from audit_helpers import AXE_DIR, FIXTURES, ROOT
from kcgplans.audit.runner import AuditOptions, audit_site


@pytest.fixture(scope="session")
def fixture_report() -> dict[str, Any]:
    """The audit of tests/audit/fixtures in headless Chromium with two browsers (about 20 s).

    Under xdist the first worker audits and the others read its report: the machine has two cores, and
    each worker starting its own two browsers would only slow everyone down.
    """
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    base = ROOT / ".cache" / "test-audit"
    base.mkdir(parents=True, exist_ok=True)
    stamp, saved = base / "run-id", base / "fixture-report.json"
    with open(base / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.is_file() and stamp.read_text() == run_id and saved.is_file():
            return json.loads(saved.read_text(encoding="utf-8"))
        report = audit_site(FIXTURES, AuditOptions(jobs=2, axe_dir=AXE_DIR))
        saved.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
        stamp.write_text(run_id)
        return report


@pytest.fixture
def copy_fixtures(tmp_path: Path) -> Callable[..., Path]:
    """Copy fixture folders into a fresh site directory and return it."""

    def copy(*folders: str) -> Path:
        site = tmp_path / "site"
        for folder in folders:
            shutil.copytree(FIXTURES / folder, site / folder)
        return site

    return copy
