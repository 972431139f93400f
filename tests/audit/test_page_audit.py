"""PageAuditor's order of work, round trips and error handling, on a scripted browser (fake_browser)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from audit_helpers import AXE_DIR
from fake_browser import FakeDriver, StepFailed, page_handlers
from kcgplans.audit import page_audit
from kcgplans.audit.axe_runner import AxeRunner
from kcgplans.audit.checks.scripts import PageScripts, ScriptError, evaluate, findings
from kcgplans.audit.page_audit import FetchCache, PageAuditor

BASE = "http://127.0.0.1:9/"
REL = "plans/a/index.html"


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    pressed: list[str] = []
    monkeypatch.setattr(page_audit, "_press", lambda driver, key: pressed.append(key))
    return pressed


def audit(driver: FakeDriver) -> Any:
    auditor = PageAuditor(driver, BASE, AXE_DIR)  # type: ignore[arg-type]
    return auditor.audit(REL, "sha")


def checks(result: Any) -> list[str]:
    return sorted(f.check for f in result.findings)


def raising(message: str) -> Any:
    def handler(args: list[Any]) -> Any:
        raise StepFailed(message)
    return handler


def test_one_page_in_seven_round_trips(keys: list[str]) -> None:
    driver = FakeDriver(page_handlers(BASE, REL))
    result = audit(driver)
    assert result.error is None, result.error
    assert (result.lang, result.title) == ("zh-Hant-TW", "T")
    # One of each step's findings, plus the markup checks' (this page has no ::: anchors and a lone .docx).
    assert {"color-contrast", "focus-visible", "reflow", "text-spacing", "office-download"} <= set(checks(result))
    assert [f.check for f in result.needs_review] == ["color-contrast"]
    assert result.downloads == ["plans/a/doc.pdf", "plans/a/x.docx"]
    assert driver.loaded == [BASE + REL]
    # axe runs through axe-selenium-python between the page's identity and the DOM/text-spacing steps.
    assert driver.runs == [["focused"], ["axe-rules"], ["focused", "page"], ["axe"], ["html", "text-spacing"],
                           ["reflow"], ["focus"]]
    assert len(keys) == 3  # Tab, Enter on the skip link, Shift before the focus checks
    # The scripts are installed once, and reflow's narrow viewport is undone.
    assert [c for c, _ in driver.commands].count("Page.addScriptToEvaluateOnNewDocument") == 1
    widths = [args["width"] for cmd, args in driver.commands if cmd == "Emulation.setDeviceMetricsOverride"]
    assert widths == [320, 1280]
    assert {"load", "skip-link", "axe", "markup", "text-spacing", "reflow", "focus"} <= result.timings.keys()


def test_rules_are_asked_once_per_browser(keys: list[str]) -> None:
    driver = FakeDriver(page_handlers(BASE, REL))
    auditor = PageAuditor(driver, BASE, AXE_DIR)  # type: ignore[arg-type]
    auditor.audit(REL, "sha")
    auditor.audit(REL, "sha")
    assert sum(run == ["axe-rules"] for run in driver.runs) == 1
    assert auditor.axe.rule_ids == ["color-contrast"]


def test_a_failing_step_is_reported_and_the_others_still_run(keys: list[str]) -> None:
    handlers = page_handlers(BASE, REL)
    handlers.update(axe=raising("axe broke"), reflow=raising("reflow broke"), focus=raising("focus broke"),
                    **{"text-spacing": raising("spacing broke"), "html": raising("no html")})
    result = audit(FakeDriver(handlers))
    assert checks(result) == []  # the markup checks had no DOM to read
    assert result.error == ("axe: JavascriptException: Message: javascript error: axe broke; markup: Error: no html; text-spacing: Error: spacing broke; "
                            "reflow: RuntimeError: Error: reflow broke; focus: RuntimeError: Error: focus broke")
    assert (result.lang, result.title) == ("zh-Hant-TW", "T")


def test_a_failed_round_trip_is_one_error(keys: list[str]) -> None:
    driver = FakeDriver(page_handlers(BASE, REL))

    def fail_first(names: list[str]) -> None:
        if "page" in names:
            raise StepFailed("context destroyed")

    driver.before_run = fail_first
    result = audit(driver)
    assert result.error == "scripts: ScriptError: Error: context destroyed"
    # Enter's effect is unknown, so the skip link counts as failing; axe, the DOM checks, reflow and focus ran.
    assert {"color-contrast", "focus-visible", "reflow", "skip-link-focus", "text-spacing"} <= set(checks(result))


def test_a_script_that_leaves_the_page_makes_the_audit_load_it_again(keys: list[str]) -> None:
    handlers = page_handlers(BASE, REL)
    pages = iter([BASE + "elsewhere.html", BASE + REL])
    handlers["page"] = lambda args: {"href": next(pages), "lang": "zh-Hant-TW", "title": "T"}
    driver = FakeDriver(handlers)
    result = audit(driver)
    assert result.error is None, result.error
    assert driver.loaded == [BASE + REL, BASE + REL]
    assert driver.runs[2:5] == [["focused", "page"], ["page"], ["axe"]]
    assert "color-contrast" in checks(result)


def test_when_the_page_step_fails_the_driver_says_where_the_browser_is(keys: list[str]) -> None:
    handlers = page_handlers(BASE, REL)
    handlers["page"] = raising("title getter throws")
    driver = FakeDriver(handlers)
    result = audit(driver)
    assert result.error == "page: Error: title getter throws"
    assert driver.loaded == [BASE + REL]  # still on the page: not loaded again

    driver = FakeDriver(handlers)
    driver.before_run = lambda names: setattr(driver, "current_url", BASE + "other.html") if "page" in names else None
    audit(driver)
    assert driver.loaded == [BASE + REL, BASE + REL]


def test_a_dead_driver_while_checking_where_it_is_counts_as_still_there(keys: list[str]) -> None:
    handlers = page_handlers(BASE, REL)
    handlers["page"] = raising("no page")

    class Dying(FakeDriver):
        @property
        def current_url(self) -> str:  # type: ignore[override]
            raise ConnectionError("session gone")

        @current_url.setter
        def current_url(self, value: str) -> None:
            pass

    driver = Dying(handlers)
    result = audit(driver)
    assert driver.loaded == [BASE + REL] and "page: Error: no page" in (result.error or "")


def test_skip_link_errors(keys: list[str]) -> None:
    handlers = page_handlers(BASE, REL)
    handlers["focused"] = raising("no focus info")
    result = audit(FakeDriver(handlers))
    assert result.error is not None and result.error.startswith("skip-link: RuntimeError: Error: no focus info")
    assert len(keys) == 2  # Tab, no Enter; Shift

    handlers = page_handlers(BASE, REL)
    calls: list[int] = []
    first = handlers["focused"]

    def then_fail(args: list[Any]) -> Any:
        calls.append(1)
        if len(calls) > 1:
            raise StepFailed("after Enter")
        return first(args)

    handlers["focused"] = then_fail
    result = audit(FakeDriver(handlers))
    assert result.error == "skip-link: Error: after Enter"


def test_axe_rules_that_cannot_be_read_skip_axe(keys: list[str]) -> None:
    handlers = page_handlers(BASE, REL)
    handlers["axe-rules"] = raising("no axe")
    driver = FakeDriver(handlers)
    result = audit(driver)
    assert result.error == "axe: RuntimeError: Error: no axe"
    assert driver.runs[2:4] == [["focused", "page"], ["html", "text-spacing"]]  # no axe run


def test_rule_selection_needs_a_wcag_rule() -> None:
    runner = AxeRunner(FakeDriver({}), AXE_DIR)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="none of the rules"):
        runner.select_rules([{"id": "x", "tags": ["experimental", "wcag2a"], "help": "", "helpUrl": ""}])
    assert runner.rule_help == {"x": {"help": "", "help_url": ""}}


def test_scripts_are_installed_into_a_page_that_lacks_them() -> None:
    driver = FakeDriver(page_handlers(BASE, REL))
    driver.installed = False
    assert PageScripts(driver, AXE_DIR).run("page")["page"].value["lang"] == "zh-Hant-TW"  # type: ignore[arg-type]


def test_scripts_that_cannot_be_installed() -> None:
    class Stubborn(FakeDriver):
        def execute_cdp_cmd(self, cmd: str, args: dict[str, Any]) -> dict[str, Any]:
            self.installed = False
            result = super().execute_cdp_cmd(cmd, args)
            self.installed = False
            return result

    with pytest.raises(ScriptError, match="could not be installed"):
        PageScripts(Stubborn({}), AXE_DIR).run("page")  # type: ignore[arg-type]


def test_evaluate_raises_on_a_page_exception() -> None:
    class Throwing:
        def execute_cdp_cmd(self, cmd: str, args: dict[str, Any]) -> dict[str, Any]:
            return {"exceptionDetails": {"text": "Uncaught", "exception": {"description": "TypeError: x\n at y"}}}

    class Bare:
        def execute_cdp_cmd(self, cmd: str, args: dict[str, Any]) -> dict[str, Any]:
            return {"exceptionDetails": {"text": "Uncaught"}}

    with pytest.raises(ScriptError, match="^TypeError: x$"):
        evaluate(Throwing(), "1")  # type: ignore[arg-type]
    with pytest.raises(ScriptError, match="^Uncaught$"):
        evaluate(Bare(), "1")  # type: ignore[arg-type]


def test_findings_must_be_a_list() -> None:
    with pytest.raises(ScriptError, match="not a list"):
        findings({"check": "x"}, "p.html")


def test_fetch_cache_asks_once_per_url() -> None:
    asked: list[str] = []

    def fetch(url: str, base: str) -> str | None:
        asked.append(url)
        return None if url.endswith("missing.css") else "p { }"

    cache = FetchCache(BASE, fetch)
    assert [cache(BASE + "a.css"), cache(BASE + "a.css"), cache(BASE + "missing.css"),
            cache(BASE + "missing.css")] == ["p { }", "p { }", None, None]
    assert asked == [BASE + "a.css", BASE + "missing.css"]


def test_fetch_local_never_leaves_the_audit_server() -> None:
    assert page_audit.fetch_local("https://example.org/a.css", BASE) is None
    assert page_audit.fetch_local(BASE + "nothing-listens-here.css", BASE) is None  # port 9: refused


def test_installer_defines_one_global(tmp_path: Path) -> None:
    source = PageScripts(FakeDriver({}), AXE_DIR).source  # type: ignore[arg-type]
    assert source.startswith((AXE_DIR / "axe.min.js").read_text(encoding="utf-8")[:200])
    assert 'Object.defineProperty(window, "__kcgAudit"' in source and "const KCG" in source


def test_axe_runs_through_axe_selenium_python_with_json_options() -> None:
    seen: list[Any] = []
    handlers = page_handlers(BASE, REL)
    answer = handlers["axe"]
    handlers["axe"] = lambda args: seen.append(args[0]) or answer(args)
    runner = AxeRunner(FakeDriver(handlers), AXE_DIR)  # type: ignore[arg-type]
    runner.select_rules(handlers["axe-rules"]([]))
    violations, incomplete = runner.run(REL)
    assert runner._axe.script_url == str(AXE_DIR / "axe.min.js")  # npm's axe-core, not the bundled copy
    assert seen[0]["runOnly"] == {"type": "rule", "values": ["color-contrast"]}
    assert seen[0]["resultTypes"] == ["violations", "incomplete"] and seen[0]["iframes"] is False
    assert [(f.check, f.selector, f.source) for f in violations] == [("color-contrast", "html > body > p", "axe")]
    assert [f.impact for f in incomplete] == [None]


def test_axe_is_injected_into_a_page_that_lacks_it() -> None:
    driver = FakeDriver(page_handlers(BASE, REL))
    runner = AxeRunner(driver, AXE_DIR)  # type: ignore[arg-type]
    runner.select_rules(page_handlers(BASE, REL)["axe-rules"]([]))
    driver.installed = False
    violations, _ = runner.run(REL)
    assert driver.runs == [["axe"], ["inject"], ["axe"]]
    assert [f.check for f in violations] == ["color-contrast"]


def test_an_axe_that_fails_twice_is_an_error() -> None:
    handlers = page_handlers(BASE, REL)
    handlers["axe"] = raising("axe.run: selector matched nothing")
    driver = FakeDriver(handlers)
    runner = AxeRunner(driver, AXE_DIR)  # type: ignore[arg-type]
    runner.select_rules(handlers["axe-rules"]([]))
    with pytest.raises(Exception, match="matched nothing"):
        runner.run(REL)
    assert driver.runs == [["axe"], ["inject"], ["axe"]]  # injected again once, in case the page replaced it
