"""Helpers to read built pages in tests."""
from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path

from lxml import html as lxml_html


@lru_cache(maxsize=4096)
def parse(path: Path):
    return lxml_html.parse(str(path)).getroot()


def page(site: Path, url: str):
    """Parsed page for a site-root-relative URL like "plans/x/" or "en/"."""
    return parse(site / url / "index.html")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name == "index.html" and "assets" not in p.parts)


def url_of(site: Path, path: Path) -> str:
    rel = path.parent.relative_to(site).as_posix()
    return "" if rel == "." else rel + "/"


def resolve(from_url: str, href: str) -> tuple[str, str]:
    """(site-root-relative target path, fragment) of a relative href on the page at from_url."""
    target, _, fragment = href.partition("#")
    if not target:
        return from_url, fragment
    joined = posixpath.normpath(posixpath.join("/" + from_url, target)).lstrip("/")
    if target.endswith("/") and joined:
        joined += "/"
    return ("" if joined == "." else joined), fragment


def article(tree):
    return tree.xpath("//article")[0]
