"""Rebuilds the way `mkdocs serve --dirty` does them, without the web server: one process, the configuration
loaded again for each build (MkDocs keeps plugins that define on_startup), every build after the first dirty,
each through the builder the plugins' on_serve handed back (as the server's file watcher calls it).

    python scripts/serve_rebuilds.py PROJECT SITE

Builds once, prints ``built <seconds>``, then for each line on stdin rebuilds and prints ``built <seconds>``,
``unchanged <seconds>`` (the builder found no watched file changed and did not build) or ``failed <message>``
for a build error. A line ``force`` calls MkDocs' build directly, as if nothing skipped it. Used by
tests/test_incremental.py and by scripts/bench.py for the rebuild figures.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import MkDocsException  # noqa: E402


class WatchingServer:
    """What on_serve sees of mkdocs.livereload.LiveReloadServer: the builder and watch()."""

    def __init__(self, builder):
        self.builder = builder
        self.watched: list[str] = []

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        self.watched.append(path)


def main() -> None:
    project, site = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    os.chdir(project)

    def get_config():
        return load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))

    def builder(config=None):  # mkdocs.commands.serve's: a new configuration for each rebuild
        build(config or get_config(), dirty=config is None)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    server = None
    line = ""
    while True:
        start = time.perf_counter()
        try:
            if server is None:
                builder(config)
                built = True
                server = config.plugins.on_serve(WatchingServer(builder), config=config, builder=builder)
            elif line.strip() == "force":
                builder()
                built = True
            else:
                built = server.builder() is not False
            print(f"{'built' if built else 'unchanged'} {time.perf_counter() - start:.3f}", flush=True)
        except (MkDocsException, SystemExit) as exc:
            print(f"failed {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}",
                  flush=True)
        line = sys.stdin.readline()
        if not line:
            break


if __name__ == "__main__":
    main()
