"""Image checks Freego applies more strictly than axe (HM1110100C, HM1110106C)."""
from __future__ import annotations

from ..model import Finding
from .dom import PageDoc, freego_hidden


def check_alt_attribute(doc: PageDoc) -> list[Finding]:
    """HM1110100C: every <img> carries an alt attribute; axe also accepts title/aria-label, Freego does not."""
    return [
        doc.finding("img-alt-attribute", img, "<img> 沒有 alt 屬性 / <img> has no alt attribute")
        for img in doc.tree.iter("img")
        if img.get("alt") is None and not freego_hidden(img)
    ]


def check_empty_alt_title(doc: PageDoc) -> list[Finding]:
    """HM1110106C: an image marked decorative (alt="") must not have a title, which would be announced."""
    findings = []
    for img in doc.tree.iter("img"):
        alt = img.get("alt")
        if alt is not None and not alt.strip() and img.get("title") is not None and not freego_hidden(img):
            findings.append(doc.finding(
                "img-empty-alt-title", img,
                "alt 為空字串的圖片不得有 title 屬性 / an image with alt=\"\" must not have a title attribute"))
    return findings
