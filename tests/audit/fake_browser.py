"""A stand-in for the WebDriver session: answers the audit's DevTools calls from a table, without a browser.

Used to drive every branch of ``PageAuditor`` and ``PageScripts`` (errors, retries, pages left by a script)
deterministically; the real browser is exercised by the fixture audit.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from selenium.common.exceptions import JavascriptException

Handler = Callable[[list[Any]], Any]


class StepFailed(Exception):
    """Raised by a handler: the step reports this text as its error."""


class FakeDriver:
    """``get``, ``current_url`` and ``execute_cdp_cmd`` (Runtime.evaluate of check steps, the rest recorded)."""

    def __init__(self, handlers: dict[str, Handler]) -> None:
        self.handlers = handlers
        self.current_url = "about:blank"
        self.loaded: list[str] = []
        self.commands: list[tuple[str, dict[str, Any]]] = []
        self.runs: list[list[str]] = []
        self.installed = True
        # Called with the step names of each round trip; may raise (the whole trip fails) or return None.
        self.before_run: Callable[[list[str]], None] = lambda names: None

    def execute_script(self, script: str, *args: Any) -> Any:
        """axe-selenium-python's ``Axe.inject``: the axe-core source itself."""
        self.runs.append(["inject"])
        self.installed = True
        return None

    def execute_async_script(self, script: str, *args: Any) -> Any:
        """axe-selenium-python's ``Axe.run``: ``axe.run('html',{options}).then(…)``, answered by the axe handler."""
        self.runs.append(["axe"])
        if not self.installed:
            raise JavascriptException("javascript error: axe is not defined")
        call = script[script.index("axe.run(") + len("axe.run("):script.rindex(").then(")]
        context, options = call.split(",", 1)
        assert context == "'html'", context
        try:
            self.before_run(["axe"])
            return self.handlers["axe"]([json.loads(options)])  # options must arrive as JSON
        except StepFailed as exc:
            raise JavascriptException(f"javascript error: {exc}") from None

    def get(self, url: str) -> None:
        self.loaded.append(url)
        self.current_url = url

    def execute_cdp_cmd(self, cmd: str, args: dict[str, Any]) -> dict[str, Any]:
        self.commands.append((cmd, args))
        if cmd != "Runtime.evaluate":
            return {}
        expression = args["expression"]
        if not expression.startswith("(window.__kcgAudit"):
            self.installed = True  # the installer source itself
            return {"result": {"type": "undefined"}}
        if not self.installed:
            return {"result": {"type": "object", "value": None}}
        steps = json.loads(expression[expression.index("run(") + 4:expression.rindex(") : null)")])
        names = [name for name, _ in steps]
        self.runs.append(names)
        try:
            self.before_run(names)
        except StepFailed as exc:
            return {"exceptionDetails": {"text": "Uncaught", "exception": {"description": f"Error: {exc}\n    at x"}}}
        results = []
        for name, step_args in steps:
            try:
                value = self.handlers[name](step_args)
            except StepFailed as exc:
                results.append({"name": name, "error": f"Error: {exc}", "ms": 1.0})
                continue
            results.append({"name": name, "value": value, "ms": 2.0})
        return {"result": {"type": "object", "value": results}}


def finding(check: str, selector: str = "html > body") -> dict[str, str]:
    return {"check": check, "selector": selector, "html": "<p>x</p>", "message": f"{check} message"}


def page_handlers(base: str, rel: str) -> dict[str, Handler]:
    """Answers of a page where every check finds one thing (axe: one violation, one needs-review)."""
    skip = {"tag": "a", "text": "跳到主要內容", "href": "#main", "selector": "#skip", "html": "<a id=skip>",
            "shown": True, "inMain": False}
    focused_calls: list[int] = []

    def focused(args: list[Any]) -> dict[str, Any]:
        focused_calls.append(1)
        return skip if len(focused_calls) == 1 else {**skip, "tag": "main", "inMain": True}

    node = {"target": ["html > body > p"], "html": "<p>x</p>", "failureSummary": "Fix it", "impact": "serious"}
    return {
        "focused": focused,
        "page": lambda args: {"href": base + rel + "#main", "lang": "zh-Hant-TW", "title": "T"},
        "axe-rules": lambda args: [{"id": "color-contrast", "tags": ["wcag2aa"], "help": "h", "helpUrl": "u"},
                                   {"id": "not-chosen", "tags": ["best-practice"], "help": "h", "helpUrl": "u"}],
        "axe": lambda args: {
            "violations": [{"id": "color-contrast", "impact": "serious", "help": "h", "helpUrl": "u",
                            "nodes": [node]}],
            "incomplete": [{"id": "color-contrast", "impact": None, "help": "h", "helpUrl": "u",
                            "nodes": [{**node, "impact": None}]}],
        },
        "html": lambda args: ('<html lang="zh-Hant-TW"><head><title>T</title></head><body><main id="main">'
                              '<a href="doc.pdf">PDF</a><a href="x.docx">DOCX</a></main></body></html>'),
        "text-spacing": lambda args: [finding("text-spacing")],
        "reflow": lambda args: [finding("reflow")],
        "focus": lambda args: [finding("focus-visible")],
    }
