"""Command-line entry points that do not need MkDocs."""
from __future__ import annotations

import argparse
from pathlib import Path

from .model import ContentErrors, load_content
from .model.coverage import report


def validate_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="validate", description="檢查內容檔案 / Check the content files")
    parser.add_argument("content", nargs="?", default="content", type=Path)
    parser.add_argument("--strict-translation", action="store_true",
                        help="缺英文即失敗 / fail on any text without English (CI)")
    parser.add_argument("--format", choices=("text", "github"), default="text",
                        help="github：錯誤另以 GitHub Actions 註記（::error file=…,line=…）輸出 / "
                             "github: also print each error as a GitHub Actions annotation")
    args = parser.parse_args(argv)
    try:
        content = load_content(args.content)
    except ContentErrors as exc:
        print(exc.report())
        if args.format == "github":
            print("\n".join(github_annotation(e) for e in exc.errors))
        return 1
    print(f"內容正確 Content OK: {len(content.agencies)} agencies, {len(content.frameworks)} frameworks, "
          f"{len(content.plans)} plans.")
    files = content.coverage
    print(report(files, args.content.resolve().parent if args.content.is_absolute() else Path(".")))
    missing = sum(len(f.missing) for f in files)
    if args.strict_translation and missing:
        print(f"有 {missing} 段文字缺英文翻譯。 {missing} text(s) have no English translation.")
        return 1
    return 0


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(error, root: Path | None = None) -> str:
    """One content error as a GitHub Actions workflow command, so the pull request shows it on the line at
    fault: ``::error file=content/plans/x.yaml,line=12,col=5,title=…::message``."""
    root = (root or Path.cwd()).resolve()
    try:
        file = error.file.resolve().relative_to(root).as_posix()
    except ValueError:
        file = error.file.as_posix()
    props = [f"file={_escape_property(file)}"]
    if error.line:
        props += [f"line={error.line}", f"col={error.column or 1}"]
    props.append(f"title={_escape_property(error.field or '內容錯誤 content error')}")
    message = f"{error.zh}\n{error.en}\n找到 found: {error.found}"
    return f"::error {','.join(props)}::{_escape_data(message)}"
