"""Audit one page in an open browser: keyboard first (it needs untouched focus), then axe, markup, layout.

Per page the browser gets, in this order:

1. the page load (WebDriver ``get``: waits for the load event);
2. a real Tab key press and ``focused`` (GN1240100E); Enter on the skip link if it points to an ``#id``;
3. one round trip (``checks.scripts``) for the focus after Enter and the page's lang/title/address; axe-core
   through axe-selenium-python; one round trip for the serialised DOM for the markup checks (run here in
   Python) and text spacing, in that order: axe and the DOM see the page before any check changes its styles;
4. the viewport narrowed to 320 CSS px for reflow, one round trip, and the desktop viewport back;
5. Shift (keyboard mode for focus-visible polyfills) and the focus checks, last: focusing things may run page
   scripts (Material's search overlay) that change what the others measure.
"""
from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from .axe_runner import AxeRunner
from .browser import VIEWPORT, set_viewport
from .checks import MARKUP_CHECKS, PageDoc, keyboard, text_spacing
from .checks.downloads import local_documents
from .checks.reflow import REFLOW_HEIGHT, REFLOW_WIDTH
from .checks.scripts import PageScripts, StepResult, findings
from .model import Finding, PageResult


def fetch_local(url: str, base: str) -> str | None:
    """Text of a URL on the audit server; other hosts are never contacted (the audit stays offline)."""
    if urlsplit(url).netloc != urlsplit(base).netloc:
        return None
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - local server only
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


class FetchCache:
    """``fetch_local`` once per URL for the whole run: every page links the same few stylesheets, and the site
    does not change while it is audited. Shared by all browsers' auditors (thread-safe)."""

    def __init__(self, base: str, fetch: Callable[[str, str], str | None] = fetch_local) -> None:
        self.base = base
        self._fetch = fetch
        self._lock = threading.Lock()
        self._texts: dict[str, str | None] = {}

    def __call__(self, url: str) -> str | None:
        with self._lock:
            if url in self._texts:
                return self._texts[url]
        text = self._fetch(url, self.base)
        with self._lock:
            return self._texts.setdefault(url, text)


def _press(driver: WebDriver, key: str) -> None:
    ActionChains(driver).send_keys(key).perform()


def _same_page(href: str, url: str) -> bool:
    return href.split("#")[0] == url


@dataclass
class PageAuditor:
    """Runs every page check in one browser."""

    driver: WebDriver
    base_url: str
    axe_dir: Path
    fetch: Callable[[str], str | None] | None = None
    axe: AxeRunner = field(init=False)
    scripts: PageScripts = field(init=False)

    def __post_init__(self) -> None:
        self.axe = AxeRunner(self.driver, self.axe_dir)
        self.scripts = PageScripts(self.driver, self.axe_dir)
        self.scripts.install()
        if self.fetch is None:
            self.fetch = FetchCache(self.base_url)

    def _rules(self) -> list[str]:
        """The axe rules to run, asked from axe once per browser."""
        if not self.axe.rule_ids:
            step = self.scripts.run("axe-rules")["axe-rules"]
            if step.error:
                raise RuntimeError(step.error)
            self.axe.select_rules(step.value)
        return self.axe.rule_ids

    def audit(self, rel: str, sha256: str) -> PageResult:
        """Load the page and run all checks; a crashing check is recorded as the page's error."""
        started = time.perf_counter()
        url = self.base_url + quote(rel)
        result = PageResult(path=rel, url=urlsplit(self.base_url).path + rel, sha256=sha256)
        errors: list[str] = []

        def guarded(name: str, action: Callable[[], Any], default: Any = None) -> Any:
            begun = time.perf_counter()
            try:
                return action()
            except Exception as exc:  # noqa: BLE001 - one broken check must not hide the others
                errors.append(f"{name}: {_describe(exc)}")
                return default
            finally:
                _add_time(result, name, time.perf_counter() - begun)

        def value(name: str, outcome: StepResult | None) -> Any:
            """A step's value; None (and the error recorded) when it failed or did not run."""
            if outcome is None:
                return None
            _add_time(result, name, outcome.seconds)
            if outcome.error:
                errors.append(f"{name}: {outcome.error}")
                return None
            return outcome.value

        begun = time.perf_counter()
        self.driver.get(url)
        result.timings["load"] = round(time.perf_counter() - begun, 3)

        # 2. The first Tab from an untouched page (and Enter on the skip link).
        first = guarded("skip-link", lambda: self._first_tab(rel, result))
        entered = first is not None and first["enter"]

        # 3. Before anything changes the page's styles: lang/title/address, axe-core (axe-selenium-python), the
        # serialised DOM for the markup checks (run here in Python) and text spacing, last of these.
        rules = guarded("axe", self._rules, [])
        begun = time.perf_counter()
        outcome, failure = self._run(*(["focused"] if entered else []), "page")
        if self._left_page(outcome, url):
            # Enter (or a page script) went to another page; the other checks need this one.
            self.driver.get(url)
            again, failure = self._run("page")
            outcome = {**again, "focused": outcome.get("focused")}
        _add_time(result, "scripts", time.perf_counter() - begun)
        if rules:
            violations, incomplete = guarded("axe", lambda: self.axe.run(rel), ([], []))
            result.findings += violations
            result.needs_review += incomplete
        begun = time.perf_counter()
        rest, late_failure = self._run("html", text_spacing.step())
        outcome.update(rest)
        _add_time(result, "scripts", time.perf_counter() - begun)
        for problem in (failure, late_failure):
            if problem is not None:
                errors.append(f"scripts: {_describe(problem)}")
        if entered:
            after = outcome.get("focused")
            if after is None or not after.error:
                result.findings += keyboard.after_enter(rel, first["focused"], after.value if after else None)
            else:
                value("skip-link", after)
        page = value("page", outcome.get("page"))
        if page is not None:
            result.lang, result.title = page["lang"], page["title"]
        html = value("markup", outcome.get("html"))
        doc = None if html is None else guarded(
            "markup", lambda: PageDoc.parse(rel, url, html, fetch=self.fetch, site_url=self.base_url))
        if doc is not None:
            for check in MARKUP_CHECKS:
                result.findings += guarded("markup", lambda check=check: check(doc), [])
            result.downloads = guarded("markup", lambda: local_documents(doc), [])
        spacing = value("text-spacing", outcome.get("text-spacing"))
        if spacing is not None:
            result.findings += guarded("text-spacing", lambda: findings(spacing, rel), [])

        # 4. Reflow at 320 CSS px; 5. focus, last.
        result.findings += guarded("reflow", lambda: self._reflow(rel), [])
        result.findings += guarded("focus", lambda: self._focus(rel), [])
        result.error = "; ".join(errors) or None
        result.seconds = round(time.perf_counter() - started, 3)
        return result

    def _run(self, *steps: Any) -> tuple[dict[str, StepResult], Exception | None]:
        try:
            return self.scripts.run(*steps), None
        except Exception as exc:  # noqa: BLE001 - reported by the caller once it knows whether to retry
            return {}, exc

    def _left_page(self, outcome: dict[str, StepResult], url: str) -> bool:
        page = outcome.get("page")
        if page is not None and not page.error:
            return not _same_page(str(page.value["href"]), url)
        try:  # the round trip failed (e.g. the document went away under it): ask the driver where it is
            return not _same_page(self.driver.current_url, url)
        except Exception:  # noqa: BLE001 - a dead session is handled by the pool
            return False

    def _first_tab(self, rel: str, result: PageResult) -> dict[str, Any]:
        _press(self.driver, Keys.TAB)
        focused = self.scripts.run("focused")["focused"]
        if focused.error:
            raise RuntimeError(focused.error)
        found, enter = keyboard.first_tab(rel, focused.value)
        result.findings += found
        if enter:
            _press(self.driver, Keys.ENTER)
        return {"focused": focused.value, "enter": enter}

    def _reflow(self, rel: str) -> list[Finding]:
        set_viewport(self.driver, REFLOW_WIDTH, REFLOW_HEIGHT)
        try:
            outcome = self.scripts.run("reflow")["reflow"]
        finally:
            set_viewport(self.driver, *VIEWPORT)
        if outcome.error:
            raise RuntimeError(outcome.error)
        return findings(outcome.value, rel)

    def _focus(self, rel: str) -> list[Finding]:
        _press(self.driver, Keys.SHIFT)
        outcome = self.scripts.run("focus")["focus"]
        if outcome.error:
            raise RuntimeError(outcome.error)
        return findings(outcome.value, rel)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}"


def _add_time(result: PageResult, name: str, seconds: float) -> None:
    result.timings[name] = round(result.timings.get(name, 0.0) + seconds, 3)
