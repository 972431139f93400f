"""HM1410201C: frames need a title attribute; axe accepts aria-label, Freego wants title."""
from __future__ import annotations

from ..model import Finding
from .dom import PageDoc, freego_hidden, is_blank


def check_iframe_title(doc: PageDoc) -> list[Finding]:
    """Every <iframe>/<frame> has a non-blank title attribute."""
    return [
        doc.finding("iframe-title", frame,
                    f"<{frame.tag}> 沒有非空白的 title 屬性 / <{frame.tag}> has no non-empty title attribute")
        for frame in doc.tree.iter("iframe", "frame")
        if is_blank(frame.get("title")) and not freego_hidden(frame)
    ]
