"""Rebuilds the way `mkdocs serve --dirty` does them, without the web server: one process, the configuration
loaded again for each build (MkDocs keeps plugins that define on_startup), every build after the first dirty.

    python scripts/serve_rebuilds.py PROJECT SITE

Builds once, prints ``built <seconds>``, then builds again each time a line arrives on stdin and prints
``built <seconds>`` (or ``failed <message>`` for a build error). Used by tests/test_incremental.py and by
scripts/bench.py for the rebuild figures.
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


def main() -> None:
    project, site = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    os.chdir(project)

    def get_config():
        return load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    first = True
    while True:
        start = time.perf_counter()
        try:
            build(config if first else get_config(), dirty=not first)
            print(f"built {time.perf_counter() - start:.3f}", flush=True)
        except (MkDocsException, SystemExit) as exc:
            print(f"failed {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}",
                  flush=True)
        first = False
        if not sys.stdin.readline():
            break


if __name__ == "__main__":
    main()
