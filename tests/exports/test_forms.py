from pathlib import Path

from kcgplans.exports.forms import check_forms

FORMS = Path("docs/sop/land-tax/forms")


def test_lone_docx_is_flagged():
    problems = check_forms([FORMS / "申請書.docx"])
    assert [p.file for p in problems] == [FORMS / "申請書.docx"]
    assert problems[0].zh.startswith("請另提供 ODF 格式（.odt）或 PDF 版本：申請書.odt 或 申請書.pdf")
    assert "ODF (.odt) or PDF version" in problems[0].en
    assert "申請書.docx" in problems[0].format()


def test_open_twin_satisfies():
    assert check_forms([FORMS / "申請書.docx", FORMS / "申請書.odt"]) == []
    assert check_forms([FORMS / "申請書.docx", FORMS / "申請書.pdf"]) == []
    assert check_forms([FORMS / "清冊.xlsx", FORMS / "清冊.ods"]) == []


def test_each_office_format_gets_its_odf_suggestion():
    problems = check_forms([FORMS / "a.DOC", FORMS / "b.xls", FORMS / "c.pptx", FORMS / "d.txt", FORMS / "e.odt"])
    assert [(p.file.name, p.zh.split("（")[1][:4]) for p in problems] == [
        ("a.DOC", ".odt"), ("b.xls", ".ods"), ("c.pptx", ".odp")]


def test_twin_must_share_folder_and_stem():
    problems = check_forms([FORMS / "申請書.docx", FORMS / "other" / "申請書.odt", FORMS / "申請書-2.pdf"])
    assert [p.file for p in problems] == [FORMS / "申請書.docx"]


def test_wrong_odf_type_still_counts_as_open():
    # A spreadsheet offered as .ods next to its .xlsx is fine; an .odt next to an .xlsx is also an open twin —
    # the rule is "an open alternative exists", not which ODF type.
    assert check_forms([FORMS / "清冊.xlsx", FORMS / "清冊.odt"]) == []


def test_multi_dot_stem_and_duplicates():
    problems = check_forms([FORMS / "form.v2.docx", FORMS / "form.v2.docx"])
    assert len(problems) == 1 and "form.v2.odt" in problems[0].zh
