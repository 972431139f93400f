"""`make publish DEST=…` (scripts/publish.py): a new site is switched in with one rename; a failed or killed
build leaves the published site and the path the web server serves exactly as they were."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import ROOT

PUBLISH = ROOT / "scripts" / "publish.py"
pytestmark = pytest.mark.slow


@pytest.fixture
def fast_project(project):
    """The repository's project without the PDF/ODT downloads, which only slow these builds down."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      content_dir: content\n", "      content_dir: content\n      downloads_enabled: false\n"), encoding="utf-8")
    return project


def publish(project: Path, dest: Path, *extra: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PUBLISH), str(dest), "-f", str(project / "mkdocs.yml"), *extra],
                          capture_output=True, text=True, timeout=600, **kwargs)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def releases(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.parent.joinpath(dest.name + ".releases").iterdir() if not p.name.startswith("."))


def break_content(project: Path) -> None:
    plan = project / "content" / "plans" / "finance-bureau-113.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("agency: finance-bureau\n", "agency: no-such-agency\n"),
                    encoding="utf-8")


def test_publish_switches_atomically_and_keeps_the_old_site_on_failure(fast_project, tmp_path):
    dest = tmp_path / "www" / "site"
    dest.parent.mkdir()
    first = publish(fast_project, dest)
    assert first.returncode == 0, first.stderr
    assert dest.is_symlink() and (dest / "index.html").is_file() and (dest / "en" / "index.html").is_file()
    served = os.readlink(dest)
    assert not os.path.isabs(served) and served.startswith("site.releases/")
    before = snapshot(dest)

    # a content error: the build fails, nothing changes
    break_content(fast_project)
    failed = publish(fast_project, dest)
    assert failed.returncode == 1
    assert "published site is unchanged" in failed.stderr
    assert os.readlink(dest) == served and snapshot(dest) == before
    assert not [r for r in releases(dest) if r.endswith(".partial")]

    # repaired: a second release replaces the first in one rename
    plan = fast_project / "content" / "plans" / "finance-bureau-113.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("agency: no-such-agency\n", "agency: finance-bureau\n"),
                    encoding="utf-8")
    guide = fast_project / "content" / "pages" / "guide" / "index.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n新版本 new release\n", encoding="utf-8")
    second = publish(fast_project, dest, "--keep", "1")
    assert second.returncode == 0, second.stderr
    assert os.readlink(dest) != served
    assert "new release" in (dest / "guide" / "index.html").read_text(encoding="utf-8")
    assert releases(dest) == [os.path.basename(os.readlink(dest))]  # --keep 1 pruned the first release


def test_a_killed_build_leaves_the_served_site_intact(fast_project, tmp_path):
    dest = tmp_path / "site"
    assert publish(fast_project, dest).returncode == 0
    served, before = os.readlink(dest), snapshot(dest)
    store = tmp_path / "site.releases"

    # SIGKILL the publisher and its build halfway: no cleanup runs at all
    process = subprocess.Popen([sys.executable, str(PUBLISH), str(dest), "-f", str(fast_project / "mkdocs.yml")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    partial = None
    while time.monotonic() < deadline and process.poll() is None:
        partial = next((p for p in store.glob("*.partial") if any(p.rglob("*.html")) or (p / "assets").is_dir()), None)
        if partial is not None:
            break
        time.sleep(0.05)
    assert partial is not None and process.poll() is None, "the build finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert os.readlink(dest) == served and snapshot(dest) == before
    assert partial.is_dir()  # the half-written build is left, but nothing serves it

    # the next publish clears the leftover and succeeds
    again = publish(fast_project, dest)
    assert again.returncode == 0, again.stderr
    assert not partial.exists() and os.readlink(dest) != served
    assert (dest / "index.html").is_file()


def test_first_publish_over_an_ordinary_folder(fast_project, tmp_path):
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "index.html").write_text("old site", encoding="utf-8")
    done = publish(fast_project, dest)
    assert done.returncode == 0, done.stderr
    assert dest.is_symlink() and "old site" not in (dest / "index.html").read_text(encoding="utf-8")
    kept = [r for r in releases(dest) if r.endswith("-previous")]
    assert len(kept) == 1
    assert (tmp_path / "site.releases" / kept[0] / "index.html").read_text(encoding="utf-8") == "old site"


def test_publish_needs_a_destination():
    done = subprocess.run([sys.executable, str(PUBLISH)], capture_output=True, text=True)
    assert done.returncode == 2
    make = subprocess.run(["make", "-s", "-n", "publish", "DEST=/tmp/x"], cwd=ROOT, capture_output=True, text=True)
    assert "scripts/publish.py" in make.stdout
