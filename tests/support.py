"""Helpers shared by the test modules (kept out of conftest.py: tests/exports has a conftest.py of its own,
and two modules named conftest cannot both be imported by name)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


