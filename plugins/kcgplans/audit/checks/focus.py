"""2.4.7 visible focus and 2.4.11 focus not obscured, measured on every Tab stop of the page."""
from __future__ import annotations

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from ..model import Finding
from .scripts import run_script


def check_focus(driver: WebDriver, page: str) -> list[Finding]:
    """Compare each element's look focused vs not, then look for fixed/sticky boxes hiding it."""
    # A real key press puts focus-visible polyfills (Material's `.focus-visible` class) in keyboard mode, so
    # the scripted focus() calls that follow get the styles a keyboard user sees.
    ActionChains(driver).send_keys(Keys.SHIFT).perform()
    return run_script(driver, "focus.js", page, asynchronous=True)
