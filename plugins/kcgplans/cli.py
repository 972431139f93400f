"""Command-line entry points that do not need MkDocs."""
from __future__ import annotations

import argparse
from pathlib import Path

from .model import ContentErrors, load_content


def validate_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="validate", description="檢查內容檔案 / Check the content files")
    parser.add_argument("content", nargs="?", default="content", type=Path)
    args = parser.parse_args(argv)
    try:
        content = load_content(args.content)
    except ContentErrors as exc:
        print(exc.report())
        return 1
    print(f"內容正確 Content OK: {len(content.agencies)} agencies, {len(content.frameworks)} frameworks, "
          f"{len(content.plans)} plans.")
    return 0
