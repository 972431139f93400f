import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest

from exportsupport import EN_URL, ZH_URL, decode_qr, en_document, need, squash, struct_elements, zh_document
from kcgplans.exports.common import DocumentError
from kcgplans.exports.document import Heading, Paragraph
from kcgplans.exports import pdf as pdf_module
from kcgplans.exports.fonts import FontError
from kcgplans.exports.pdf import document_data, pdf_bytes, write_pdf


@pytest.fixture(scope="module")
def pdf_files(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    files = {"zh": out / "zh.pdf", "en": out / "en.pdf"}
    write_pdf(zh_document(), files["zh"])
    write_pdf(en_document(), files["en"])
    return files


def pdftotext(path: Path) -> str:
    need("pdftotext")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def tags(pdf: pikepdf.Pdf) -> list[str]:
    return [str(e.S) for e in struct_elements(pdf)]


def table_attributes(element: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """The element's attributes owned by /Table (an element may carry several owners' attributes)."""
    attrs = element.A
    owners = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs]
    return next(a for a in owners if a.O == "/Table")


def test_text_is_real_and_extractable(pdf_files):
    text = squash(pdftotext(pdf_files["zh"]))
    for expected in ("財政局113年度提升服務執行計畫", "優質便民：建立專業服務（主辦：秘書室）", "(1)簡化申辦流程",
                     "表一執行要項", "二、資訊網路服務", "開放文件格式（CNS15251）", f"本頁網址：{ZH_URL}",
                     "第1頁，共1頁"):
        assert expected in text
    pypdf_text = squash("".join(page.extract_text() for page in pypdf.PdfReader(pdf_files["zh"]).pages))
    assert "依據「高雄市政府提升服務實施計畫」辦理。" in pypdf_text


def test_catalog_and_metadata(pdf_files):
    with pikepdf.open(pdf_files["zh"]) as pdf:
        assert str(pdf.Root.Lang) == "zh-Hant-TW"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert str(pdf.docinfo.Title) == "財政局113年度提升服務執行計畫"
        assert str(pdf.docinfo.Author) == "高雄市政府財政局"
        assert str(pdf.docinfo.CreationDate) == str(pdf.docinfo.ModDate) == "D:20240115000000+08'00'"
        xmp = pdf.open_metadata()
        assert xmp["dc:title"] == "財政局113年度提升服務執行計畫"
        assert xmp["pdfuaid:part"] == "1"
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box[2:] == pytest.approx([595.28, 841.89], abs=0.5)  # A4
    with pikepdf.open(pdf_files["en"]) as pdf:
        assert str(pdf.Root.Lang) == "en"


def test_structure_tree(pdf_files):
    with pikepdf.open(pdf_files["zh"]) as pdf:
        found = tags(pdf)
        assert found[0] == "/Document"
        assert found.count("/H1") == 1 and found.count("/H2") == 4
        for tag in ("/P", "/L", "/LI", "/Lbl", "/LBody", "/Table", "/Caption", "/THead", "/TBody", "/TH", "/TD",
                    "/Figure", "/Link"):
            assert tag in found, tag
        headers = [e for e in struct_elements(pdf) if e.S == "/TH"]
        scopes = [str(table_attributes(e).Scope) for e in headers]
        assert scopes == ["/Column"] * 3 + ["/Row"] * 2  # header row, then first cell of each body row
        table = next(e for e in struct_elements(pdf) if e.S == "/Table")
        assert table.K[0].S == "/Caption"
        figure = next(e for e in struct_elements(pdf) if e.S == "/Figure")
        assert str(figure.Alt) == f"本頁網址 QR Code：{ZH_URL}"


def test_language_changes_are_tagged(pdf_files):
    with pikepdf.open(pdf_files["en"]) as pdf:
        marked = [(str(e.S), str(e.Lang)) for e in struct_elements(pdf) if "/Lang" in e]
        assert ("/P", "zh-Hant-TW") in marked          # the untranslated paragraph
        assert ("/LBody", "zh-Hant-TW") in marked      # the untranslated list item's text (its number is neutral)
        assert {lang for _, lang in marked} == {"zh-Hant-TW"}  # nothing else is marked as foreign
    with pikepdf.open(pdf_files["zh"]) as pdf:
        assert ("/LBody", "en") in [(str(e.S), str(e.Lang)) for e in struct_elements(pdf) if "/Lang" in e]


def test_bookmarks_follow_headings(pdf_files):
    with pikepdf.open(pdf_files["zh"]) as pdf, pdf.open_outline() as outline:
        top = outline.root
        assert [item.title for item in top] == ["財政局113年度提升服務執行計畫"]
        assert [item.title for item in top[0].children] == ["壹、計畫依據", "貳、計畫目標", "參、計畫內容",
                                                            "肆、名詞解釋"]


def test_fonts_are_embedded(pdf_files):
    with pikepdf.open(pdf_files["zh"]) as pdf:
        fonts = [f for page in pdf.pages for f in page.Resources.Font.values()]
        assert fonts
        for font in fonts:
            descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
            assert "NotoSansCJKtc" in str(font.BaseFont)  # Noto Sans CJK TC, nothing Typst fell back to


def test_page_numbers_are_artifacts(pdf_files):
    with pikepdf.open(pdf_files["zh"]) as pdf:
        assert b"/Artifact" in pdf.pages[0].Contents.read_bytes()
        # …and not part of the structure: the paragraphs are the body paragraph, the texts of the two items that
        # have a sub-list and the address line; a footer in the structure would add its own.
        texts = squash(pdftotext(pdf_files["zh"]))
        assert "第1頁，共1頁" in texts
        assert len([e for e in struct_elements(pdf) if e.S == "/P"]) == 4


def test_embedded_qr_decodes(pdf_files, tmp_path):
    need("pdftoppm")
    for which, url in (("zh", ZH_URL), ("en", EN_URL)):
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf_files[which]),
                        str(tmp_path / which)], check=True)
        assert decode_qr(tmp_path / f"{which}.png") == [url]


def test_reproducible(pdf_files, tmp_path):
    again = tmp_path / "again.pdf"
    write_pdf(zh_document(), again)
    assert again.read_bytes() == pdf_files["zh"].read_bytes()
    with pikepdf.open(again) as pdf:
        first, second = pdf.trailer.ID
        assert bytes(first) == bytes(second) and len(bytes(first)) == 16
    changed = tmp_path / "changed.pdf"
    write_pdf(zh_document(title="另一份計畫"), changed)
    with pikepdf.open(changed) as a, pikepdf.open(again) as b:
        assert bytes(a.trailer.ID[0]) != bytes(b.trailer.ID[0])  # the /ID follows the content


def test_markup_in_the_content_is_set_as_text(tmp_path):
    """The content reaches Typst as JSON data, never as markup: Typst syntax, a closing bracket or a script call
    in any field comes out as the same characters."""
    nasty = '#panic("x") *粗體* $x$ ] = 標題 <label> @ref \\ // 註解'
    path = tmp_path / "nasty.pdf"
    write_pdf(zh_document(title=nasty, footer=nasty, author=nasty, url="https://x.tw/?a=1&b=<2>",
                          blocks=(Heading(nasty, 1), Paragraph(nasty, lang="en"))), path)
    text = squash(pdftotext(path))
    assert text.count(squash(nasty)) == 3  # heading, paragraph, footer
    assert squash("https://x.tw/?a=1&b=<2>") in text
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo.Title) == str(pdf.docinfo.Author) == nasty


def test_document_data_marks_other_languages():
    data = document_data(en_document())
    assert data["lang"] == ["en", None]
    paragraphs = [b for b in data["blocks"] if b["type"] == "paragraph"]
    assert [p["lang"] for p in paragraphs] == [None, ["zh", "TW"]]
    item = next(b for b in data["blocks"] if b["type"] == "list")["items"][0]
    assert (item["label"], item["note"]) == ("Convenience: ", " (Secretariat)")
    assert [child["lang"] for child in item["children"]] == [None, ["zh", "TW"]]
    assert item["children"][1]["children"][0]["lang"] is None  # inherits its parent's Chinese
    assert data["qr"]["alt"].endswith(EN_URL) and data["pages"] == ["Page ", " of ", ""]


def test_nasty_footer_renders_as_text(tmp_path):
    path = tmp_path / "nasty.pdf"
    write_pdf(zh_document(footer='站名 "引號" \\ </style>'), path)
    assert squash('站名 "引號" \\ </style>') in squash(pdftotext(path))


def test_a_missing_font_is_an_error_not_a_fallback(monkeypatch):
    """Typst would set the text in a font of its own, with a warning; the writer refuses instead."""
    monkeypatch.setattr(pdf_module.fonts, "FAMILY", "KCG No Such Font")
    with pytest.raises(FontError, match="KCG No Such Font|font"):
        pdf_bytes(en_document())


def test_table_count_mismatch_is_refused(monkeypatch):
    """Header scopes are matched to tables in order: a PDF with another number of tables is not guessed at."""
    real = pdf_module._typeset
    monkeypatch.setattr(pdf_module, "_typeset", lambda doc: real(zh_document(blocks=(Paragraph("無表格"),))))
    with pytest.raises(DocumentError, match="1 tables|0 tables"):
        pdf_bytes(zh_document())


def test_unknown_block_is_refused(tmp_path):
    with pytest.raises(TypeError, match="unknown block type int"):
        write_pdf(zh_document(blocks=(42,)), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_empty_url_is_refused():
    with pytest.raises(DocumentError, match="url is empty"):
        document_data(zh_document(url=""))


def test_streams_are_compressed(pdf_files):
    """pikepdf re-saves Typst's PDF: every stream but the XMP metadata (left readable, as PDF/A readers expect) must
    come out Flate-encoded, in object streams."""
    with pikepdf.open(pdf_files["zh"]) as pdf:
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        assert any(o.get("/Type") == "/ObjStm" for o in streams)
        for stream in streams:
            if stream.get("/Type") == "/Metadata":
                assert "/Filter" not in stream
            else:
                assert stream.get("/Filter") == "/FlateDecode", stream.get("/Type")
