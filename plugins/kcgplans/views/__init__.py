"""Site pages built from the content model: plain HTML bodies plus metadata, independent of any site generator."""
from __future__ import annotations

from .pages import SitePage, TocEntry, build_pages
from .urls import page_url

__all__ = ["SitePage", "TocEntry", "build_pages", "page_url"]
