"""QR code of a page's address (segno): an accessible SVG for the documents, a small PNG image for the pages."""
from __future__ import annotations

import base64
import html
import io
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import segno
from PIL import Image

from .common import is_zh

SVG_NS = "http://www.w3.org/2000/svg"
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")  # an XML NCName without non-ASCII: safe in HTML and SVG


def qr_title(url: str, lang: str) -> str:
    return f"本頁網址 QR Code：{url}" if is_zh(lang) else f"QR code for this page's address: {url}"


def qr_svg(url: str, *, lang: str, svg_id: str = "qr") -> str:
    """SVG (no XML declaration, viewBox only) with <title>/<desc>, role="img" and aria-labelledby.

    Black on white with segno's 4-module quiet zone: scanners need both the contrast and the margin.
    """
    if not url.strip():
        raise ValueError("qr_svg needs a non-empty URL")
    if not _ID.fullmatch(svg_id):
        raise ValueError(f"svg_id must be an XML id (letters, digits, _ . -), found {svg_id!r}")
    title = qr_title(url, lang)
    desc = (f"以手機相機掃描此 QR Code 可開啟 {url}" if is_zh(lang)
            else f"Scan this QR code with a phone camera to open {url}")
    buf = io.BytesIO()
    _code(url).save(buf, kind="svg", omitsize=True, xmldecl=False, svgns=True, svgclass=None,
                                    lineclass=None, title=title, desc=desc, svgid=svg_id, dark="#000",
                                    light="#fff", border=4)
    # segno writes <title>/<desc> without ids and no ARIA: add them on the parsed tree rather than by string
    # surgery, so a change in segno's formatting cannot silently drop them.
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(buf.getvalue())
    title_el, desc_el = root.find(f"{{{SVG_NS}}}title"), root.find(f"{{{SVG_NS}}}desc")
    if title_el is None or desc_el is None:
        raise RuntimeError("segno wrote no <title>/<desc>: check the segno version")
    title_el.set("id", f"{svg_id}-title")
    desc_el.set("id", f"{svg_id}-desc")
    root.set("role", "img")
    root.set("aria-labelledby", f"{svg_id}-title")
    root.set("aria-describedby", f"{svg_id}-desc")
    return ET.tostring(root, encoding="unicode")


# Pixels a module of the page's PNG: 180 px for a 45-module code, sharp enough when a browser smooths it while
# printing, where CSS's image-rendering may not apply
PNG_SCALE = 4


def qr_img(url: str, *, lang: str) -> str:
    """An <img> element showing the code as an inline PNG (data: URL), with the address in its alt text.

    A page's own code: about 0.6 KB, where the SVG's path is 2.7 KB; inline, so it prints and needs no request.
    """
    if not url.strip():
        raise ValueError("qr_img needs a non-empty URL")
    # segno writes one pixel a module and Pillow enlarges it: segno's own scaling is Python, pixel by pixel, and
    # took 1.8-2.4 ms a code (3,458 codes at 1,000 plans); both steps here take about 1 ms
    small = io.BytesIO()
    _code(url).save(small, kind="png", scale=1, border=4, dark="#000", light="#fff")
    with Image.open(small) as image:
        large = image.resize((image.width * PNG_SCALE, image.height * PNG_SCALE), Image.Resampling.NEAREST)
    png = io.BytesIO()
    large.save(png, "PNG", optimize=True)
    data = base64.b64encode(png.getvalue()).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(qr_title(url, lang))}" '
            f'width="{large.width}" height="{large.height}">')


def _code(url: str) -> segno.QRCode:
    # A fixed mask: evaluating all eight (segno's default) costs ~4x the time and a site has thousands of
    # codes; every mask is valid (ISO/IEC 18004) and the tests decode each code back with zbar.
    return segno.make(url, error="m", micro=False, mask=3, boost_error=False)


def write_code(path: Path, markup: str) -> None:
    """Write one page's code atomically: the build and a worker making codes ahead of it (QrCodes.prefetch) may
    write the same file."""
    tmp = Path(path).with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(markup, encoding="utf-8")
    os.replace(tmp, path)


def write_codes(codes: list[tuple[str, str, str]]) -> int:
    """qr_img of each (url, lang, path) written to path, skipping files that exist; returns how many it wrote."""
    written = 0
    for url, lang, path in codes:
        if not os.path.exists(path):
            write_code(Path(path), qr_img(url, lang=lang))
            written += 1
    return written


if __name__ == "__main__":
    # python -m kcgplans.exports.qr LIST.json: write_codes in a process of its own (QrCodes.prefetch)
    import json
    import sys
    write_codes(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
