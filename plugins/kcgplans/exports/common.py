"""What the ODT and PDF writers share: checks, dates, language tags and the few fixed phrases.

Both writers go through ``blocks_of`` and ``document_time`` so that the two files of one document always agree on
structure and metadata.
"""
from __future__ import annotations

import os
import re
from datetime import datetime, timedelta, timezone

from .document import Block, Document, Heading, ListItem, Table

# Bump when a writer's output changes for the same Document: it is part of the generate() cache key.
WRITER_VERSION = "1"

# Plans are dated in Taiwan; a bare YYYY-MM-DD means midnight there.
TAIPEI = timezone(timedelta(hours=8), "Asia/Taipei")

MAX_HEADING_LEVEL = 6  # HTML/PDF have six heading levels; ODT could go deeper but the two must agree


class DocumentError(ValueError):
    """The Document cannot be written as it is; the message says which field and why."""


def is_zh(lang: str) -> bool:
    return lang.lower().split("-")[0] == "zh"


def lang_parts(tag: str) -> tuple[str, str | None]:
    """BCP 47 tag → (language, region) as ODF's fo:language/fo:country want them ("zh-Hant-TW" → zh, TW)."""
    parts = tag.split("-")
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return parts[0].lower(), region


def document_time(doc: Document) -> datetime | None:
    """The one timestamp written into both files: doc.date, else SOURCE_DATE_EPOCH, else none at all.

    doc.date wins because it is the content's own date (the same document then gives the same bytes on every
    machine); SOURCE_DATE_EPOCH is the reproducible-builds convention for undated documents. With neither, no date
    is written rather than "now", so output stays reproducible.
    """
    if doc.date:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date):
            raise DocumentError(f"{doc.title!r}: date must be YYYY-MM-DD, found {doc.date!r}")
        try:
            return datetime.strptime(doc.date, "%Y-%m-%d").replace(tzinfo=TAIPEI)
        except ValueError as exc:
            raise DocumentError(f"{doc.title!r}: date {doc.date!r} is not a calendar date") from exc
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise DocumentError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, found {epoch!r}")
        return datetime.fromtimestamp(int(epoch), TAIPEI)
    return None


def blocks_of(doc: Document) -> tuple[Block, ...]:
    """The blocks to write, checked, starting with the title as level-1 heading.

    The title is added when the mapping did not start with it: both formats need exactly one top heading for
    their outline (PDF bookmarks, ODT navigator).
    """
    if not doc.title.strip():
        raise DocumentError("a document needs a title (it becomes the file's title metadata)")
    if not doc.lang.strip():
        raise DocumentError(f"{doc.title!r}: lang is empty (use 'zh-Hant-TW' or 'en')")
    blocks = doc.blocks
    if not (blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1):
        blocks = (Heading(doc.title, 1), *blocks)
    for block in blocks:
        if isinstance(block, Heading) and not 1 <= block.level <= MAX_HEADING_LEVEL:
            raise DocumentError(f"{doc.title!r}: heading {block.text!r} has level {block.level}, "
                                f"expected 1–{MAX_HEADING_LEVEL}")
        if isinstance(block, Table):
            if not block.header:
                raise DocumentError(f"{doc.title!r}: table {block.caption!r} has no header row")
            for row in block.rows:
                if len(row) != len(block.header):
                    raise DocumentError(f"{doc.title!r}: table {block.caption!r} has a row of {len(row)} cells "
                                        f"under {len(block.header)} headings: {row!r}")
    return blocks


def item_parts(item: ListItem, lang: str) -> tuple[str | None, str, str | None]:
    """(label prefix, text, note suffix) with punctuation of the item's language, so both writers agree."""
    zh = is_zh(lang)
    label = (f"{item.label}：" if zh else f"{item.label}: ") if item.label else None
    note = (f"（{item.note}）" if zh else f" ({item.note})") if item.note else None
    return label, item.text, note


def page_label(lang: str) -> tuple[str, str, str]:
    """Pieces around page number and page count: ("第 ", " 頁，共 ", " 頁") / ("Page ", " of ", "")."""
    return ("第 ", " 頁，共 ", " 頁") if is_zh(lang) else ("Page ", " of ", "")


def address_label(lang: str) -> str:
    return "本頁網址：" if is_zh(lang) else "Address of this page: "

