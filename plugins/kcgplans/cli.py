"""Command-line entry points that do not need MkDocs."""
from __future__ import annotations

import argparse
from pathlib import Path

from .model import ContentErrors, load_content
from .model.coverage import coverage, report


def validate_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="validate", description="檢查內容檔案 / Check the content files")
    parser.add_argument("content", nargs="?", default="content", type=Path)
    parser.add_argument("--strict-translation", action="store_true",
                        help="缺英文即失敗 / fail on any text without English (CI)")
    args = parser.parse_args(argv)
    try:
        content = load_content(args.content)
    except ContentErrors as exc:
        print(exc.report())
        return 1
    print(f"內容正確 Content OK: {len(content.agencies)} agencies, {len(content.frameworks)} frameworks, "
          f"{len(content.plans)} plans.")
    files = coverage(args.content)
    print(report(files, args.content.resolve().parent if args.content.is_absolute() else Path(".")))
    missing = sum(len(f.missing) for f in files)
    if args.strict_translation and missing:
        print(f"有 {missing} 段文字缺英文翻譯。 {missing} text(s) have no English translation.")
        return 1
    return 0
