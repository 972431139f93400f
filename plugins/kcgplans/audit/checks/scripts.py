"""Runs the browser-side check scripts in ``audit/js`` and turns what they return into findings."""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from ..model import Finding, snippet

_JS_DIR = Path(__file__).resolve().parent.parent / "js"


@cache
def script(name: str) -> str:
    """``common.js`` followed by the named check script (both are plain function bodies)."""
    return (_JS_DIR / "common.js").read_text(encoding="utf-8") + "\n" + (_JS_DIR / name).read_text(encoding="utf-8")


def run_script(driver: WebDriver, name: str, page: str, *args: Any, asynchronous: bool = False) -> list[Finding]:
    """Execute a check script; it returns (or calls back with) ``[{check, selector, html, message}, …]``."""
    execute = driver.execute_async_script if asynchronous else driver.execute_script
    raw = execute(script(name), *args) or []
    if isinstance(raw, dict) and "error" in raw:
        raise RuntimeError(f"{name}: {raw['error']}")
    return [
        Finding(check=item["check"], page=page, selector=item["selector"], html=snippet(item["html"]),
                message=item["message"])
        for item in raw
    ]
