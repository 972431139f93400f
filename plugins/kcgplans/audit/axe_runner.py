"""Run npm's axe-core through axe-selenium-python, choose its rules and turn its results into findings."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from axe_selenium_python import Axe
from selenium.common.exceptions import JavascriptException
from selenium.webdriver.remote.webdriver import WebDriver

from . import codes
from .model import Finding, snippet

_AXE_RELATIVE = Path("node_modules") / "axe-core"


def find_axe_dir(start: Path | None = None) -> Path:
    """node_modules/axe-core of the project: searched upwards from ``start`` (cwd) and from this package."""
    roots = [start or Path.cwd(), Path(__file__).resolve()]
    for root in roots:
        for folder in (root, *root.parents):
            candidate = folder / _AXE_RELATIVE
            if (candidate / "axe.min.js").is_file():
                return candidate
    raise FileNotFoundError("node_modules/axe-core/axe.min.js not found: run `npm install` in the project root")


@cache
def axe_version(axe_dir: Path) -> str:
    """The installed axe-core version (package.json)."""
    return str(json.loads((axe_dir / "package.json").read_text(encoding="utf-8"))["version"])


@cache
def zh_help(axe_dir: Path) -> dict[str, str]:
    """axe's own Traditional Chinese rule help (locales/zh_TW.json), rule id -> help text."""
    locale = axe_dir / "locales" / "zh_TW.json"
    if not locale.is_file():
        return {}
    rules = json.loads(locale.read_text(encoding="utf-8")).get("rules", {})
    return {rule_id: texts.get("help", "") for rule_id, texts in rules.items()}


@dataclass
class AxeRunner:
    """One per browser: picks the rules once, then runs them on each page with axe-selenium-python.

    ``Axe`` is pointed at npm's axe-core (``script_url``; the copy bundled with axe-selenium-python is years old).
    The same file is installed into every new document with the check scripts (``checks.scripts.installer``),
    so ``Axe.inject`` is only needed for a document that predates the install.
    """

    driver: WebDriver
    axe_dir: Path
    rule_ids: list[str] = field(default_factory=list)
    # English help per rule id, from axe.getRules(); the report shows it next to the zh_TW text.
    rule_help: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # axe-selenium-python reads script_url as a local file path, not a URL.
        self._axe = Axe(self.driver, script_url=str(self.axe_dir / "axe.min.js"))

    def select_rules(self, rules: list[dict[str, Any]]) -> None:
        """Keep the WCAG 2.x A/AA rules (not deprecated or experimental) and the chosen best practices."""
        wanted = set(codes.AXE_TAGS)
        excluded = set(codes.AXE_EXCLUDED_TAGS)
        best_practice = set(codes.BEST_PRACTICE_RULE_IDS)
        self.rule_ids.clear()
        for rule in rules:
            tags = set(rule["tags"])
            if (tags & wanted and not tags & excluded) or rule["id"] in best_practice:
                self.rule_ids.append(rule["id"])
            self.rule_help[rule["id"]] = {"help": rule["help"], "help_url": rule["helpUrl"]}
        if not self.rule_ids:
            raise RuntimeError("axe-core offers none of the rules the audit runs (WCAG 2.x A/AA tags)")

    def options(self) -> dict[str, Any]:
        return {
            "runOnly": {"type": "rule", "values": self.rule_ids},
            # Passes and inapplicable rules are not needed: fewer nodes to serialise back to Python.
            "resultTypes": ["violations", "incomplete"],
            # Frames are not injected; without this axe waits up to a minute for each iframe to answer.
            "iframes": False,
            "ancestry": False,
            "xpath": False,
        }

    def run(self, page: str) -> tuple[list[Finding], list[Finding]]:
        """Violations and incomplete ("needs review") results of the current page."""
        # run() pastes options into JavaScript with %s: they must be JSON, not a Python dict.
        options = json.dumps(self.options())
        try:
            results = self._axe.run(context="html", options=options)
        except JavascriptException:
            # "axe is not defined" (a document loaded before the install) or a page that replaced window.axe
            # with something else: inject npm's axe-core again and try once more.
            self._axe.inject()
            results = self._axe.run(context="html", options=options)
        return (self._findings(results.get("violations", []), page),
                self._findings(results.get("incomplete", []), page))

    @staticmethod
    def _findings(rules: list[dict[str, Any]], page: str) -> list[Finding]:
        findings = []
        for rule in rules:
            for node in rule.get("nodes", []):
                target = node.get("target") or []
                selector = " ".join(" >>> ".join(t) if isinstance(t, list) else str(t) for t in target)
                findings.append(Finding(
                    check=rule["id"], page=page, selector=selector,
                    html=snippet(node.get("html", "")),
                    message=(node.get("failureSummary") or rule.get("help", "")).strip(), source="axe",
                    impact=node.get("impact") or rule.get("impact"), help_url=rule.get("helpUrl")))
        return findings
