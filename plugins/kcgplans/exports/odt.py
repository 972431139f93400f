"""Document → ODT (OpenDocument text, ODF 1.2 via odfpy): the editable download that government sites must offer."""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from odf import dc, meta
from odf.element import Element
from odf.opendocument import OpenDocumentText
from odf.style import (DefaultStyle, FontFace, Footer, ListLevelProperties, MasterPage, PageLayout,
                       PageLayoutProperties, ParagraphProperties, Style, TableCellProperties,
                       TableColumnProperties, TableProperties, TextProperties)
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import (H, LineBreak, List, ListLevelStyleBullet, ListLevelStyleNumber, ListStyle, P, PageCount,
                      PageNumber, S, Span, Tab)
from odf.text import ListItem as OdfListItem

from .common import blocks_of, document_time, is_zh, item_parts, lang_parts, page_label
from .document import Block, BulletList, DefinitionList, Document, Heading, ListItem, Paragraph, Table

CJK_FONT = "Noto Sans CJK TC"
# Liberation Sans ships with every LibreOffice and is metric-compatible with Arial, so Latin text lays out the
# same on the machines that will open the file; "swiss" lets any sans-serif stand in.
LATIN_FONT = "Liberation Sans"
TEXT_WIDTH_CM = 17.0  # A4 (21 cm) minus 2 cm margins
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry; used for undated documents

# Ordered-list markers per nesting level (prefix, format, suffix), repeated from level 3: 1. / (1) / a.
NUMBERING = (("", "1", "."), ("(", "1", ")"), ("", "a", "."))
BULLETS = ("•", "◦", "▪")
LIST_LEVELS = 10  # ODF's maximum


_WHITESPACE = re.compile(r"(\t|\n| {2,})")


def _add_text(element: Element, text: str) -> None:
    """Text into an element as odf.teletype.addTextToElement puts it (<text:tab/>, <text:line-break/>, <text:s/>
    for each space after the first of a run), without its Python loop over every character: the same nodes, about
    three times faster on a plan's long CJK texts."""
    buffer = ""
    for part in _WHITESPACE.split(text):
        if part in ("\t", "\n"):
            if buffer:
                element.addText(buffer)
                buffer = ""
            element.addElement(Tab() if part == "\t" else LineBreak())
        elif part.startswith("  "):  # a run of spaces: the first stays text, the others become <text:s c="n"/>
            element.addText(buffer + " ")
            buffer = ""
            element.addElement(S(c=len(part) - 1))
        else:
            buffer += part
    if buffer:
        element.addText(buffer)


def _lang_props(tag: str, *, default: bool = False) -> dict[str, str]:
    """fo:language/fo:country for Latin text and, for Chinese, the asian pair (CJK text is scored separately)."""
    language, region = lang_parts(tag)
    props = {"language": language, "country": region or "none"}
    if is_zh(tag):
        props |= {"languageasian": language, "countryasian": region or "TW"}
    elif default:
        # Any CJK character in these documents is Traditional Chinese, even in the English version.
        props |= {"languageasian": "zh", "countryasian": "TW"}
    return props


def _style(name: str, family: str, *children: Element, display: str | None = None, **attrs: str) -> Style:
    style = Style(name=name, family=family, **({"displayname": display} if display else {}), **attrs)
    for child in children:
        style.addElement(child)
    return style


def _add_styles(odt: OpenDocumentText, doc: Document) -> None:
    for font in (CJK_FONT, LATIN_FONT):
        odt.fontfacedecls.addElement(FontFace(name=font, fontfamily=f"'{font}'", fontfamilygeneric="swiss",
                                              fontpitch="variable"))
    default = DefaultStyle(family="paragraph")
    default.addElement(TextProperties(fontname=LATIN_FONT, fontnameasian=CJK_FONT, fontnamecomplex=LATIN_FONT,
                                      fontsize="11pt", fontsizeasian="11pt", **_lang_props(doc.lang, default=True)))
    default.addElement(ParagraphProperties(margintop="0cm", marginbottom="0.2cm"))
    s = odt.styles
    s.addElement(default)
    s.addElement(_style("Standard", "paragraph"))
    s.addElement(_style("Text_20_body", "paragraph", display="Text body", parentstylename="Standard"))
    s.addElement(_style("Heading", "paragraph", ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm",
                                                                    keepwithnext="always"),
                        TextProperties(fontweight="bold", fontweightasian="bold"),
                        parentstylename="Standard", nextstylename="Text_20_body"))
    for level, size in zip(range(1, 7), ("18pt", "15pt", "13pt", "12pt", "11pt", "11pt")):
        s.addElement(_style(f"Heading_20_{level}", "paragraph", TextProperties(fontsize=size, fontsizeasian=size),
                            display=f"Heading {level}", parentstylename="Heading", nextstylename="Text_20_body",
                            defaultoutlinelevel=str(level)))
    s.addElement(_style("List_20_Contents", "paragraph", display="List Contents", parentstylename="Text_20_body"))
    s.addElement(_style("Table_20_Contents", "paragraph", display="Table Contents", parentstylename="Standard"))
    s.addElement(_style("Table_20_Heading", "paragraph", TextProperties(fontweight="bold", fontweightasian="bold"),
                        display="Table Heading", parentstylename="Table_20_Contents"))
    s.addElement(_style("Caption", "paragraph", ParagraphProperties(margintop="0.2cm", marginbottom="0.2cm",
                                                                    keepwithnext="always"),
                        TextProperties(fontweight="bold", fontweightasian="bold"), parentstylename="Standard"))
    s.addElement(_style("Table", "paragraph", parentstylename="Caption"))
    s.addElement(_style("Definition_20_Term", "paragraph", ParagraphProperties(keepwithnext="always",
                                                                               marginbottom="0cm"),
                        TextProperties(fontweight="bold", fontweightasian="bold"), display="Definition Term",
                        parentstylename="Standard"))
    s.addElement(_style("Definition_20_Description", "paragraph", ParagraphProperties(marginleft="1cm"),
                        display="Definition Description", parentstylename="Standard"))
    s.addElement(_style("Footer", "paragraph", ParagraphProperties(textalign="center"),
                        TextProperties(fontsize="9pt", fontsizeasian="9pt"), parentstylename="Standard"))
    s.addElement(_style("Strong_20_Emphasis", "text", TextProperties(fontweight="bold", fontweightasian="bold"),
                        display="Strong Emphasis"))
    for name, ordered in (("Numbering_20_123", True), ("List_20_1", False)):
        lst = ListStyle(name=name, displayname="Numbering 123" if ordered else "List 1")
        for level in range(1, LIST_LEVELS + 1):
            i = min(level, 3) - 1
            if ordered:
                prefix, fmt, suffix = NUMBERING[i]
                lvl = ListLevelStyleNumber(level=level, numformat=fmt, numprefix=prefix, numsuffix=suffix)
            else:
                lvl = ListLevelStyleBullet(level=level, bulletchar=BULLETS[i])
            lvl.addElement(ListLevelProperties(spacebefore=f"{0.8 * (level - 1):.1f}cm", minlabelwidth="0.8cm"))
            lst.addElement(lvl)
        s.addElement(lst)
    layout = PageLayout(name="A4")
    layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
                                           margintop="2cm", marginbottom="1.5cm", marginleft="2cm",
                                           marginright="2cm"))
    odt.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname="A4")
    footer, foot = Footer(), P(stylename="Footer")
    before, between, after = page_label(doc.lang)
    if doc.footer:
        _add_text(foot, f"{doc.footer}　")
    foot.addText(before)
    foot.addElement(PageNumber(selectpage="current"))
    foot.addText(between)
    foot.addElement(PageCount())
    foot.addText(after)
    footer.addElement(foot)
    master.addElement(footer)
    odt.masterstyles.addElement(master)


def _add_meta(odt: OpenDocumentText, doc: Document) -> None:
    odt.meta.addElement(dc.Title(text=doc.title))
    odt.meta.addElement(dc.Language(text=doc.lang))
    if doc.subject:
        odt.meta.addElement(dc.Subject(text=doc.subject))
    if doc.author:
        odt.meta.addElement(meta.InitialCreator(text=doc.author))
        odt.meta.addElement(dc.Creator(text=doc.author))
    when = document_time(doc)
    if when is not None:
        # ODF dates are local date-times; Taiwan time, without offset, is what LibreOffice itself writes.
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S")
        odt.meta.addElement(meta.CreationDate(text=stamp))
        odt.meta.addElement(dc.Date(text=stamp))
    odt.meta.addElement(meta.UserDefined(name="url", valuetype="string", text=doc.url))


class _Body:
    """Appends blocks to office:text; keeps the counters that make style and table names unique."""

    def __init__(self, odt: OpenDocumentText, doc: Document) -> None:
        self.odt, self.doc = odt, doc
        self.tables = 0
        self.lang_styles: set[str] = set()
        odt.automaticstyles.addElement(_style("Cell", "table-cell", TableCellProperties(
            border="0.5pt solid #000000", padding="0.1cm")))

    def lang_span(self, tag: str) -> Span:
        """A span marking text in another language (its own automatic text style per language)."""
        # Named by what ODF can express (language, region): "zh-TW" and "zh-Hant-TW" share one style.
        name = "Lang_" + "_".join(p for p in lang_parts(tag) if p)
        if name not in self.lang_styles:
            self.odt.automaticstyles.addElement(_style(name, "text", TextProperties(**_lang_props(tag))))
            self.lang_styles.add(name)
        return Span(stylename=name)

    def text_into(self, parent: Element, text: str, lang: str | None, inherited: str) -> None:
        """Text into parent, wrapped in a language span when it differs from the surrounding language."""
        if lang and lang != inherited:
            span = self.lang_span(lang)
            _add_text(span, text)
            parent.addElement(span)
        else:
            _add_text(parent, text)

    def add(self, block: Block) -> None:
        text = self.odt.text
        if isinstance(block, Heading):
            h = H(outlinelevel=block.level, stylename=f"Heading_20_{block.level}")
            _add_text(h, block.text)
            text.addElement(h)
        elif isinstance(block, Paragraph):
            p = P(stylename="Text_20_body")
            self.text_into(p, block.text, block.lang, self.doc.lang)
            text.addElement(p)
        elif isinstance(block, BulletList):
            text.addElement(self.list(block.items, block.ordered, self.doc.lang))
        elif isinstance(block, DefinitionList):
            for entry in block.entries:
                term, desc = P(stylename="Definition_20_Term"), P(stylename="Definition_20_Description")
                _add_text(term, entry.term)
                _add_text(desc, entry.description)
                text.addElement(term)
                text.addElement(desc)
        elif isinstance(block, Table):
            self.table(block)
        else:
            raise TypeError(f"unknown block type {type(block).__name__}")

    def list(self, items: tuple[ListItem, ...], ordered: bool, inherited: str) -> List:
        lst = List(stylename="Numbering_20_123" if ordered else "List_20_1")
        for item in items:
            lang = item.lang or inherited  # an item without lang is in its parent's language, as in HTML
            li, p = OdfListItem(), P(stylename="List_20_Contents")
            holder: Element = p
            if lang != inherited:
                holder = self.lang_span(lang)
                p.addElement(holder)
            label, body, note = item_parts(item, lang)
            if label:
                strong = Span(stylename="Strong_20_Emphasis")
                _add_text(strong, label)
                holder.addElement(strong)
            _add_text(holder, body)
            if note:
                _add_text(holder, note)
            li.addElement(p)
            if item.children:
                li.addElement(self.list(item.children, ordered, lang))
            lst.addElement(li)
        return lst

    def table(self, block: Table) -> None:
        self.tables += 1
        name = f"Table{self.tables}"
        caption = P(stylename="Table")
        _add_text(caption, block.caption)
        self.odt.text.addElement(caption)
        n = len(block.header)
        self.odt.automaticstyles.addElement(_style(name, "table", TableProperties(width=f"{TEXT_WIDTH_CM}cm",
                                                                                  align="margins")))
        self.odt.automaticstyles.addElement(_style(f"{name}.A", "table-column", TableColumnProperties(
            columnwidth=f"{TEXT_WIDTH_CM / n:.3f}cm", relcolumnwidth="1000*")))
        table = OdfTable(name=name, stylename=name)
        table.addElement(TableColumn(stylename=f"{name}.A", numbercolumnsrepeated=n))
        header = TableHeaderRows()  # repeated on each page and read as column headers
        header.addElement(self.row(block.header, heading=lambda i: True))
        table.addElement(header)
        for cells in block.rows:
            table.addElement(self.row(cells, heading=lambda i: block.row_headers and i == 0))
        self.odt.text.addElement(table)

    def row(self, cells: tuple[str, ...], heading: Callable[[int], bool]) -> TableRow:
        row = TableRow()
        for i, value in enumerate(cells):
            cell = TableCell(valuetype="string", stylename="Cell")
            p = P(stylename="Table_20_Heading" if heading(i) else "Table_20_Contents")
            _add_text(p, value)
            cell.addElement(p)
            row.addElement(cell)
        return row


@contextmanager
def _own_namespaces() -> Iterator[None]:
    """Give odfpy a fresh namespace table while one document is built and written.

    odfpy keeps the xmlns declarations it writes in a class-level dict shared by every element ever created in
    the process, so a file's bytes would depend on what was built (or loaded) before it. Not thread-safe, like
    odfpy itself; generate() runs writers in processes.
    """
    shared = Element.namespaces
    Element.namespaces = {}
    try:
        yield
    finally:
        shared.update(Element.namespaces)  # other odfpy users keep what they may rely on
        Element.namespaces = shared


def odt_bytes(doc: Document) -> bytes:
    blocks = blocks_of(doc)
    with _own_namespaces():
        odt = OpenDocumentText()
        _add_meta(odt, doc)
        _add_styles(odt, doc)
        body = _Body(odt, doc)
        for block in blocks:
            body.add(block)
        raw = io.BytesIO()
        odt.write(raw)
    return _reproducible_zip(raw.getvalue(), doc)


def _reproducible_zip(data: bytes, doc: Document) -> bytes:
    """Rewrite odfpy's zip with fixed entry times (odfpy stamps "now") and fixed permissions, same entry order."""
    when = document_time(doc)
    stamp = max(ZIP_EPOCH, when.timetuple()[:6]) if when else ZIP_EPOCH
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            # ODF requires "mimetype" first and uncompressed, so that `file` can sniff the type.
            entry.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def write_odt(doc: Document, path: Path) -> None:
    data = odt_bytes(doc)  # built fully before the file is touched: an error leaves no half-written file
    Path(path).write_bytes(data)
