"""Every plan page offers its ODT and PDF in its own language, with format and size in the link text; the files
are what they claim; every page carries a QR code of its own address."""
from __future__ import annotations

import base64
import re
import subprocess
import zipfile

import pikepdf
import pytest
from lxml import etree

from support import ROOT
from sitehtml import html_pages, page, url_of

from kcgplans.exports.generate import generate, human_size
from kcgplans.exports.plans import plan_document
from kcgplans.model import load_content

CONTENT = load_content(ROOT / "content")
SITE_URL = "https://example.kcg.gov.tw/service-plans/"
ODF_NS = {"dc": "http://purl.org/dc/elements/1.1/", "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("plan_id", sorted(CONTENT.plans))
def test_plan_page_links_both_formats_with_size(built_site, plan_id, lang):
    url = f"{'en/' if lang == 'en' else ''}plans/{plan_id}/"
    links = page(built_site, url).xpath("//section[@class='kcg-downloads']//a")
    assert [a.get("href").rsplit(".", 1)[-1] for a in links] == ["odt", "pdf"]
    for a in links:
        file = built_site / url / a.get("href")
        assert file.is_file()
        size = human_size(file.stat().st_size, "zh-Hant-TW" if lang == "zh" else "en")
        fmt = a.get("href").rsplit(".", 1)[-1].upper()
        expected = f"下載 {fmt} 文件（{size}）" if lang == "zh" else f"Download {fmt} document ({size})"
        assert a.text_content() == expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_documents_carry_title_language_and_text(built_site, lang):
    for plan in CONTENT.plans.values():
        url = f"{'en/' if lang == 'en' else ''}plans/{plan.id}/"
        name = plan.id if lang == "zh" else f"{plan.id}-en"
        with zipfile.ZipFile(built_site / url / f"{name}.odt") as odt:
            meta = etree.fromstring(odt.read("meta.xml"))
        assert meta.findtext(".//dc:title", namespaces=ODF_NS) == plan.title.get(lang)
        assert meta.findtext(".//dc:language", namespaces=ODF_NS) == ("zh-Hant-TW" if lang == "zh" else "en")
        with pikepdf.open(built_site / url / f"{name}.pdf") as pdf:
            assert str(pdf.Root.Lang) == ("zh-Hant-TW" if lang == "zh" else "en")
            assert str(pdf.open_metadata().get("dc:title")) == plan.title.get(lang)
            assert "/StructTreeRoot" in pdf.Root
        text = subprocess.run(["pdftotext", "-layout", str(built_site / url / f"{name}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        first = next(m for _, _, m in plan.measures()).text.get(lang)
        assert re.sub(r"\s+", "", first[:20]) in re.sub(r"\s+", "", text)


def test_site_documents_are_reproduced_byte_for_byte(built_site, tmp_path):
    """A second generation from the same sources, with an empty cache, gives identical files."""
    plan = CONTENT.plans["yancheng-district-office"]
    base = tmp_path / "again" / plan.id
    doc = plan_document(CONTENT, plan, "zh", SITE_URL + f"plans/{plan.id}/")
    generate([(doc, base)], cache_dir=tmp_path / "cache", processes=1)
    for suffix in (".odt", ".pdf"):
        built = built_site / "plans" / plan.id / f"{plan.id}{suffix}"
        assert base.with_name(base.name + suffix).read_bytes() == built.read_bytes(), suffix


def decode_qr(png: bytes, tmp_path) -> str:
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    return subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, check=True).stdout.strip()


def test_every_page_has_a_qr_code_of_its_address(built_site, tmp_path):
    pages = html_pages(built_site)
    assert len(pages) > 50
    prefix = "data:image/png;base64,"
    for i, path in enumerate(pages):
        url = url_of(built_site, path)
        tree = page(built_site, url)
        figure = tree.xpath("//figure[@class='kcg-qr']")
        assert len(figure) == 1, url
        img = figure[0].xpath(".//img")[0]
        assert SITE_URL + url in img.get("alt") and img.get("src").startswith(prefix)  # inline: prints, no request
        visible = figure[0].xpath(".//a[@class='kcg-qr__url']")[0]
        assert visible.text == SITE_URL + url and visible.get("href") == SITE_URL + url
        if i % 5 == 0 or "plans/" in url:  # decoding is slow: every plan page and a fifth of the rest
            png = base64.b64decode(img.get("src")[len(prefix):], validate=True)
            assert decode_qr(png, tmp_path) == SITE_URL + url, url


def service_pages():
    pages = [(f"faq/{a}/", f"faq-{a}") for a in sorted({e.agency for e in CONTENT.faqs.values()})]
    pages += [(f"sop/{s}/", f"sop-{s}") for s in sorted(CONTENT.sops)]
    return pages


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_faq_and_sop_pages_offer_both_formats(built_site, lang):
    assert len(service_pages()) >= 3
    for url, stem in service_pages():
        url = ("en/" if lang == "en" else "") + url
        name = stem if lang == "zh" else f"{stem}-en"
        links = page(built_site, url).xpath("//section[@class='kcg-downloads']//a/@href")
        assert links == [f"{name}.odt", f"{name}.pdf"], url
        title = page(built_site, url).xpath("//article//h1")[0].text_content().strip()
        with zipfile.ZipFile(built_site / url / f"{name}.odt") as odt:
            meta = etree.fromstring(odt.read("meta.xml"))
        assert meta.findtext(".//dc:title", namespaces=ODF_NS) == title
        with pikepdf.open(built_site / url / f"{name}.pdf") as pdf:
            assert str(pdf.Root.Lang) == ("zh-Hant-TW" if lang == "zh" else "en")
        text = subprocess.run(["pdftotext", str(built_site / url / f"{name}.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert re.sub(r"\s+", "", title)[:10] in re.sub(r"\s+", "", text)
        if "sop/" in url:  # facts the sources do not give are said to be unknown, never invented
            assert ("請洽承辦單位" if lang == "zh" else "Contact the responsible unit") in text
