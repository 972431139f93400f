"""Document → tagged PDF (PDF/UA-1 profile of WeasyPrint), post-processed with pikepdf.

WeasyPrint gives the structure tree, /Lang, DisplayDocTitle, bookmarks and artifact page numbers. pikepdf then
adds what WeasyPrint leaves out (/Scope on table headers) and makes the bytes reproducible (/ID, dates).

The text is set in Noto Sans CJK TC subset to the document's own characters (fonts.py), which WeasyPrint loads
through @font-face from memory: the PDF embeds a font of a few hundred glyphs instead of one numbered for 65,535.
"""
from __future__ import annotations

import dataclasses
import io
import shutil
import ssl
from datetime import datetime
from html import escape
from pathlib import Path

import pikepdf
import pydyf
import weasyprint
from weasyprint.pdf import tags as _wp_tags
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import fonts
from .common import DocumentError, address_label, blocks_of, document_time, item_parts, page_label
from .document import BulletList, DefinitionList, Document, Heading, ListItem, Paragraph, Table
from .qr import qr_svg

FONT = f"{fonts.FAMILY} Subset"  # the per-document subset; its own name, so fontconfig never confuses the two
FALLBACK = fonts.FAMILY          # the installed font, for a character the subset lacks (none, normally)
FONT_URL = "kcgplans-font:%d"    # served from memory by _FontFetcher, one per weight
# Drawn by the layout itself rather than taken from the text: list markers (disc, circle, square; numbers and
# letters are ASCII) and, through counters and URLs, any printable ASCII character.
GENERATED_CHARS = frozenset(map(chr, range(0x20, 0x7F))) | frozenset("•◦▪")

_CSS = """
%(faces)s
@page { size: A4; margin: 2cm 2cm 2.2cm; font-family: %(families)s; font-size: 9pt;
        @bottom-left { content: %(footer)s; } @bottom-right { content: %(pages)s; } }
html { font-family: %(families)s; font-size: 11pt; line-height: 1.5; }
h1 { font-size: 18pt; } h2 { font-size: 15pt; } h3 { font-size: 13pt; } h4, h5, h6 { font-size: 11pt; }
h1, h2, h3, h4, h5, h6 { margin: 0.8em 0 0.3em; break-after: avoid; }
table { border-collapse: collapse; width: 100%%; margin: 0.5em 0; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 0.5pt solid #000; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
@counter-style paren-decimal { system: extends decimal; prefix: "("; suffix: ") "; }
ol ol { list-style-type: paren-decimal; } ol ol ol { list-style-type: lower-alpha; }
dt { font-weight: bold; } dd { margin: 0 0 0.4em 2em; }
figure.qr { break-inside: avoid; margin: 2em 0 0; }
figure.qr svg { width: 3.5cm; height: 3.5cm; display: block; }
figure.qr figcaption { font-size: 9pt; overflow-wrap: anywhere; }
"""


def _css_string(text: str) -> str:
    """A CSS string literal that cannot end the string or the <style> element, whatever the text holds."""
    return '"' + "".join(c if c.isalnum() or c in " .,:;()-_/，、。：（）　" else f"\\{ord(c):x} " for c in text) + '"'


def _lang_attr(lang: str | None, inherited: str) -> str:
    return f' lang="{escape(lang)}"' if lang and lang != inherited else ""


def _items_html(items: tuple[ListItem, ...], ordered: bool, inherited: str) -> str:
    tag = "ol" if ordered else "ul"
    out = [f"<{tag}>"]
    for item in items:
        lang = item.lang or inherited  # as in the ODT: an item without lang keeps its parent's language
        label, text, note = item_parts(item, lang)
        out.append(f"<li{_lang_attr(lang, inherited)}>")
        if label:
            out.append(f"<strong>{escape(label)}</strong>")
        out.append(escape(text))
        if note:
            out.append(escape(note))
        if item.children:
            out.append(_items_html(item.children, ordered, lang))
        out.append("</li>")
    out.append(f"</{tag}>")
    return "".join(out)


def _table_html(table: Table) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.header)
    rows = []
    for cells in table.rows:
        row = []
        for i, value in enumerate(cells):
            row.append(f'<th scope="row">{escape(value)}</th>' if table.row_headers and i == 0
                       else f"<td>{escape(value)}</td>")
        rows.append("<tr>" + "".join(row) + "</tr>")
    return (f"<table><caption>{escape(table.caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def document_html(doc: Document) -> str:
    """The HTML WeasyPrint renders; every piece of content is escaped."""
    if not doc.url.strip():
        raise DocumentError(f"{doc.title!r}: url is empty; the PDF ends with a QR code of the page's address")
    body = []
    for block in blocks_of(doc):
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p{_lang_attr(block.lang, doc.lang)}>{escape(block.text)}</p>")
        elif isinstance(block, BulletList):
            body.append(_items_html(block.items, block.ordered, doc.lang))
        elif isinstance(block, DefinitionList):
            body.append("<dl>" + "".join(f"<dt>{escape(e.term)}</dt><dd>{escape(e.description)}</dd>"
                                         for e in block.entries) + "</dl>")
        elif isinstance(block, Table):
            body.append(_table_html(block))
        else:
            raise TypeError(f"unknown block type {type(block).__name__}")
    body.append(f'<figure class="qr">{qr_svg(doc.url, lang=doc.lang, svg_id="page-qr")}'
                f'<figcaption>{escape(address_label(doc.lang))}<a href="{escape(doc.url)}">{escape(doc.url)}</a>'
                f"</figcaption></figure>")
    before, between, after = page_label(doc.lang)
    faces = "".join(f'@font-face {{ font-family: "{FONT}"; src: url("{FONT_URL % weight}"); '
                    f"font-weight: {weight}; }}" for weight in sorted(fonts.WEIGHTS))
    css = _CSS % {"faces": faces, "families": f'"{FONT}", "{FALLBACK}", sans-serif', "footer": _css_string(doc.footer),
                  "pages": f"{_css_string(before)} counter(page) {_css_string(between)} counter(pages) "
                           f"{_css_string(after)}"}
    head = [f"<meta charset=\"utf-8\"><title>{escape(doc.title)}</title>"]
    for name, value in (("author", doc.author), ("description", doc.subject)):
        if value:
            head.append(f'<meta name="{name}" content="{escape(value)}">')
    when = document_time(doc)
    if when is not None:
        stamp = when.isoformat()
        head.append(f'<meta name="dcterms.created" content="{stamp}">'
                    f'<meta name="dcterms.modified" content="{stamp}">')
    return (f'<!DOCTYPE html><html lang="{escape(doc.lang)}"><head>{"".join(head)}<style>{css}</style></head>'
            f"<body>{''.join(body)}</body></html>")


# WeasyPrint 70 drops the lang attribute of inner elements, so a Chinese paragraph in the English PDF would be read
# with English rules (PDF/UA 7.2). Its tag builder is a recursive module-level generator that yields each element
# it makes for a box: wrapping it lets every element whose HTML element has its own lang carry /Lang. A WeasyPrint
# without that function leaves the PDF as before; test_pdf checks /Lang on the span, so the loss shows.
_original_build = getattr(_wp_tags, "_build_box_tree", None)


def _build_with_lang(box, parent, pdf, *args):
    for element in _original_build(box, parent, pdf, *args):
        box = getattr(box, "_box", box)  # absolutely positioned boxes are wrapped, as WeasyPrint itself unwraps
        node = getattr(box, "element", None)
        lang = node.get("lang") if node is not None and box.element_tag not in ("html", "body") else None
        if lang and element.get("S") != "/NonStruct" and "Lang" not in element:
            element["Lang"] = pydyf.String(lang)
        yield element


if _original_build is not None:
    _wp_tags._build_box_tree = _build_with_lang


def _th_scope(th: pikepdf.Dictionary) -> str:
    """/Column for header-row cells, /Row for the first cell of body rows (the only places we put <th>)."""
    row = th.get("/P")
    section = row.get("/P") if row is not None else None
    return "/Column" if section is not None and section.get("/S") == "/THead" else "/Row"


def _add_th_scope(pdf: pikepdf.Pdf) -> int:
    """Add /Scope to every TH's table attributes (WeasyPrint writes only /O /Table); returns how many."""
    count, stack = 0, [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") in ("/MCR", "/OBJR"):
            continue  # marked-content ids and annotation references have no children
        if node.get("/S") == "/TH":
            attrs = node.get("/A")
            owners = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs] if attrs is not None else []
            table_attrs = next((a for a in owners if a.get("/O") == "/Table"), None)
            if table_attrs is None:
                table_attrs = pikepdf.Dictionary(O=pikepdf.Name.Table)
                node.A = pikepdf.Array([*owners, table_attrs]) if owners else table_attrs
            table_attrs.Scope = pikepdf.Name(_th_scope(node))
            count += 1
        if "/K" in node:
            stack.append(node.K)
    return count


def _pdf_date(when: datetime) -> str:
    offset = when.strftime("%z")
    return f"D:{when:%Y%m%d%H%M%S}{offset[:3]}'{offset[3:]}'"


def _strings(value: object):
    """Every string of a Document (the fields that make its content, as in the cache key)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.compare:
                yield from _strings(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _strings(v)


def _bold_strings(doc: Document):
    """The text _CSS and WeasyPrint's user-agent sheet set in bold: headings, list-item labels (<strong>), terms
    (<dt>), captions and header cells (<th>). A character missing here is still drawn, from the installed bold
    font (FALLBACK), only at the cost of embedding that font: test_fonts checks no sample document needs it."""
    def labels(items: tuple[ListItem, ...], inherited: str):
        for item in items:
            lang = item.lang or inherited
            label, _, _ = item_parts(item, lang)
            if label:
                yield label
            yield from labels(item.children, lang)

    for block in blocks_of(doc):
        if isinstance(block, Heading):
            yield block.text
        elif isinstance(block, BulletList):
            yield from labels(block.items, doc.lang)
        elif isinstance(block, DefinitionList):
            yield from (e.term for e in block.entries)
        elif isinstance(block, Table):
            yield block.caption
            yield from block.header
            if block.row_headers:
                yield from (row[0] for row in block.rows if row)


def font_chars(doc: Document) -> dict[int, frozenset[str]]:
    """The characters each font weight must hold to set this document: CSS weight → characters."""
    regular = set(GENERATED_CHARS)
    for text in (*_strings(doc), *page_label(doc.lang), address_label(doc.lang)):
        regular.update(text)
    for block in blocks_of(doc):  # the punctuation item_parts adds around labels and notes
        if isinstance(block, BulletList):
            stack = list(block.items)
            while stack:
                item = stack.pop()
                regular.update("".join(p for p in item_parts(item, item.lang or doc.lang) if p))
                stack.extend(item.children)
    bold = set(GENERATED_CHARS)
    for text in _bold_strings(doc):
        bold.update(text)
    return {400: frozenset(regular), 700: frozenset(bold)}


# WeasyPrint's default fetcher builds a TLS context (~40 ms) per document; this one never opens a connection.
_NO_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class _FontFetcher(URLFetcher):
    """Serves the document's subset fonts from memory and refuses every other URL: a document loads nothing
    else (its QR code is inline SVG, links are not fetched), so nothing reaches the network or the disk."""

    def __init__(self, served: dict[str, bytes]):
        super().__init__(ssl_context=_NO_TLS, allowed_protocols=(), fail_on_errors=True)
        self._served = served

    def fetch(self, url, headers=None):
        if url not in self._served:
            raise ValueError(f"{url}: a document loads nothing but its own fonts")
        return URLFetcherResponse(url, self._served[url], {"Content-Type": "font/otf"})


def pdf_bytes(doc: Document) -> bytes:
    html = document_html(doc)
    served = {FONT_URL % weight: fonts.subset(weight, chars) for weight, chars in font_chars(doc).items()}
    # A configuration per document: its @font-face fonts are this document's subsets.
    font_config = FontConfiguration()
    try:
        # uncompressed_pdf: pikepdf (qpdf, in C++) compresses the streams and packs the object streams below, faster
        # than pydyf does the same in Python; the metadata stream stays uncompressed either way.
        rendered = weasyprint.HTML(string=html, url_fetcher=_FontFetcher(served)).write_pdf(
            font_config=font_config, pdf_variant="pdf/ua-1", uncompressed_pdf=True)
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint: turned into an error callers catch
        raise fonts.FontError(f"{doc.title!r}: {exc} ({exc.__cause__})") from exc
    finally:
        # WeasyPrint copies @font-face fonts into a temporary folder it removes only when the configuration is
        # garbage-collected, which reference cycles delay past the end of a worker process: remove it now.
        folder = getattr(font_config, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    with pikepdf.open(io.BytesIO(rendered)) as pdf:
        _add_th_scope(pdf)
        when = document_time(doc)
        if when is not None:
            # Same value as the XMP dates WeasyPrint wrote, in PDF date syntax with the full offset.
            pdf.docinfo.CreationDate = pdf.docinfo.ModDate = _pdf_date(when)
        out = io.BytesIO()
        # deterministic_id: /ID from a hash of the content instead of the time and file name.
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def write_pdf(doc: Document, path: Path) -> None:
    data = pdf_bytes(doc)
    Path(path).write_bytes(data)
