"""Write the binary download fixtures (PDF, ODT): `python tests/audit/make_documents.py`.

The files are committed; this script documents how they were made and rebuilds them if a check changes.
Good PDFs come from the site's own PDF writer (Typst, PDF/UA-1: tags, /Lang, title); bad ones are a blank untagged
page.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta>{fields}</office:meta>
</office:document-meta>"""
_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:text>{body}</office:text></office:body></office:document-content>"""


def write_odt(path: Path, *, good: bool) -> None:
    """An ODT with (good) or without (bad) dc:title, dc:language and a heading."""
    fields = "<dc:title>Service plan</dc:title><dc:language>zh-TW</dc:language>" if good else ""
    body = ('<text:h text:outline-level="1">Service plan</text:h><text:p>Budget and goals.</text:p>' if good
            else "<text:p>Budget and goals.</text:p>")
    with zipfile.ZipFile(path, "w") as archive:
        # ODF requires an uncompressed "mimetype" entry first.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("meta.xml", _META.format(fields=fields), compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", _CONTENT.format(body=body), compress_type=zipfile.ZIP_DEFLATED)


def write_good_pdf(path: Path) -> None:
    """Tagged PDF/UA-1 with /Lang and a title, as the site's downloads are written."""
    from kcgplans.exports.document import Document, Paragraph
    from kcgplans.exports.pdf import write_pdf

    write_pdf(Document(title="Service plan", lang="zh-Hant-TW", url="https://example.kcg.gov.tw/plan/",
                       blocks=(Paragraph("Budget and goals."),), date="2024-01-15"), path)


def write_bad_pdf(path: Path) -> None:
    """A blank page: no tags, no /Lang, no title, no text (what a scanned image PDF looks like to a reader)."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(path)


def main() -> None:
    """Rebuild every document fixture."""
    for folder in ("clean", "pdf", "odt"):
        (FIXTURES / folder).mkdir(parents=True, exist_ok=True)
    write_good_pdf(FIXTURES / "clean" / "plan.pdf")
    write_odt(FIXTURES / "clean" / "plan.odt", good=True)
    write_good_pdf(FIXTURES / "pdf" / "good.pdf")
    write_bad_pdf(FIXTURES / "pdf" / "bad.pdf")
    write_odt(FIXTURES / "odt" / "good.odt", good=True)
    write_odt(FIXTURES / "odt" / "bad.odt", good=False)


if __name__ == "__main__":
    main()
