"""The browser side of the audit: axe-core and the check scripts in ``audit/js``, installed once per browser.

``installer`` joins axe.min.js and every check script into one source that Chromium evaluates at the start of
every document it loads (``Page.addScriptToEvaluateOnNewDocument``): nothing is sent per page, and V8 keeps
the compiled code. The scripts are wrapped so the page sees only ``window.axe`` (as before) and one
non-enumerable ``window.__kcgAudit``; their helpers cannot clash with the page's globals.

``PageScripts.run`` then runs any number of check steps in one DevTools round trip (``Runtime.evaluate``
with ``awaitPromise``), each with its own value or error and time, instead of one WebDriver command each.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from ..model import Finding, snippet

_JS_DIR = Path(__file__).resolve().parent.parent / "js"

# Step name -> file in audit/js; each file is the body of an (async) function that returns JSON-ready data.
CHECK_SCRIPTS = {
    "focused": "focused.js",
    "page": "page.js",
    "axe-rules": "axe_rules.js",
    "html": "html.js",
    "text-spacing": "text_spacing.js",
    "reflow": "reflow.js",
    "focus": "focus.js",
}

_RUN = "(window.__kcgAudit ? window.__kcgAudit.run({steps}) : null)"


class ScriptError(RuntimeError):
    """The page could not run the audit's scripts at all (as opposed to one step failing)."""


def _read(name: str) -> str:
    return (_JS_DIR / name).read_text(encoding="utf-8")


@cache
def checks_source() -> str:
    """The check scripts and their runtime, as one script that defines ``window.__kcgAudit`` once."""
    functions = "\n".join(f"CHECKS[{json.dumps(step)}] = async function () {{\n{_read(name)}\n}};"
                          for step, name in CHECK_SCRIPTS.items())
    return (
        "(() => {\n"
        'if (Object.prototype.hasOwnProperty.call(window, "__kcgAudit")) return;\n'
        "const AXE = window.axe;\n"
        f"{_read('common.js')}\n"
        "const CHECKS = Object.create(null);\n"
        f"{functions}\n"
        f"{_read('runtime.js')}\n"
        'Object.defineProperty(window, "__kcgAudit", { value: Object.freeze({ run }) });\n'
        "})();\n"
    )


@cache
def installer(axe_dir: Path) -> str:
    """axe.min.js followed by the check scripts."""
    return (axe_dir / "axe.min.js").read_text(encoding="utf-8") + "\n;\n" + checks_source()


@dataclass(frozen=True)
class StepResult:
    """What one check step returned (``value``) or why it failed (``error``), and its time in the page."""

    name: str
    value: Any = None
    error: str | None = None
    seconds: float = 0.0


def evaluate(driver: WebDriver, expression: str) -> Any:
    """Evaluate a JavaScript expression in the page (awaiting a promise) and return its JSON value."""
    response = driver.execute_cdp_cmd("Runtime.evaluate", {
        "expression": expression, "returnByValue": True, "awaitPromise": True})
    details = response.get("exceptionDetails")
    if details:
        exception = details.get("exception") or {}
        text = exception.get("description") or details.get("text") or "exception"
        raise ScriptError(str(text).splitlines()[0])
    return response.get("result", {}).get("value")


class PageScripts:
    """The audit's scripts in one browser: install once, then run steps on whatever page is loaded."""

    def __init__(self, driver: WebDriver, axe_dir: Path) -> None:
        self.driver = driver
        self.source = installer(axe_dir)

    def install(self) -> None:
        """Have every document loaded from now on start with axe and the check scripts."""
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": self.source})

    def run(self, *steps: tuple[str, list[Any]] | str) -> dict[str, StepResult]:
        """Run the steps in order in the current page; ``"name"`` or ``("name", [args])``."""
        plan = [[step, []] if isinstance(step, str) else [step[0], list(step[1])] for step in steps]
        expression = _RUN.format(steps=json.dumps(plan, ensure_ascii=False))
        raw = evaluate(self.driver, expression)
        if raw is None:
            # A document that existed before install() (or replaced its window): install into it and retry.
            evaluate(self.driver, self.source)
            raw = evaluate(self.driver, expression)
            if raw is None:
                raise ScriptError("the audit's scripts could not be installed in this page")
        return {item["name"]: StepResult(name=item["name"], value=item.get("value"), error=item.get("error"),
                                         seconds=round(float(item.get("ms", 0.0)) / 1000, 3))
                for item in raw}


def findings(raw: Any, page: str) -> list[Finding]:
    """A check script's ``[{check, selector, html, message}, …]`` as findings of ``page``."""
    if not isinstance(raw, list):
        raise ScriptError(f"a check script returned {type(raw).__name__}, not a list of findings")
    return [
        Finding(check=item["check"], page=page, selector=item["selector"], html=snippet(item["html"]),
                message=item["message"])
        for item in raw
    ]
