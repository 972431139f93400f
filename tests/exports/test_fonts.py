"""The PDF's font: Noto Sans CJK TC from the system (exports/fonts.py), embedded by Typst subset to the glyphs a
document uses."""
import io
from pathlib import Path

import pikepdf
import pytest

from exportsupport import en_document, plan_sized, zh_document
from kcgplans.exports import fonts
from kcgplans.exports import generate as gen
from kcgplans.exports import pdf as pdf_module
from kcgplans.exports.pdf import pdf_bytes

ROOT = Path(__file__).resolve().parents[2]


def embedded_fonts(data: bytes) -> dict[str, int]:
    """BaseFont (without the subset tag) → size in bytes of the font program embedded, for every page's fonts."""
    found = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                stream = next(descriptor[k] for k in ("/FontFile3", "/FontFile2", "/FontFile") if k in descriptor)
                found[str(font.BaseFont).split("+", 1)[1]] = len(stream.read_bytes())
    return found


def test_source_fonts_come_from_the_system_package():
    for weight in fonts.WEIGHTS:
        path, index = fonts.source_font(weight)
        assert path.is_file() and str(path).startswith("/usr/share/fonts/"), path
        assert isinstance(index, int) and index >= 0
    assert fonts.source_font(400) != fonts.source_font(700)


@pytest.mark.parametrize("make", [zh_document, en_document, plan_sized])
def test_pdf_embeds_the_two_weights_subset(make):
    """Regular and bold Noto Sans CJK TC, nothing else (no fallback font), each cut down to the document's glyphs:
    the installed files are 19 MB each."""
    embedded = embedded_fonts(pdf_bytes(make()))
    names = {name.removesuffix("-Identity-H") for name in embedded}
    assert names == {"NotoSansCJKtc-Regular", "NotoSansCJKtc-Bold"}, names
    assert all(size < 200 * 1024 for size in embedded.values()), embedded


def test_smallest_real_plan_is_small():
    """A PDF that carried whole fonts would weigh megabytes; subset, the smallest real plan stays small in English
    (< 100 KB: Latin glyphs and structure) and in Chinese (< 250 KB with ~600 distinct characters in two weights)."""
    from kcgplans.exports.plans import plan_document
    from kcgplans.model import load_content

    content = load_content(ROOT / "content")
    sizes = {plan.id: len(str(plan_document(content, plan, "zh", "u").blocks)) for plan in content.sorted_plans()}
    smallest = next(plan for plan in content.sorted_plans() if sizes[plan.id] == min(sizes.values()))
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


def test_cache_key_covers_the_font_files(monkeypatch):
    before = gen.cache_key(zh_document())
    monkeypatch.setattr(gen.fonts, "identity", lambda: "another font package")
    assert gen.cache_key(zh_document()) != before


def test_cache_key_covers_the_layout_template(monkeypatch):
    """document.typ is the PDF's layout: editing it must regenerate the PDFs, like editing a writer's code."""
    before = gen._writer_sources()
    assert pdf_module.TEMPLATE.suffix == ".typ" and pdf_module.TEMPLATE.is_file()
    gen._writer_sources.cache_clear()
    original = Path.read_bytes

    def read_bytes(path):
        data = original(path)
        return data + b"// edited\n" if path == pdf_module.TEMPLATE else data

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    try:
        assert gen._writer_sources() != before
    finally:
        gen._writer_sources.cache_clear()


def test_identity_is_stable():
    assert fonts.identity() == fonts.identity() and len(fonts.identity()) == 64
