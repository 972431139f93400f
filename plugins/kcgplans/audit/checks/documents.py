"""Downloads: PDFs are tagged, have /Lang, a title and text; ODF files have dc:language, dc:title, headings."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..model import Finding

try:  # pikepdf reads the catalog faithfully; pypdf is the pure-Python fallback when it is not installed.
    import pikepdf
except ImportError:  # pragma: no cover - depends on the environment
    pikepdf = None

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_ODF = frozenset({".odt", ".ods", ".odp", ".odg"})
CHECKED_EXTENSIONS = _ODF | {".pdf"}
# Downloads are site content, but an XML parser that expands entities or fetches DTDs has no business here.
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
# Enough pages to tell a scanned document from one with a text layer without reading a 300-page report.
_TEXT_PAGES = 5


@dataclass(frozen=True)
class PdfFacts:
    """What the PDF checks need from a file."""

    tagged: bool
    marked: bool
    lang: str
    title: str
    has_text: bool


def _facts_pikepdf(path: Path) -> tuple[bool, bool, str, str]:
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        mark_info = root.get("/MarkInfo")
        marked = bool(mark_info is not None and mark_info.get("/Marked", False))
        title = str(pdf.docinfo.get("/Title", "")) if pdf.docinfo is not None else ""
        if not title.strip():
            with pdf.open_metadata() as xmp:
                title = str(xmp.get("dc:title", "") or "")
        return "/StructTreeRoot" in root, marked, str(root.get("/Lang", "")), title


def _facts_pypdf(path: Path) -> tuple[bool, bool, str, str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    marked = bool(mark_info is not None and mark_info.get_object().get("/Marked", False))
    title = (reader.metadata.title if reader.metadata else None) or ""
    if not title.strip() and reader.xmp_metadata is not None:
        titles = reader.xmp_metadata.dc_title or {}
        title = next(iter(titles.values()), "")
    return "/StructTreeRoot" in root, marked, str(root.get("/Lang", "")), title


def pdf_facts(path: Path) -> PdfFacts:
    """Read the structure facts (pikepdf or pypdf) and whether the first pages have extractable text."""
    from pypdf import PdfReader

    tagged, marked, lang, title = (_facts_pikepdf if pikepdf is not None else _facts_pypdf)(path)
    reader = PdfReader(path)
    has_text = any((page.extract_text() or "").strip() for page in reader.pages[:_TEXT_PAGES])
    return PdfFacts(tagged=tagged, marked=marked, lang=lang.strip(), title=title.strip(), has_text=has_text)


def _finding(check: str, rel: str, message: str, detail: str = "") -> Finding:
    return Finding(check=check, page=rel, selector=rel, html=detail, message=message)


def check_pdf(path: Path, rel: str) -> list[Finding]:
    """pdf-tagged, pdf-lang, pdf-title, pdf-text."""
    facts = pdf_facts(path)
    findings = []
    if not (facts.tagged and facts.marked):
        missing = [name for name, ok in (("StructTreeRoot", facts.tagged), ("MarkInfo/Marked", facts.marked))
                   if not ok]
        findings.append(_finding("pdf-tagged", rel, "PDF 未標記結構 / the PDF is not tagged",
                                 "missing: " + ", ".join(missing)))
    if not facts.lang:
        findings.append(_finding("pdf-lang", rel, "PDF 沒有 /Lang / the PDF has no /Lang"))
    if not facts.title:
        findings.append(_finding("pdf-title", rel, "PDF 沒有文件標題 / the PDF has no title"))
    if not facts.has_text:
        findings.append(_finding("pdf-text", rel,
                                 "PDF 前幾頁沒有可擷取的文字（可能是掃描檔）/ no extractable text (scanned?)"))
    return findings


def check_odf(path: Path, rel: str) -> list[Finding]:
    """odt-language, odt-title (every ODF file) and odt-headings (text documents)."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        meta = etree.fromstring(archive.read("meta.xml"), _XML) if "meta.xml" in names else None  # noqa: S320
        content = etree.fromstring(archive.read("content.xml"), _XML)  # noqa: S320
    findings = []
    language = meta.findtext(".//dc:language", default="", namespaces=_NS) if meta is not None else ""
    title = meta.findtext(".//dc:title", default="", namespaces=_NS) if meta is not None else ""
    if not language.strip():
        findings.append(_finding("odt-language", rel, "meta.xml 沒有 dc:language / no dc:language in meta.xml"))
    if not title.strip():
        findings.append(_finding("odt-title", rel, "meta.xml 沒有 dc:title / no dc:title in meta.xml"))
    if path.suffix.lower() == ".odt" and not content.findall(".//text:h", namespaces=_NS):
        findings.append(_finding("odt-headings", rel, "文件沒有標題段落（text:h）/ the document has no headings"))
    return findings


def check_document(site: Path, rel: str) -> list[Finding]:
    """Check one linked document; office formats are only listed (ME1320200C is judged on the page)."""
    path = site / rel
    suffix = path.suffix.lower()
    if suffix not in CHECKED_EXTENSIONS:
        return []
    if not path.is_file():
        return [_finding("document-readable", rel, "連結的檔案不存在 / the linked file does not exist")]
    try:
        return check_pdf(path, rel) if suffix == ".pdf" else check_odf(path, rel)
    except Exception as exc:  # noqa: BLE001 - any parser failure means readers cannot open it either
        return [_finding("document-readable", rel, "檔案無法解析 / the file cannot be parsed",
                         f"{type(exc).__name__}: {exc}")]
