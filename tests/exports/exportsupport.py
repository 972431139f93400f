"""Sample Documents for the export tests: a Chinese plan and its English version (with an untranslated zh paragraph)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from kcgplans.exports.document import (BulletList, Definition, DefinitionList, Document, Heading, ListItem,
                                               Paragraph, Table)

ZH_URL = "https://plans.example.kcg.gov.tw/zh/plans/397030000D/113/"
EN_URL = "https://plans.example.kcg.gov.tw/en/plans/397030000D/113/"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: runs an external program (LibreOffice) — still part of the suite")


def need(*tools: str) -> None:
    """Fail (not skip) when a tool the tests rely on is missing: a skipped check would hide a broken export."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.fail(f"missing tools {missing}: apt-get install poppler-utils zbar-tools librsvg2-bin "
                    f"libreoffice-writer-nogui")


def squash(text: str) -> str:
    """Text without whitespace: extractors put spaces between CJK and Latin runs and break lines freely."""
    return re.sub(r"\s+", "", text)


def decode_qr(image: Path) -> list[str]:
    """Every QR payload zbarimg finds in a PNG (raw, one per line)."""
    need("zbarimg")
    run = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True)
    return run.stdout.splitlines()


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Structure elements in document order (depth first), skipping marked-content and object references."""
    found: list[pikepdf.Dictionary] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") not in ("/MCR", "/OBJR"):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def zh_document(**changes) -> Document:
    fields = dict(
        title="財政局113年度提升服務執行計畫",
        lang="zh-Hant-TW",
        url=ZH_URL,
        subject="提升服務執行計畫",
        author="高雄市政府財政局",
        date="2024-01-15",
        footer="高雄市政府提升服務執行計畫網站",
        blocks=(
            Heading("財政局113年度提升服務執行計畫", 1),
            Heading("壹、計畫依據", 2),
            Paragraph("依據「高雄市政府提升服務實施計畫」辦理。"),
            Heading("貳、計畫目標", 2),
            BulletList((
                ListItem("建立專業服務", label="優質便民", note="主辦：秘書室", children=(
                    ListItem("簡化申辦流程", children=(ListItem("推動線上申辦"),)),
                    ListItem("提供 ODF 與 PDF 表單"),
                )),
                ListItem("Provide bilingual forms", lang="en"),
            )),
            Heading("參、計畫內容", 2),
            Table(caption="表一　執行要項", header=("執行要項", "具體作法", "辦理單位"),
                  rows=(("一、優質便民服務", "設置單一窗口", "秘書室"),
                        ("二、資訊網路服務", "網站無障礙", "資訊室")), row_headers=True),
            Heading("肆、名詞解釋", 2),
            DefinitionList((Definition("ODF", "開放文件格式（CNS 15251）"),
                            Definition("SOP", "標準作業流程"))),
            BulletList((ListItem("甲項"), ListItem("乙項")), ordered=False),
        ),
    )
    fields.update(changes)
    return Document(**fields)


def en_document(**changes) -> Document:
    fields = dict(
        title="Bureau of Finance 2024 Service Improvement Plan",
        lang="en",
        url=EN_URL,
        subject="Service improvement plan",
        author="Bureau of Finance, Kaohsiung City Government",
        date="2024-01-15",
        footer="Kaohsiung City Government service plans",
        blocks=(
            Heading("Bureau of Finance 2024 Service Improvement Plan", 1),
            Heading("1. Basis", 2),
            Paragraph("This plan follows the city's service improvement programme."),
            Paragraph("依據「高雄市政府提升服務實施計畫」辦理。", lang="zh-Hant-TW"),
            Heading("2. Goals", 2),
            BulletList((
                ListItem("Build professional service", label="Convenience", note="Secretariat", children=(
                    ListItem("Simplify procedures"),
                    ListItem("尚未翻譯的項目", lang="zh-Hant-TW", children=(ListItem("子項目"),)),
                )),
            )),
            Table(caption="Table 1. Measures", header=("Measure", "Action", "Unit"),
                  rows=(("Convenient service", "One-stop counter", "Secretariat"),)),
            DefinitionList((Definition("ODF", "Open Document Format (CNS 15251)"),)),
        ),
    )
    fields.update(changes)
    return Document(**fields)


def plan_sized(n_items: int = 60, rows: int = 12, **changes) -> Document:
    """About the size of a real plan: many measures (label, text, units), one large table."""
    items = tuple(
        ListItem(f"第{i}項具體措施：落實便民服務，簡化流程並提供線上申辦與進度查詢。", label=f"措施{i}",
                 note="主辦：秘書室、資訊室")
        for i in range(1, n_items + 1))
    lists = tuple(BulletList(items[i:i + 10]) for i in range(0, n_items, 10))
    heads = tuple(Heading(f"第{k + 1}節　執行要項", 2) for k in range(len(lists)))
    blocks: tuple = (Heading("財政局113年度提升服務執行計畫", 1),)
    for head, lst in zip(heads, lists):
        blocks += (head, Paragraph("本節說明各項措施之作法、期程與辦理單位。"), lst)
    blocks += (Table(caption="表一　執行要項", header=("項目", "作法", "期程", "單位"),
                     rows=tuple((f"{r}", "推動線上申辦與 ODF 文件格式", "113年1月至12月", "秘書室")
                                for r in range(1, rows + 1))),)
    return zh_document(blocks=blocks, **changes)


@pytest.fixture
def zh_doc() -> Document:
    return zh_document()


@pytest.fixture
def en_doc() -> Document:
    return en_document()
