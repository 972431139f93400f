"""Translation coverage: which texts of which content files have no English yet, with their lines."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .yamlsource import format_path


@dataclass
class FileCoverage:
    file: Path
    texts: int = 0
    missing: list[tuple[int, str]] = field(default_factory=list)  # (line, field path)

    @property
    def translated(self) -> int:
        return self.texts - len(self.missing)

    @property
    def percent(self) -> float:
        return 100.0 if not self.texts else 100.0 * self.translated / self.texts


def file_coverage(doc) -> FileCoverage:
    """Coverage of one already-parsed file (the loader calls this, so validation reads each file once)."""
    cov = FileCoverage(doc.file)
    _walk(doc.data, (), doc, cov)
    return cov


def _walk(value, path, doc, cov: FileCoverage) -> None:
    if isinstance(value, dict):
        if isinstance(value.get("zh"), str):
            cov.texts += 1
            if not (isinstance(value.get("en"), str) and value["en"].strip()):
                cov.missing.append((doc.position(path)[0], format_path(path)))
            return
        for key, child in value.items():
            _walk(child, path + (key,), doc, cov)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            _walk(child, path + (i,), doc, cov)


def report(files: list[FileCoverage], root: Path, *, details: int = 5) -> str:
    lines = ["翻譯覆蓋率 Translation coverage (English):"]
    total = sum(f.texts for f in files)
    done = sum(f.translated for f in files)
    for f in files:
        rel = f.file.relative_to(root) if f.file.is_relative_to(root) else f.file
        lines.append(f"  {f.percent:6.1f}%  {f.translated:4d}/{f.texts:<4d} {rel}")
        for line, path in f.missing[:details]:
            lines.append(f"           {rel}:{line}: {path} 缺英文 no English")
        if len(f.missing) > details:
            lines.append(f"           … {len(f.missing) - details} more")
    pct = 100.0 if not total else 100.0 * done / total
    lines.append(f"  {pct:6.1f}%  {done}/{total} 全部 all files")
    return "\n".join(lines)
