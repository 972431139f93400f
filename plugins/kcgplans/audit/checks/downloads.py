"""ME1320200C: office-format downloads need an open-format twin; also lists the page's local documents."""
from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from ..model import Finding
from ..pages import DOCUMENT_EXTENSIONS, OFFICE_EXTENSIONS, OPEN_EXTENSIONS
from .dom import PageDoc, freego_hidden

# The nearest of these around a link is "the same item": 「計畫書（DOCX、ODT、PDF）」 in one list item.
_ITEM_TAGS = frozenset({"li", "p", "td", "th", "dd", "dt", "tr", "figure"})


def _links(doc: PageDoc) -> list[tuple[HtmlElement, PurePosixPath]]:
    links = []
    for link in doc.tree.iter("a", "area"):
        href = link.get("href")
        if href and not href.startswith(("#", "mailto:", "tel:", "javascript:")):
            links.append((link, PurePosixPath(unquote(urlsplit(doc.resolve(href)).path))))
    return links


def _item(link: HtmlElement) -> HtmlElement | None:
    return next((a for a in link.iterancestors() if a.tag in _ITEM_TAGS), None)


def check_office_downloads(doc: PageDoc) -> list[Finding]:
    """Each link to .doc/.docx/.xls/.xlsx/.ppt/.pptx/... has an ODF/PDF/HTML link with the same name or item."""
    links = _links(doc)
    open_stems = {path.stem.lower() for _, path in links if path.suffix.lower() in OPEN_EXTENSIONS}
    open_items = {id(item) for link, path in links
                  if path.suffix.lower() in OPEN_EXTENSIONS and (item := _item(link)) is not None}
    findings = []
    for link, path in links:
        if path.suffix.lower() not in OFFICE_EXTENSIONS or freego_hidden(link):
            continue
        item = _item(link)
        if path.stem.lower() in open_stems or (item is not None and id(item) in open_items):
            continue
        findings.append(doc.finding(
            "office-download", link,
            f"「{path.name}」沒有 ODF/PDF 版本 / \"{path.name}\" has no ODF/PDF alternative"))
    return findings


def local_documents(doc: PageDoc) -> list[str]:
    """Site-relative paths of the documents on this site that the page links to (for the download checks)."""
    found: set[str] = set()
    for link in doc.tree.iter("a", "area"):
        href = link.get("href")
        if not href:
            continue
        rel = doc.site_relative(doc.resolve(href))
        if rel is not None and PurePosixPath(rel).suffix.lower() in DOCUMENT_EXTENSIONS:
            found.add(rel)
    return sorted(found)
