"""Document → tagged PDF (PDF/UA-1), typeset by Typst, post-processed with pikepdf.

Typst (the `typst` package: the Rust compiler in a wheel) lays the document out from document.typ, which receives
the content as JSON and places it only as text. Its PDF has a structure tree (H1…, P, L/LI/Lbl/LBody, Table,
THead/TH, Caption, Figure with /Alt, Link), bookmarks from the headings, page footers as artifacts, fonts subset
to the glyphs used, and the PDF/UA-1 identification. At about 50 ms of CPU for a ten-page plan it is over ten
times faster than an HTML-to-PDF renderer, which is what lets a thousand-plan archive have its documents made in
minutes. pikepdf then adds what Typst does not write: the document's own language tags (Typst knows a language
and region, not "zh-Hant-TW"), /Scope on header cells, row header cells, the dates, a /ID derived from the
content, and compressed object streams.

Fonts: Debian's Noto Sans CJK TC (fonts.py finds the files through fontconfig); Typst is given their folders and
not the system's other fonts, and a missing font is an error, never a silent fallback to another typeface.
"""
from __future__ import annotations

import io
import json
import threading
from datetime import datetime
from functools import cache
from pathlib import Path

import pikepdf
import typst

from . import fonts
from .common import (DocumentError, address_label, blocks_of, document_time, item_parts, lang_parts,
                     page_label)
from .document import BulletList, DefinitionList, Document, Heading, ListItem, Paragraph, Table
from .qr import qr_svg, qr_title

TEMPLATE = Path(__file__).with_name("document.typ")
_compiling = threading.Lock()  # one Compiler per process; Typst's own threads do the parallel work


@cache
def _compiler() -> typst.Compiler:
    """A compiler holding the fonts, made once per process: loading them is most of a small document's cost."""
    # Typst reads fonts from folders, not files: the folders holding the fonts fontconfig chose
    folders = {str(fonts.source_font(weight)[0].parent) for weight in fonts.WEIGHTS}
    return typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent), font_paths=sorted(folders),
                          ignore_system_fonts=True)


def _typst_lang(tag: str) -> list[str | None]:
    """BCP 47 tag → [language, region] as Typst's text() takes them ("zh-Hant-TW" → zh, TW)."""
    language, region = lang_parts(tag)
    return [language, region]


def _written_lang(tag: str) -> str:
    """How Typst writes a text language into the PDF (its language, then its region)."""
    language, region = lang_parts(tag)
    return f"{language}-{region}" if region else language


def _other_lang(lang: str | None, inherited: str) -> list[str | None] | None:
    return _typst_lang(lang) if lang and lang != inherited else None


def _items(items: tuple[ListItem, ...], inherited: str) -> list[dict]:
    out = []
    for item in items:
        lang = item.lang or inherited  # as in the ODT: an item without lang keeps its parent's language
        label, text, note = item_parts(item, lang)
        out.append({"label": label, "text": text, "note": note, "lang": _other_lang(lang, inherited),
                    "children": _items(item.children, lang)})
    return out


def document_data(doc: Document) -> dict:
    """The JSON document.typ typesets: every block of the Document, in order, as plain values."""
    if not doc.url.strip():
        raise DocumentError(f"{doc.title!r}: url is empty; the PDF ends with a QR code of the page's address")
    blocks = []
    for block in blocks_of(doc):
        if isinstance(block, Heading):
            blocks.append({"type": "heading", "level": block.level, "text": block.text})
        elif isinstance(block, Paragraph):
            blocks.append({"type": "paragraph", "text": block.text, "lang": _other_lang(block.lang, doc.lang)})
        elif isinstance(block, BulletList):
            blocks.append({"type": "list", "ordered": block.ordered, "items": _items(block.items, doc.lang)})
        elif isinstance(block, DefinitionList):
            blocks.append({"type": "terms", "entries": [[e.term, e.description] for e in block.entries]})
        elif isinstance(block, Table):
            blocks.append({"type": "table", "caption": block.caption, "header": list(block.header),
                           "rows": [list(row) for row in block.rows]})
        else:
            raise TypeError(f"unknown block type {type(block).__name__}")
    return {"title": doc.title, "author": doc.author, "subject": doc.subject, "footer": doc.footer,
            "lang": _typst_lang(doc.lang), "fonts": [fonts.FAMILY], "pages": list(page_label(doc.lang)),
            "blocks": blocks,
            "qr": {"svg": qr_svg(doc.url, lang=doc.lang, svg_id="page-qr"), "alt": qr_title(doc.url, doc.lang),
                   "label": address_label(doc.lang), "url": doc.url}}


def _typeset(doc: Document) -> bytes:
    data = json.dumps(document_data(doc), ensure_ascii=False)
    try:
        with _compiling:
            pdf, warnings = _compiler().compile_with_warnings(sys_inputs={"doc": data}, pdf_standards=["ua-1"])
    except typst.TypstError as exc:  # e.g. PDF/UA-1 refusing text no font can show
        error = fonts.FontError if "font" in str(exc) else DocumentError
        raise error(f"{doc.title!r}: {exc}") from exc
    for warning in warnings:  # e.g. "unknown font family": the text would be set in another typeface
        if "font" in str(warning.message):
            raise fonts.FontError(f"{doc.title!r}: {warning.message}; apt-get install {fonts.PACKAGE}")
    return pdf


# Post-processing --------------------------------------------------------------------------------------------

def _elements(root: pikepdf.Object):
    """Structure elements under ``root``, depth first in document order (marked content left out)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") not in ("/MCR", "/OBJR"):
            if "/S" in node:
                yield node
            if "/K" in node:
                stack.append(node.K)


def _children(node: pikepdf.Dictionary) -> list:
    kids = node.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []


def _set_scope(cell: pikepdf.Dictionary, scope: str) -> None:
    """/Scope in the cell's /Table attributes (added next to any attributes it already has)."""
    attrs = cell.get("/A")
    owners = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs] if attrs is not None else []
    table_attrs = next((a for a in owners if a.get("/O") == "/Table"), None)
    if table_attrs is None:
        table_attrs = pikepdf.Dictionary(O=pikepdf.Name.Table)
        cell.A = pikepdf.Array([*owners, table_attrs]) if owners else table_attrs
    table_attrs.Scope = pikepdf.Name(scope)


def _mark_headers(pdf: pikepdf.Pdf, tables: list[Table]) -> None:
    """Header-row cells get /Scope /Column; in a table with row headers, each body row's first cell becomes a TH
    with /Scope /Row (Typst marks only the header row's cells)."""
    found = [e for e in _elements(pdf.Root.StructTreeRoot.K) if e.get("/S") == "/Table"]
    if len(found) != len(tables):
        raise DocumentError(f"the PDF has {len(found)} tables where the document has {len(tables)}")
    for element, table in zip(found, tables):
        for cell in (e for e in _elements(element) if e.get("/S") == "/TH"):
            _set_scope(cell, "/Column")
        if not table.row_headers:
            continue
        for section in (e for e in _children(element) if isinstance(e, pikepdf.Dictionary)
                        and e.get("/S") == "/TBody"):
            for row in _children(section):
                cells = [c for c in _children(row) if isinstance(c, pikepdf.Dictionary) and "/S" in c]
                if cells:
                    cells[0].S = pikepdf.Name.TH
                    _set_scope(cells[0], "/Row")


def _caption_into_table(pdf: pikepdf.Pdf) -> None:
    """Typst tags a captioned table as a figure group (Div: Caption, Div: Table); PDF/UA readers expect the caption
    as the table's first child, which is where it is moved."""
    for group in [e for e in _elements(pdf.Root.StructTreeRoot.K) if e.get("/S") == "/Div"]:
        kids = [k for k in _children(group) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        if len(kids) != 2 or kids[0].get("/S") != "/Caption":
            continue
        table = next((e for e in _elements(kids[1]) if e.get("/S") == "/Table"), None)
        if table is None:
            continue
        caption = kids[0]
        group.K = pikepdf.Array([k for k in _children(group) if not (isinstance(k, pikepdf.Dictionary)
                                                                      and k.objgen == caption.objgen)])
        table.K = pikepdf.Array([caption, *_children(table)])
        caption.P = table


def _relabel_languages(pdf: pikepdf.Pdf, doc: Document, blocks: tuple) -> None:
    """The document's language tags (zh-Hant-TW, en) where Typst wrote its language-region form."""
    tags = {doc.lang}
    for block in blocks:
        if isinstance(block, Paragraph) and block.lang:
            tags.add(block.lang)
        elif isinstance(block, BulletList):
            stack = list(block.items)
            while stack:
                item = stack.pop()
                if item.lang:
                    tags.add(item.lang)
                stack.extend(item.children)
    written = {_written_lang(tag): tag for tag in tags}
    pdf.Root.Lang = pikepdf.String(doc.lang)
    for element in _elements(pdf.Root.StructTreeRoot.K):
        lang = element.get("/Lang")
        if lang is not None:
            element.Lang = pikepdf.String(written.get(str(lang), str(lang)))


def _pdf_date(when: datetime) -> str:
    offset = when.strftime("%z")
    return f"D:{when:%Y%m%d%H%M%S}{offset[:3]}'{offset[3:]}'"


def pdf_bytes(doc: Document) -> bytes:
    rendered = _typeset(doc)
    blocks = blocks_of(doc)
    with pikepdf.open(io.BytesIO(rendered)) as pdf:
        _relabel_languages(pdf, doc, blocks)
        _caption_into_table(pdf)
        _mark_headers(pdf, [b for b in blocks if isinstance(b, Table)])
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        if "/Suspects" in pdf.Root.MarkInfo:  # false is the default; poppler misreads Typst's entry and warns
            del pdf.Root.MarkInfo.Suspects
        when = document_time(doc)
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:language"] = [doc.lang]
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                if key in xmp:
                    del xmp[key]
            if when is not None:
                xmp["xmp:CreateDate"] = xmp["xmp:ModifyDate"] = when.isoformat()
        for key in ("/CreationDate", "/ModDate"):
            if key in pdf.docinfo:
                del pdf.docinfo[key]
        if when is not None:
            pdf.docinfo.CreationDate = pdf.docinfo.ModDate = _pdf_date(when)
        out = io.BytesIO()
        # deterministic_id: /ID from a hash of the content (qpdf keeps the first part of an existing /ID: Typst's
        # is dropped, and both parts come from the final content).
        if "/ID" in pdf.trailer:
            del pdf.trailer.ID
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def write_pdf(doc: Document, path: Path) -> None:
    data = pdf_bytes(doc)
    Path(path).write_bytes(data)
