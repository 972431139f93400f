"""1.4.12 text spacing: the WCAG bookmarklet's overrides must not clip text."""
from __future__ import annotations

from selenium.webdriver.remote.webdriver import WebDriver

from ..model import Finding
from .scripts import run_script

# WCAG asks 0.12em letter spacing; 115.11's Taiwan note asks 0.14em for Chinese characters.
LETTER_SPACING_EM = 0.12
LETTER_SPACING_CJK_EM = 0.14


def check_text_spacing(driver: WebDriver, page: str, lang: str) -> list[Finding]:
    """Inject the spacing override, compare clipped boxes before and after."""
    spacing = LETTER_SPACING_CJK_EM if lang.lower().startswith("zh") else LETTER_SPACING_EM
    return run_script(driver, "text_spacing.js", page, spacing)
