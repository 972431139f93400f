"""The content model: load the YAML sources, validate them, and give typed objects to the site and the exports."""
from __future__ import annotations

from .errors import ContentError, ContentErrors
from .repository import Content, load_content

__all__ = ["Content", "ContentError", "ContentErrors", "load_content"]
