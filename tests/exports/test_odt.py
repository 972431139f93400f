import io
import os
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from odf import dc, meta, teletype
from odf.element import Element
from odf.opendocument import load
from odf.style import DefaultStyle, FontFace, Style, TextProperties
from odf.table import Table, TableCell, TableHeaderRows, TableRow
from odf.text import H, List, ListItem, P, Span

from exportsupport import en_document, need, squash, zh_document
from kcgplans.exports.document import Paragraph
from kcgplans.exports.odt import write_odt


@pytest.fixture(scope="module")
def odt_files(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("odt")
    files = {"zh": out / "zh.odt", "en": out / "en.odt"}
    write_odt(zh_document(), files["zh"])
    write_odt(en_document(), files["en"])
    return files


def text_of(element) -> str:
    return teletype.extractText(element)


def styles_by_name(odt) -> dict[str, Style]:
    return {s.getAttribute("name"): s for root in (odt.styles, odt.automaticstyles)
            for s in root.getElementsByType(Style)}


def test_metadata(odt_files):
    odt = load(odt_files["zh"])
    assert text_of(odt.meta.getElementsByType(dc.Title)[0]) == "財政局113年度提升服務執行計畫"
    assert text_of(odt.meta.getElementsByType(dc.Language)[0]) == "zh-Hant-TW"
    assert text_of(odt.meta.getElementsByType(meta.CreationDate)[0]) == "2024-01-15T00:00:00"
    assert text_of(odt.meta.getElementsByType(dc.Date)[0]) == "2024-01-15T00:00:00"
    assert text_of(odt.meta.getElementsByType(meta.InitialCreator)[0]) == "高雄市政府財政局"
    assert text_of(load(odt_files["en"]).meta.getElementsByType(dc.Language)[0]) == "en"


@pytest.mark.parametrize("which, western", [("zh", ("zh", "TW")), ("en", ("en", "none"))])
def test_default_style_languages_and_fonts(odt_files, which, western):
    odt = load(odt_files[which])
    props = odt.styles.getElementsByType(DefaultStyle)[0].getElementsByType(TextProperties)[0]
    assert (props.getAttribute("language"), props.getAttribute("country")) == western
    assert (props.getAttribute("languageasian"), props.getAttribute("countryasian")) == ("zh", "TW")
    assert props.getAttribute("fontnameasian") == "Noto Sans CJK TC"
    assert props.getAttribute("fontname") == "Liberation Sans"
    assert {f.getAttribute("name") for f in odt.fontfacedecls.getElementsByType(FontFace)} == {
        "Noto Sans CJK TC", "Liberation Sans"}


def test_headings_have_outline_levels(odt_files):
    headings = [(h.getAttribute("outlinelevel"), text_of(h)) for h in load(odt_files["zh"]).getElementsByType(H)]
    assert headings == [("1", "財政局113年度提升服務執行計畫"), ("2", "壹、計畫依據"), ("2", "貳、計畫目標"),
                        ("2", "參、計畫內容"), ("2", "肆、名詞解釋")]


def test_table_has_header_row_caption_and_row_headers(odt_files):
    odt = load(odt_files["zh"])
    table = odt.getElementsByType(Table)[0]
    header = table.getElementsByType(TableHeaderRows)[0]
    assert [text_of(c) for c in header.getElementsByType(TableCell)] == ["執行要項", "具體作法", "辦理單位"]
    body_rows = [r for r in table.getElementsByType(TableRow) if r.parentNode is table]
    assert [text_of(c) for c in body_rows[1].getElementsByType(TableCell)] == ["二、資訊網路服務", "網站無障礙", "資訊室"]
    first_cell_p = body_rows[0].getElementsByType(P)[0]
    assert first_cell_p.getAttribute("stylename") == "Table_20_Heading"
    # The caption is the paragraph just before the table.
    siblings = table.parentNode.childNodes
    caption = siblings[siblings.index(table) - 1]
    assert caption.getAttribute("stylename") == "Table" and text_of(caption) == "表一　執行要項"


def test_nested_lists_labels_and_notes(odt_files):
    odt = load(odt_files["zh"])
    outer = [lst for lst in odt.getElementsByType(List) if lst.parentNode.qname[1] == "text"]
    assert [lst.getAttribute("stylename") for lst in outer] == ["Numbering_20_123", "List_20_1"]
    first = outer[0].getElementsByType(ListItem)[0]
    assert text_of(first.getElementsByType(P)[0]) == "優質便民：建立專業服務（主辦：秘書室）"
    label = first.getElementsByType(Span)[0]
    assert label.getAttribute("stylename") == "Strong_20_Emphasis" and text_of(label) == "優質便民："
    # Three levels, each a text:list inside the item it belongs to.
    second = [c for c in first.childNodes if c.qname == List().qname][0]
    second_item = second.childNodes[0]
    third = [c for c in second_item.childNodes if c.qname == List().qname][0]
    assert [text_of(i.childNodes[0]) for i in second.childNodes] == ["簡化申辦流程", "提供 ODF 與 PDF 表單"]
    assert text_of(third.childNodes[0].childNodes[0]) == "推動線上申辦"


def test_foreign_language_text_is_marked(odt_files):
    odt = load(odt_files["en"])
    styles = styles_by_name(odt)
    spans = [s for s in odt.text.getElementsByType(Span) if s.getAttribute("stylename").startswith("Lang_")]
    assert [text_of(s) for s in spans] == ["依據「高雄市政府提升服務實施計畫」辦理。", "尚未翻譯的項目"]
    props = styles[spans[0].getAttribute("stylename")].getElementsByType(TextProperties)[0]
    assert (props.getAttribute("language"), props.getAttribute("country")) == ("zh", "TW")
    assert props.getAttribute("languageasian") == "zh"
    # The child of the Chinese item inherits its language, so it is not wrapped again.
    child = [p for p in odt.getElementsByType(P) if text_of(p) == "子項目"][0]
    assert not child.getElementsByType(Span)


def test_definition_list(odt_files):
    odt = load(odt_files["zh"])
    styles = styles_by_name(odt)
    paragraphs = odt.text.getElementsByType(P)
    term = next(p for p in paragraphs if text_of(p) == "ODF")
    assert term.getAttribute("stylename") == "Definition_20_Term"
    assert styles["Definition_20_Term"].getElementsByType(TextProperties)[0].getAttribute("fontweight") == "bold"
    after = term.parentNode.childNodes[term.parentNode.childNodes.index(term) + 1]
    assert after.getAttribute("stylename") == "Definition_20_Description"
    assert text_of(after) == "開放文件格式（CNS 15251）"


def test_markup_in_text_stays_text(tmp_path):
    nasty = '<text:p>&amp; "quotes" </office:text>'
    path = tmp_path / "x.odt"
    write_odt(zh_document(blocks=(Paragraph(nasty),)), path)
    assert nasty in [text_of(p) for p in load(path).getElementsByType(P)]


def test_zip_is_reproducible_and_odf_conformant(odt_files, tmp_path, monkeypatch):
    with zipfile.ZipFile(odt_files["zh"]) as z:
        infos = z.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert {i.date_time for i in infos} == {(2024, 1, 15, 0, 0, 0)}
    again = tmp_path / "again.odt"
    # odfpy declares every namespace any element in the process ever used; output must not depend on that.
    Element(qname=("urn:example:earlier-odfpy-use", "x"))
    write_odt(zh_document(), again)
    assert again.read_bytes() == odt_files["zh"].read_bytes()
    # Undated: SOURCE_DATE_EPOCH, else the zip epoch — never the current time.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_odt(zh_document(date=""), again)
    assert {i.date_time for i in zipfile.ZipFile(again).infolist()} == {(2023, 11, 15, 6, 13, 20)}
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    write_odt(zh_document(date=""), again)
    assert {i.date_time for i in zipfile.ZipFile(again).infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert not load(again).meta.getElementsByType(meta.CreationDate)


def test_unknown_block_is_refused(tmp_path):
    with pytest.raises(TypeError, match="unknown block type str"):
        write_odt(zh_document(blocks=("not a block",)), tmp_path / "x.odt")
    assert not (tmp_path / "x.odt").exists()  # nothing half-written


@pytest.mark.slow
def test_libreoffice_opens_and_converts(odt_files, tmp_path):
    need("libreoffice", "pdftotext")
    with tempfile.TemporaryDirectory() as home:  # LibreOffice needs a writable profile
        run = subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                              str(odt_files["zh"]), str(odt_files["en"])],
                             env={**os.environ, "HOME": home}, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    zh = squash(subprocess.run(["pdftotext", str(tmp_path / "zh.pdf"), "-"], capture_output=True, text=True,
                               check=True).stdout)
    for expected in ("財政局113年度提升服務執行計畫", "優質便民：建立專業服務（主辦：秘書室）", "(1)簡化申辦流程",
                     "表一執行要項", "網站無障礙", "第1頁，共1頁"):
        assert expected in zh
    en = subprocess.run(["pdftotext", str(tmp_path / "en.pdf"), "-"], capture_output=True, text=True,
                        check=True).stdout
    assert "Page 1 of 1" in en and "依據「高雄市政府提升服務實施計畫」辦理。" in en


def test_language_variants_share_one_style(tmp_path):
    path = tmp_path / "x.odt"
    write_odt(en_document(blocks=(Paragraph("甲", lang="zh-TW"), Paragraph("乙", lang="zh-Hant-TW"),
                                  Paragraph("Deutsch", lang="de-DE"))), path)
    odt = load(path)
    names = [s.getAttribute("name") for s in odt.automaticstyles.getElementsByType(Style)]
    assert names.count("Lang_zh_TW") == 1 and "Lang_de_DE" in names
    spans = [s.getAttribute("stylename") for s in odt.text.getElementsByType(Span)]
    assert spans == ["Lang_zh_TW", "Lang_zh_TW", "Lang_de_DE"]


@pytest.mark.parametrize("text", ["", "一般文字", " 前後 ", "a  b", "a   b\tc\nd", "\t\n", "   ", "x \t  y\n\nz  ",
                                  "全形　空白　", "end with two  "])
def test_fast_text_matches_teletype(text):
    """odt._add_text is a faster odf.teletype.addTextToElement: the same XML for every kind of whitespace."""
    from kcgplans.exports.odt import _add_text

    def xml(fill) -> str:
        p = P()
        fill(p, text)
        out = io.StringIO()
        p.toXml(1, out)
        return out.getvalue()

    assert xml(_add_text) == xml(teletype.addTextToElement)
