"""Accessibility audit of the built site: `python scripts/audit.py SITE_DIR [--changed] [--jobs N] [--report-dir DIR]`.

Exit 1 on any violation; see kcgplans.audit.cli.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from kcgplans.audit.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
