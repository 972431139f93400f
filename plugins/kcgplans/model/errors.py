"""Content errors that an editor can act on: file, line, column, field, what was found, what to write instead."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ContentError:
    file: Path
    line: int            # 1-based; 0 when the error concerns the whole file
    column: int          # 1-based
    field: str           # e.g. content.areas[0].focus_points[1].measures[2].units[0]
    found: str           # what the file says (shortened)
    zh: str              # what is wrong and what to write instead, in Chinese
    en: str              # the same in English

    def location(self, root: Path | None = None) -> str:
        path = self.file
        if root is not None:
            try:
                path = self.file.resolve().relative_to(root.resolve())
            except ValueError:
                pass
        return f"{path}:{self.line}:{self.column}" if self.line else str(path)

    def format(self, root: Path | None = None) -> str:
        where = self.location(root)
        field = self.field or "(檔案 file)"
        return (
            f"{where}: {field}\n"
            f"    找到 found: {self.found}\n"
            f"    錯誤：{self.zh}\n"
            f"    Error: {self.en}"
        )

    def sort_key(self) -> tuple:
        return (str(self.file), self.line, self.column, self.field)


class ContentErrors(Exception):
    """Every error found in one run, so the editor can fix them all at once."""

    def __init__(self, errors: list[ContentError], root: Path | None = None):
        self.errors = sorted(errors, key=ContentError.sort_key)
        self.root = root
        super().__init__(self.report())

    def report(self) -> str:
        lines = [e.format(self.root) for e in self.errors]
        count = len(self.errors)
        lines.append(f"內容有 {count} 個錯誤，網站未建置。 {count} content error(s): the site was not built.")
        return "\n".join(lines)


def shorten(value: object, limit: int = 60) -> str:
    """A readable rendering of a found value for an error message."""
    if value is None:
        return "（空白 empty）"
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return f'"{text}"'
    if isinstance(value, dict):
        keys = ", ".join(map(str, list(value)[:6]))
        return f"{{{keys}}}"
    if isinstance(value, list):
        return f"[{len(value)} 項 items]"
    return repr(value)
