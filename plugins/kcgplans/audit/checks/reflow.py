"""1.4.10 reflow: at 320 CSS px nothing may need horizontal scrolling (own scroll boxes for tables are fine)."""
from __future__ import annotations

from selenium.webdriver.remote.webdriver import WebDriver

from ..browser import VIEWPORT, set_viewport
from ..model import Finding
from .scripts import run_script

REFLOW_WIDTH = 320
REFLOW_HEIGHT = 640


def check_reflow(driver: WebDriver, page: str) -> list[Finding]:
    """Narrow the viewport, measure, and restore the desktop viewport for the next page."""
    set_viewport(driver, REFLOW_WIDTH, REFLOW_HEIGHT)
    try:
        return run_script(driver, "reflow.js", page)
    finally:
        set_viewport(driver, *VIEWPORT)
