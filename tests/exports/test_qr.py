import base64
import struct
import subprocess
import xml.etree.ElementTree as ET

import lxml.html

import pytest

from exportsupport import decode_qr, need
from kcgplans.exports import qr
from kcgplans.exports.qr import qr_img, qr_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
URL = "https://plans.example.kcg.gov.tw/zh/sop/397030000D/land-tax/?tab=forms&lang=zh-TW"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_zh_svg_is_accessible_and_inlinable():
    svg = qr_svg(URL, lang="zh-Hant-TW", svg_id="page-qr")
    assert svg.startswith("<svg") and "<?xml" not in svg  # inlined into HTML: no declaration
    root = parse(svg)
    assert root.get("role") == "img"
    assert "width" not in root.attrib and "height" not in root.attrib and root.get("viewBox")
    title = root.find("svg:title", NS)
    assert root.get("aria-labelledby") == title.get("id") == "page-qr-title"
    assert title.text == f"本頁網址 QR Code：{URL}"
    assert root.find("svg:desc", NS).get("id") == root.get("aria-describedby")


def test_en_title():
    title = parse(qr_svg(URL, lang="en")).find("svg:title", NS)
    assert title.text == f"QR code for this page's address: {URL}"
    assert title.get("id") == "qr-title"


def test_black_on_white():
    root = parse(qr_svg(URL, lang="en"))
    paths = root.findall("svg:path", NS)
    assert paths[0].get("fill") == "#fff"       # light background incl. quiet zone
    assert paths[1].get("stroke") == "#000"     # dark modules


@pytest.mark.parametrize("url", [URL, "https://plans.example.kcg.gov.tw/en/"])
def test_decodes_back_to_url(tmp_path, url):
    need("rsvg-convert")
    svg, png = tmp_path / "qr.svg", tmp_path / "qr.png"
    svg.write_text(qr_svg(url, lang="zh-Hant-TW"), encoding="utf-8")
    subprocess.run(["rsvg-convert", "-b", "white", "-w", "300", str(svg), "-o", str(png)], check=True)
    assert decode_qr(png) == [url]


def img_png(img: str) -> tuple[lxml.html.HtmlElement, bytes]:
    element = lxml.html.fragment_fromstring(img)
    prefix = "data:image/png;base64,"
    assert element.tag == "img" and element.get("src").startswith(prefix)
    return element, base64.b64decode(element.get("src")[len(prefix):], validate=True)


@pytest.mark.parametrize("url", [URL, "https://plans.example.kcg.gov.tw/en/"])
def test_page_image_decodes_back_to_url_and_says_so(tmp_path, url):
    element, png = img_png(qr_img(url, lang="en"))
    assert element.get("alt") == f"QR code for this page's address: {url}"  # & in the address escaped and back
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])  # IHDR: the pixel size the attributes announce
    assert (width, height) == (int(element.get("width")), int(element.get("height"))) and width % 4 == 0
    (tmp_path / "qr.png").write_bytes(png)
    assert decode_qr(tmp_path / "qr.png") == [url]


def test_page_image_alt_is_in_the_page_language():
    element, _ = img_png(qr_img(URL, lang="zh-Hant-TW"))
    assert element.get("alt") == f"本頁網址 QR Code：{URL}"


def test_page_image_is_a_fraction_of_the_svg():
    # What the PNG is for: a plan page carries one, and the SVG's path alone was 2.7 KB of each page
    assert len(qr_img(URL, lang="en")) < len(qr_svg(URL, lang="en")) / 3


def test_empty_url_is_refused():
    with pytest.raises(ValueError, match="non-empty URL"):
        qr_svg("  ", lang="en")
    with pytest.raises(ValueError, match="non-empty URL"):
        qr_img(" ", lang="en")


@pytest.mark.parametrize("bad", ["", "1qr", 'qr" onload="x', "qr code"])
def test_bad_svg_id_is_refused(bad):
    with pytest.raises(ValueError, match="svg_id"):
        qr_svg(URL, lang="en", svg_id=bad)


def test_segno_without_title_is_reported(monkeypatch):
    class Bare:
        def save(self, out, **kwargs):
            out.write(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')

    monkeypatch.setattr(qr.segno, "make", lambda *a, **k: Bare())
    with pytest.raises(RuntimeError, match="segno"):
        qr_svg(URL, lang="en")
