"""Headless Chromium for the audit: one fresh profile per browser, no outside network traffic."""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# Desktop viewport the page checks run at; reflow switches to 320 CSS px on its own.
VIEWPORT = (1280, 800)

# Why each flag: root in a container needs --no-sandbox; the networking flags keep Chromium from calling home
# (component updates, sync, QUIC probes) so the audit only ever talks to the local server, and the resolver rule
# makes every other host fail at once instead of after a DNS lookup (Material fetches sitemap.xml from the
# site_url host of each hreflang link on every page). The back/forward cache would keep each audited page alive
# in memory after the next one loads; the audit never goes back. V8's optimising compiler (TurboFan) is off:
# every page is a new JavaScript context, so axe-core's hot functions were optimised again on every page, and
# that background compiling cost more CPU than the optimised code saved (about 8 % of the audit's CPU).
_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--lang=zh-TW",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--disable-features=BackForwardCache",
    "--js-flags=--no-opt",
)


@contextmanager
def open_browser() -> Iterator[webdriver.Chrome]:
    """Start a headless Chromium with its own throw-away profile and close it afterwards."""
    profile = Path(tempfile.mkdtemp(prefix="kcg-audit-chromium-"))
    options = Options()
    # Selenium Manager would try to download a browser/driver unless both paths are given.
    options.binary_location = CHROMIUM
    for flag in _FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.set_page_load_timeout(60)
        driver.set_script_timeout(120)
        set_viewport(driver, *VIEWPORT)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def set_viewport(driver: webdriver.Chrome, width: int, height: int) -> None:
    """Fix the layout viewport in CSS px; window sizes include browser chrome and vary between versions."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def browser_version(driver: webdriver.Chrome) -> str:
    """Chromium's version as reported by the driver session."""
    return str(driver.capabilities.get("browserVersion", "unknown"))
