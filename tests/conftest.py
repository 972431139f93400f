"""Shared fixtures: the real site built once per test run (shared by xdist workers), and a way to build a
project from a temporary folder, as MkDocs' own tests do."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
# Builds of temporary projects share the repository's document cache (keyed by content, so sharing is safe):
# otherwise every test build would regenerate every PDF.
os.environ.setdefault("KCGPLANS_CACHE_DIR", str(ROOT / ".cache" / "kcgplans" / "downloads"))


def mkdocs_build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build` of ``project`` into ``site``; returns the finished process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site), *extra], cwd=project, env=env, capture_output=True, text=True)


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
