"""Shared fixtures: the real site built once per test run (shared by xdist workers), and a way to build a
project from a temporary folder, as MkDocs' own tests do."""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path

import pytest

from support import ROOT, mkdocs_build  # noqa: E402  (also sets up sys.path and the cache)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The repository's site, built once per test run: the first worker builds, the others wait for it.
    Each run has its own folder, so test runs going on at the same time never see each other's half site."""
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    base = ROOT / ".cache" / "test-site"
    base.mkdir(parents=True, exist_ok=True)
    for old in base.iterdir():  # runs of more than a day ago
        if old.is_dir() and time.time() - old.stat().st_mtime > 86400:
            shutil.rmtree(old, ignore_errors=True)
    run = base / run_id
    run.mkdir(exist_ok=True)
    with open(run / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        site, done_stamp = run / "site", run / "built"
        if not done_stamp.is_file():
            shutil.rmtree(site, ignore_errors=True)
            done = mkdocs_build(ROOT, site)
            assert done.returncode == 0, done.stderr
            done_stamp.touch()
    return site


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the repository's site project (config, theme, content) in a temporary folder, to change
    and build without touching the real one."""
    dest = tmp_path / "project"
    dest.mkdir()
    for name in ("mkdocs.yml", "theme", "content"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    return dest
