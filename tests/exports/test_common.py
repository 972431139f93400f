import pytest

from exportsupport import zh_document
from kcgplans.exports.common import DocumentError, blocks_of, document_time, lang_parts
from kcgplans.exports.document import Heading, Paragraph, Table


def test_title_heading_is_added_once():
    doc = zh_document(blocks=(Paragraph("內文"),))
    blocks = blocks_of(doc)
    assert blocks[0] == Heading(doc.title, 1) and blocks[1] == Paragraph("內文")
    assert blocks_of(zh_document())[0] == zh_document().blocks[0]  # already there: not doubled


def test_date_comes_from_document_then_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert document_time(zh_document()).isoformat() == "2024-01-15T00:00:00+08:00"
    assert document_time(zh_document(date="")).isoformat() == "2023-11-15T06:13:20+08:00"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert document_time(zh_document(date="")) is None


@pytest.mark.parametrize("date, message", [("2024/01/15", "YYYY-MM-DD"), ("2024-02-30", "calendar date")])
def test_bad_date(date, message):
    with pytest.raises(DocumentError, match=message):
        document_time(zh_document(date=date))


def test_bad_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(DocumentError, match="SOURCE_DATE_EPOCH"):
        document_time(zh_document(date=""))


@pytest.mark.parametrize("changes, message", [
    ({"title": " "}, "needs a title"),
    ({"lang": ""}, "lang is empty"),
    ({"blocks": (Heading("太深", 7),)}, "level 7"),
    ({"blocks": (Heading("零", 0),)}, "level 0"),
    ({"blocks": (Table("表", ("甲", "乙"), (("只有一格",),)),)}, "row of 1 cells under 2"),
    ({"blocks": (Table("表", (), ()),)}, "no header row"),
])
def test_invalid_documents(changes, message):
    with pytest.raises(DocumentError, match=message):
        blocks_of(zh_document(**changes))


def test_lang_parts():
    assert lang_parts("zh-Hant-TW") == ("zh", "TW")
    assert lang_parts("en") == ("en", None)
    assert lang_parts("en-GB") == ("en", "GB")
