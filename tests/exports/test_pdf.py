import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest

from exportsupport import EN_URL, ZH_URL, decode_qr, en_document, need, squash, struct_elements, zh_document
from kcgplans.exports.common import DocumentError
from kcgplans.exports.document import Heading, Paragraph
from kcgplans.exports.pdf import document_html, write_pdf


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
        scopes = [str(e.A.Scope) for e in headers]
        assert scopes == ["/Column"] * 3 + ["/Row"] * 2  # header row, then first cell of each body row
        assert all(e.A.O == "/Table" for e in headers)
        table = next(e for e in struct_elements(pdf) if e.S == "/Table")
        assert table.K[0].S == "/Caption"
        figure = next(e for e in struct_elements(pdf) if e.S == "/Figure")
        assert str(figure.Alt) == f"本頁網址 QR Code：{ZH_URL}"


def test_language_changes_are_tagged(pdf_files):
    with pikepdf.open(pdf_files["en"]) as pdf:
        marked = [(str(e.S), str(e.Lang)) for e in struct_elements(pdf) if "/Lang" in e]
        assert ("/P", "zh-Hant-TW") in marked          # the untranslated paragraph
        assert ("/LI", "zh-Hant-TW") in marked         # the untranslated list item
        assert {lang for _, lang in marked} == {"zh-Hant-TW"}  # nothing else is marked as foreign
    with pikepdf.open(pdf_files["zh"]) as pdf:
        assert ("/LI", "en") in [(str(e.S), str(e.Lang)) for e in struct_elements(pdf) if "/Lang" in e]


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
            assert "Noto-Sans-CJK-TC" in str(font.BaseFont)


def test_page_numbers_are_artifacts(pdf_files):
    with pikepdf.open(pdf_files["zh"]) as pdf:
        assert b"/Artifact" in pdf.pages[0].Contents.read_bytes()
        # …and not part of the structure: no element holds the page-number text.
        texts = squash(pdftotext(pdf_files["zh"]))
        assert "第1頁，共1頁" in texts
        assert len([e for e in struct_elements(pdf) if e.S == "/P"]) == 1  # only the body paragraph


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


def test_html_escapes_everything():
    nasty = '</style><script>alert("x")</script>&'
    html = document_html(zh_document(title=nasty, footer=nasty, author=nasty, url="https://x.tw/?a=1&b=<2>",
                                     blocks=(Heading(nasty, 1), Paragraph(nasty, lang='en" onclick="x'))))
    assert "<script>" not in html and html.count("</style>") == 1
    assert 'lang="en&quot; onclick=&quot;x"' in html
    assert "&lt;/style&gt;&lt;script&gt;" in html


def test_nasty_footer_renders_as_text(tmp_path):
    path = tmp_path / "nasty.pdf"
    write_pdf(zh_document(footer='站名 "引號" \\ </style>'), path)
    assert squash('站名 "引號" \\ </style>') in squash(pdftotext(path))


def test_html_lang_and_spans():
    html = document_html(en_document())
    assert html.startswith('<!DOCTYPE html><html lang="en">')
    assert '<p lang="zh-Hant-TW">依據' in html
    assert '<li lang="zh-Hant-TW">尚未翻譯的項目' in html
    assert '<th scope="col">Measure</th>' in html and "<caption>Table 1. Measures</caption>" in html


def test_unknown_block_is_refused(tmp_path):
    with pytest.raises(TypeError, match="unknown block type int"):
        write_pdf(zh_document(blocks=(42,)), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_empty_url_is_refused():
    with pytest.raises(DocumentError, match="url is empty"):
        document_html(zh_document(url=""))


def test_streams_are_compressed(pdf_files):
    """WeasyPrint writes the PDF uncompressed and pikepdf compresses it: every stream but the XMP metadata (left
    readable, as PDF/A readers expect) must come out Flate-encoded, in object streams."""
    with pikepdf.open(pdf_files["zh"]) as pdf:
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        assert any(o.get("/Type") == "/ObjStm" for o in streams)
        for stream in streams:
            if stream.get("/Type") == "/Metadata":
                assert "/Filter" not in stream
            else:
                assert stream.get("/Filter") == "/FlateDecode", stream.get("/Type")
