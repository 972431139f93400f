"""Check the form files an SOP offers: every office-format file needs an open-format twin (ME1320200C).

Government sites must offer editable files in ODF and read-only ones as PDF; a .docx alone fails the machine
check. The twin must have the same stem in the same folder, so the page can list the two side by side.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Office format → the ODF format an editor should add (CNS 15251 / ISO 26300 mapping).
ODF_FOR = {".doc": ".odt", ".docx": ".odt", ".xls": ".ods", ".xlsx": ".ods", ".ppt": ".odp", ".pptx": ".odp"}
OPEN_FORMATS = {".odt", ".ods", ".odp", ".odg", ".pdf"}


@dataclass(frozen=True)
class FormProblem:
    file: Path
    zh: str
    en: str

    def format(self) -> str:
        return f"{self.file}\n    錯誤：{self.zh}\n    Error: {self.en}"


def check_forms(paths: Iterable[Path]) -> list[FormProblem]:
    """Problems for the given files (the set the page offers — files elsewhere on disk are not looked at)."""
    paths = sorted({Path(p) for p in paths})
    open_twins = {(p.parent, p.stem) for p in paths if p.suffix.lower() in OPEN_FORMATS}
    problems = []
    for path in paths:
        odf = ODF_FOR.get(path.suffix.lower())
        if odf and (path.parent, path.stem) not in open_twins:
            twin_odf, twin_pdf = path.with_suffix(odf).name, path.with_suffix(".pdf").name
            problems.append(FormProblem(
                file=path,
                zh=f"請另提供 ODF 格式（{odf}）或 PDF 版本：{twin_odf} 或 {twin_pdf}，與 {path.name} 放在同一資料夾。",
                en=f"Also offer an ODF ({odf}) or PDF version: {twin_odf} or {twin_pdf}, in the same folder as "
                   f"{path.name}.",
            ))
    return problems
