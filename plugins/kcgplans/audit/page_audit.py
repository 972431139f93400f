"""Audit one page in an open browser: keyboard first (it needs untouched focus), then axe, markup, layout."""
from __future__ import annotations

import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from selenium.webdriver.remote.webdriver import WebDriver

from .axe_runner import AxeRunner
from .checks import MARKUP_CHECKS, PageDoc
from .checks.downloads import local_documents
from .checks.focus import check_focus
from .checks.keyboard import check_skip_link
from .checks.reflow import check_reflow
from .checks.text_spacing import check_text_spacing
from .model import PageResult


def fetch_local(url: str, base: str) -> str | None:
    """Text of a URL on the audit server; other hosts are never contacted (the audit stays offline)."""
    if urlsplit(url).netloc != urlsplit(base).netloc:
        return None
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - local server only
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


@dataclass
class PageAuditor:
    """Runs every page check in one browser."""

    driver: WebDriver
    base_url: str
    axe_dir: Path

    def __post_init__(self) -> None:
        self.axe = AxeRunner(self.driver, self.axe_dir)

    def audit(self, rel: str, sha256: str) -> PageResult:
        """Load the page and run all checks; a crashing check is recorded as the page's error."""
        started = time.perf_counter()
        url = self.base_url + quote(rel)
        result = PageResult(path=rel, url=urlsplit(self.base_url).path + rel, sha256=sha256)
        errors: list[str] = []
        begun = time.perf_counter()
        self.driver.get(url)
        result.timings["load"] = round(time.perf_counter() - begun, 3)
        result.lang = self.driver.execute_script("return document.documentElement.lang || ''")
        result.title = self.driver.execute_script("return document.title || ''")

        def guarded(name: str, action) -> list:  # type: ignore[no-untyped-def]
            begun = time.perf_counter()
            try:
                return action()
            except Exception as exc:  # noqa: BLE001 - one broken check must not hide the others
                errors.append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
                return []
            finally:
                result.timings[name] = round(result.timings.get(name, 0.0) + time.perf_counter() - begun, 3)

        result.findings += guarded("skip-link", lambda: check_skip_link(self.driver, rel))
        if self.driver.current_url.split("#")[0] != url:
            self.driver.get(url)  # the skip link went to another page; later checks need this one
        axe = guarded("axe", lambda: self.axe.run(rel))
        if axe:
            result.findings += axe[0]
            result.needs_review += axe[1]
        html = self.driver.execute_script("return document.documentElement.outerHTML")
        doc = PageDoc.parse(rel, url, html, fetch=lambda u: fetch_local(u, self.base_url), site_url=self.base_url)
        for check in MARKUP_CHECKS:
            result.findings += guarded("markup", lambda check=check: check(doc))
        result.downloads = local_documents(doc)
        result.findings += guarded("text-spacing", lambda: check_text_spacing(self.driver, rel, result.lang))
        result.findings += guarded("reflow", lambda: check_reflow(self.driver, rel))
        # Last: focusing things may run page scripts (search overlays) that change what the others measure.
        result.findings += guarded("focus", lambda: check_focus(self.driver, rel))
        result.error = "; ".join(errors) or None
        result.seconds = round(time.perf_counter() - started, 3)
        return result
