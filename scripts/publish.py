"""Publish the site atomically: `make publish DEST=/srv/www/service-plans` (or `python scripts/publish.py DEST`).

發布網站：先完整建置到新的目錄，成功後才一次切換，建置失敗或中斷時線上網站維持原狀。

Layout (DEST is what the web server serves):

    DEST                          -> DEST.releases/20261124T101500Z   (a symbolic link)
    DEST.releases/20261124T101500Z/   a complete build
    DEST.releases/20261124T093000Z/   the previous ones (KEEP of them are kept, for rollback)
    DEST.releases/<ts>.partial/       a build in progress

1. The site is built into DEST.releases/<ts>.partial/ with `mkdocs build --clean`.
2. If the build fails (content error, broken link, killed…), the partial folder is removed (or, when the publisher
   itself was killed, left for the next run to remove) and DEST is not touched.
3. A complete build is renamed to DEST.releases/<ts>/, a new symlink DEST.tmp-<ts> -> DEST.releases/<ts> is made,
   and renamed over DEST. rename(2) replaces the link in one step: every request sees either the old site or the
   new one, never a mixture or nothing.
4. The first time, DEST may be an ordinary folder. It is then exchanged with the new symlink in one step
   (renameat2 RENAME_EXCHANGE, Linux 3.15+) and kept as DEST.releases/<ts>-previous/; where the exchange is not
   available it is moved aside first, which leaves DEST missing for an instant (said on the output).
5. Old releases beyond KEEP (default 3) are deleted; the one DEST points at is always kept.

Rollback: `ln -sfn DEST.releases/<older> DEST.tmp && mv -T DEST.tmp DEST`.
Only one publish runs at a time (a lock file in DEST.releases/).
"""
from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import datetime as dt
import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def releases_dir(dest: Path) -> Path:
    return dest.parent / f"{dest.name}.releases"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (renameat2 RENAME_EXCHANGE); False when the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def _stamp(releases: Path) -> str:
    base = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    stamp, n = base, 1
    while (releases / stamp).exists() or (releases / f"{stamp}.partial").exists():
        n += 1
        stamp = f"{base}-{n}"
    return stamp


def build(config: Path, target: Path, python: str) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [python, "-m", "mkdocs", "build", "--clean", "--quiet", "-f", str(config), "-d", str(target)]
    return subprocess.run(command, cwd=config.parent, env=env).returncode


def switch(dest: Path, release: Path) -> None:
    """Point DEST at ``release`` in one rename."""
    link_target = os.path.relpath(release, dest.parent)
    temp = dest.parent / f".{dest.name}.tmp-{release.name}"
    if temp.is_symlink() or temp.exists():
        temp.unlink()
    temp.symlink_to(link_target, target_is_directory=True)
    if dest.is_symlink() or not dest.exists():
        os.replace(temp, dest)  # rename(2): atomic replacement of the old link
        return
    # First publish over an ordinary folder: swap it with the link, then file it with the releases
    previous = release.parent / f"{release.name}-previous"
    if _exchange(temp, dest):
        temp.rename(previous)  # temp now holds the old folder
        print(f"原有的網站目錄已保存為 The former site folder was kept as {previous}")
        return
    print("此系統不支援一次交換，切換時網站會短暫不存在。 This system cannot exchange paths in one step: "
          "the site is missing for an instant.")
    dest.rename(previous)
    os.replace(temp, dest)


def prune(releases: Path, current: Path | None, keep: int) -> None:
    done = sorted((p for p in releases.iterdir() if p.is_dir() and not p.name.endswith(".partial")
                   and not p.name.startswith(".")), key=lambda p: p.name, reverse=True)
    for old in done[keep:]:
        if current is not None and old.resolve() == current.resolve():
            continue
        shutil.rmtree(old, ignore_errors=True)


def publish(dest: Path, config: Path, python: str = sys.executable, keep: int = 3) -> int:
    dest = Path(os.path.abspath(dest))
    releases = releases_dir(dest)
    releases.mkdir(parents=True, exist_ok=True)
    with open(releases / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"另一個發布正在進行中。 Another publish is running ({releases / '.lock'}).", file=sys.stderr)
            return 3
        for stale in releases.glob("*.partial"):  # left by a publish that was killed
            shutil.rmtree(stale, ignore_errors=True)
        stamp = _stamp(releases)
        partial, release = releases / f"{stamp}.partial", releases / stamp
        print(f"建置中 Building into {partial}")
        code = build(config, partial, python)
        if code != 0 or not (partial / "index.html").is_file():
            shutil.rmtree(partial, ignore_errors=True)
            print(f"建置失敗，線上網站未變更。 The build failed (exit {code}); the published site is unchanged: {dest}",
                  file=sys.stderr)
            return 1
        partial.rename(release)
        switch(dest, release)
        prune(releases, release, keep)
        print(f"已發布 Published: {dest} -> {os.readlink(dest)}")
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="publish", description="建置並一次切換發布 / Build and publish atomically")
    parser.add_argument("dest", type=Path, help="網頁伺服器提供的路徑 / the path the web server serves")
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--keep", type=int, default=int(os.environ.get("KEEP", 3)),
                        help="保留的版本數（預設 3）/ releases to keep (default 3)")
    args = parser.parse_args(argv)
    if args.keep < 1:
        parser.error("--keep 至少為 1 / --keep must be at least 1")
    return publish(args.dest, args.config_file.resolve(), keep=args.keep)


if __name__ == "__main__":
    sys.exit(main())
