import subprocess
import xml.etree.ElementTree as ET

import pytest

from exportsupport import decode_qr, need
from kcgplans.exports import qr
from kcgplans.exports.qr import qr_svg

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


def test_empty_url_is_refused():
    with pytest.raises(ValueError, match="non-empty URL"):
        qr_svg("  ", lang="en")


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
