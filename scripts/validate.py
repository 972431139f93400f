"""Validate all content: `python scripts/validate.py [content-dir]`. Exit 1 with every error listed."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from kcgplans.cli import validate_main  # noqa: E402

if __name__ == "__main__":
    sys.exit(validate_main(sys.argv[1:]))
