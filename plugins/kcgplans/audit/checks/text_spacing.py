"""1.4.12 text spacing: the WCAG bookmarklet's overrides must not clip text (``js/text_spacing.js``)."""
from __future__ import annotations

from typing import Any

# WCAG asks 0.12em letter spacing; 115.11's Taiwan note asks 0.14em for Chinese characters.
LETTER_SPACING_EM = 0.12
LETTER_SPACING_CJK_EM = 0.14


def step() -> tuple[str, list[Any]]:
    """The page step; the script picks the spacing from the page's own lang (zh* gets the CJK value)."""
    return "text-spacing", [LETTER_SPACING_CJK_EM, LETTER_SPACING_EM]
