"""Find the HTML pages and downloadable documents of a built site and fingerprint them."""
from __future__ import annotations

import fnmatch
import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Extensions of downloads the audit inspects or lists (《ME1320200C 清單》).
OFFICE_EXTENSIONS = frozenset({".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".mdb", ".accdb"})
OPEN_EXTENSIONS = frozenset({".odt", ".ods", ".odp", ".odg", ".odb", ".pdf", ".html", ".htm"})
DOCUMENT_EXTENSIONS = OFFICE_EXTENSIONS | frozenset({".odt", ".ods", ".odp", ".odg", ".odb", ".pdf"})


def find_pages(site: Path, exclude: tuple[str, ...] = ()) -> list[str]:
    """Site-relative POSIX paths of every .html file, sorted; ``exclude`` holds fnmatch patterns."""
    pages = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if any(fnmatch.fnmatch(rel, pattern) for pattern in exclude):
            continue
        pages.append(rel)
    return sorted(pages)


def detect_base_path(site: Path) -> str:
    """The URL path the site is published under (MkDocs ``site_url``), read back from sitemap.xml.

    Pages use relative links, but some (Material's 404.html) use absolute ones such as
    ``/service-plans/assets/…``; the local server must answer under the same path for those to load.
    """
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return "/"
    text = sitemap.read_text(encoding="utf-8", errors="replace")
    for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text):
        path = unquote(urlsplit(loc).path)
        # A loc is base path + page directory; the page directory is found on disk.
        parts = path.strip("/").split("/") if path.strip("/") else []
        for cut in range(len(parts) + 1):
            page_dir = "/".join(parts[cut:])
            if (site / page_dir / "index.html").is_file() or (page_dir and (site / page_dir).is_file()):
                return "/" + "".join(part + "/" for part in parts[:cut])
    return "/"


def sha256_file(path: Path) -> str:
    """Content hash used by ``--changed`` to decide what to audit again."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def page_url(base: str, rel: str) -> str:
    """URL of a site-relative path on the local server."""
    return base + rel
