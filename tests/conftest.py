"""Shared fixtures: the real site built once per test run (shared by xdist workers), and a way to build a
project from a temporary folder, as MkDocs' own tests do."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))


def mkdocs_build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build` of ``project`` into ``site``; returns the finished process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site), *extra], cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The repository's site, built once per test run: the first worker builds, the others wait for it."""
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    base = ROOT / ".cache" / "test-site"
    base.mkdir(parents=True, exist_ok=True)
    with open(base / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp, site = base / "run-id", base / "site"
        if not (stamp.is_file() and stamp.read_text() == run_id and site.is_dir()):
            shutil.rmtree(site, ignore_errors=True)
            done = mkdocs_build(ROOT, site)
            assert done.returncode == 0, done.stderr
            stamp.write_text(run_id)
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
