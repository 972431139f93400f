"""A format-neutral document: what the ODT and PDF writers take.

Plans, FAQ pages and SOPs are mapped onto these few block types once; each writer then only has to know how to
write a heading, a paragraph, a list, a definition list and a table. Keeping it this small is what lets the two
writers stay faithful to each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 is the document title; sections start at 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    lang: str | None = None  # set when the text is in another language than the document (untranslated zh)


@dataclass(frozen=True)
class ListItem:
    text: str
    children: tuple["ListItem", ...] = ()
    label: str | None = None  # a short bold title before the text
    note: str | None = None   # e.g. the responsible units, shown after the text
    lang: str | None = None


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    ordered: bool = True


@dataclass(frozen=True)
class Definition:
    term: str
    description: str


@dataclass(frozen=True)
class DefinitionList:
    entries: tuple[Definition, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_headers: bool = False  # first cell of each row is a header cell (scope=row)


Block = Union[Heading, Paragraph, BulletList, DefinitionList, Table]


@dataclass(frozen=True)
class Document:
    """One downloadable document in one language."""

    title: str
    lang: str                  # BCP 47: "zh-Hant-TW" or "en"
    url: str                   # canonical address of the page the document belongs to (for the QR code)
    blocks: tuple[Block, ...] = ()
    subject: str = ""          # e.g. "提升服務執行計畫"
    author: str = ""           # the agency
    date: str = ""             # YYYY-MM-DD, the content's updated date (reproducible metadata)
    footer: str = ""           # text repeated at the foot of each page, e.g. the site name
    extra: dict = field(default_factory=dict, compare=False)
