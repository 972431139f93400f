"""The PDF's font: Noto Sans CJK TC from the system, subset per document and renumbered (exports/fonts.py)."""
import io
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from exportsupport import en_document, plan_sized, zh_document
from kcgplans.exports import fonts
from kcgplans.exports import generate as gen
from kcgplans.exports import pdf as pdf_module
from kcgplans.exports.pdf import FONT, font_chars, pdf_bytes

ROOT = Path(__file__).resolve().parents[2]


@cache
def source_cmap(weight: int) -> frozenset[int]:
    path, index = fonts.source_font(weight)
    return frozenset(TTFont(path, fontNumber=index, lazy=True).getBestCmap())


def embedded_fonts(data: bytes) -> dict[str, TTFont]:
    """BaseFont (without the subset tag) → the font program WeasyPrint embedded, for every font of every page."""
    found = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                stream = next(descriptor[k] for k in ("/FontFile3", "/FontFile2", "/FontFile") if k in descriptor)
                found[str(font.BaseFont).split("+", 1)[1]] = TTFont(io.BytesIO(stream.read_bytes()))
    return found


def test_source_fonts_come_from_the_system_package():
    for weight in fonts.WEIGHTS:
        path, index = fonts.source_font(weight)
        assert path.is_file() and str(path).startswith("/usr/share/fonts/"), path
        assert isinstance(index, int) and index >= 0
    assert fonts.source_font(400) != fonts.source_font(700)


@pytest.mark.parametrize("make", [zh_document, en_document, plan_sized])
def test_subset_holds_every_character_the_document_uses(make):
    doc = make()
    for weight, chars in font_chars(doc).items():
        font = TTFont(io.BytesIO(fonts.subset(weight, chars)))
        wanted = {ord(c) for c in chars}
        assert wanted <= source_cmap(weight)  # nothing in the samples needs another font
        assert wanted <= set(font.getBestCmap()), weight
        # Renumbered: a few glyphs per character (layout alternates), not Noto CJK's 65,535.
        assert font["maxp"].numGlyphs <= 3 * len(wanted), (weight, font["maxp"].numGlyphs, len(wanted))
        assert "vmtx" not in font and "GSUB" in font  # no vertical metrics; shaping rules kept


def test_bold_and_generated_text_is_covered():
    chars = font_chars(zh_document())
    assert set("壹、計畫依據優質便民：表一　執行要項ODF") <= chars[700]  # headings, labels, captions, terms
    assert set("高雄市政府提升服務執行計畫網站第頁，共本頁網址：(1)a.•") <= chars[400]  # footer, labels, markers


@pytest.mark.parametrize("make", [zh_document, en_document, plan_sized])
def test_pdf_embeds_only_the_small_subset(make):
    doc = make()
    chars = font_chars(doc)
    embedded = embedded_fonts(pdf_bytes(doc))
    family = FONT.replace(" ", "-")
    assert set(embedded) == {family, f"{family}-Bold"}  # no fallback to the installed, fully numbered font
    for name, font in embedded.items():
        weight = 700 if name.endswith("-Bold") else 400
        # WeasyPrint keeps glyph numbers, so a font's size follows its highest glyph id: within the subset's count.
        assert font["maxp"].numGlyphs <= 3 * len(chars[weight]), (name, font["maxp"].numGlyphs)


def test_smallest_real_plan_is_small():
    """Before per-document subsetting every PDF carried Noto CJK numbered for 65,535 glyphs: ≥ 250 KB of empty slots
    whatever the text (the one-page sample was 312 KB). The smallest real plan now takes less than that slack
    alone in English (< 100 KB: Latin glyphs and structure) and its Chinese version stays well below the old files
    (< 250 KB with ~600 distinct characters in two weights, ~190 bytes of outline each)."""
    from kcgplans.exports.plans import plan_document
    from kcgplans.model import load_content

    content = load_content(ROOT / "content")
    smallest = min(content.sorted_plans(),
                   key=lambda p: sum(len(s) for s in pdf_module._strings(plan_document(content, p, "zh", "u"))))
    for lang, limit in (("en", 100 * 1024), ("zh", 250 * 1024)):
        data = pdf_bytes(plan_document(content, smallest, lang, f"https://example.kcg.gov.tw/{lang}/plans/x/"))
        assert len(data) < limit, (smallest.id, lang, len(data))


def test_missing_font_names_the_package(monkeypatch):
    monkeypatch.setattr(fonts, "FAMILY", "KCG No Such Font")
    fonts.source_font.cache_clear()
    try:
        with pytest.raises(fonts.FontError, match="not installed.*fonts-noto-cjk"):
            fonts.source_font(400)
    finally:
        fonts.source_font.cache_clear()


def test_unknown_weight_is_refused():
    with pytest.raises(ValueError, match="weight 500"):
        fonts.source_font(500)


def test_font_the_css_asks_for_must_be_served(monkeypatch):
    """A font the stylesheet names but nobody serves stops the PDF (WeasyPrint would otherwise warn and silently
    fall back to the installed font, the 300 KB files this module exists to avoid)."""
    monkeypatch.setattr(pdf_module, "font_chars", lambda doc: {400: frozenset("abc")})
    with pytest.raises(fonts.FontError, match="kcgplans-font:700"):
        pdf_bytes(zh_document())


def test_fetcher_serves_nothing_else():
    fetcher = pdf_module._FontFetcher({"kcgplans-font:400": b"font"})
    assert fetcher.fetch("kcgplans-font:400").read() == b"font"
    for url in ("https://example.com/x.css", "file:///etc/passwd", "kcgplans-font:700"):
        with pytest.raises(ValueError, match="nothing but its own fonts"):
            fetcher.fetch(url)


def test_cache_key_covers_the_font_files(monkeypatch):
    before = gen.cache_key(zh_document())
    monkeypatch.setattr(gen.fonts, "identity", lambda: "another font package")
    assert gen.cache_key(zh_document()) != before


def test_identity_is_stable():
    assert fonts.identity() == fonts.identity() and len(fonts.identity()) == 64
    assert fonts.harfbuzz_version()[0].isdigit()


def test_no_temporary_font_folder_is_left(tmp_path, monkeypatch):
    """WeasyPrint copies @font-face fonts into a temporary folder; each PDF removes its own at once (a worker
    process would otherwise leave one behind per configuration still uncollected when it exits)."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pdf_bytes(en_document())
    monkeypatch.setattr(pdf_module, "font_chars", lambda doc: {400: frozenset("abc")})
    with pytest.raises(fonts.FontError):  # …also when the PDF fails
        pdf_bytes(zh_document())
    assert list(tmp_path.iterdir()) == []
