"""Every check fails its fail.html and passes its pass.html, audited in the real browser."""
from __future__ import annotations

from typing import Any

import pytest
from audit_helpers import FIXTURES, findings_of
from kcgplans.audit import codes

pytestmark = pytest.mark.browser

# check id -> fixture folder (document checks share one folder per file type)
CASES: dict[str, str] = {
    **{check.id: check.id for check in codes.CUSTOM_CHECKS},
    "pdf-tagged": "pdf", "pdf-lang": "pdf", "pdf-title": "pdf", "pdf-text": "pdf",
    "odt-language": "odt", "odt-title": "odt", "odt-headings": "odt",
    # axe rules that stand for the three ways axe is run: WCAG tag, best-practice addition, WCAG 2.2 AA.
    "color-contrast": "color-contrast",
    "heading-order": "heading-order",
    "target-size": "target-size",
}


def test_every_custom_check_has_fixtures() -> None:
    for check in codes.CUSTOM_CHECKS:
        folder = FIXTURES / CASES[check.id]
        assert (folder / "fail.html").is_file() and (folder / "pass.html").is_file(), check.id


@pytest.mark.parametrize("check", sorted(CASES))
def test_fail_fixture_fails(fixture_report: dict[str, Any], check: str) -> None:
    found = [f for f in findings_of(fixture_report, f"{CASES[check]}/fail.html") if f["check"] == check]
    assert found, f"{check}: {CASES[check]}/fail.html should fail"


@pytest.mark.parametrize("check", sorted(CASES))
def test_pass_fixture_passes(fixture_report: dict[str, Any], check: str) -> None:
    found = [f for f in findings_of(fixture_report, f"{CASES[check]}/pass.html") if f["check"] == check]
    assert not found, f"{check}: {CASES[check]}/pass.html should pass, got {found}"


def test_clean_pages_pass_everything(fixture_report: dict[str, Any]) -> None:
    for page in ("clean/index.html", "clean/en/index.html"):
        assert findings_of(fixture_report, page) == []
        assert fixture_report["pages"][page]["error"] is None


def test_no_check_crashed(fixture_report: dict[str, Any]) -> None:
    assert {p: r["error"] for p, r in fixture_report["pages"].items() if r["error"]} == {}


def test_findings_carry_codes_and_fixes(fixture_report: dict[str, Any]) -> None:
    found = findings_of(fixture_report, "fieldset-legend/fail.html")
    fieldset = next(f for f in found if f["check"] == "fieldset-legend")
    # The edition renumbering is the reason both codes are kept.
    assert (fieldset["code_115"], fieldset["code_110"]) == ("HM1130105C", "HM1130103C")
    assert fieldset["wcag"] == ["1.3.1"] and fieldset["kind"] == "C"
    assert fieldset["fix_zh"] and fieldset["fix_en"] and fieldset["selector"] and "<fieldset" in fieldset["html"]


def test_axe_findings_have_chinese_titles(fixture_report: dict[str, Any]) -> None:
    contrast = next(f for f in findings_of(fixture_report, "color-contrast/fail.html")
                    if f["check"] == "color-contrast")
    assert contrast["source"] == "axe" and contrast["code_115"] == "GN2140300E"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in contrast["title_zh"])  # from axe's zh_TW locale
    assert contrast["severity"] == "serious" and contrast["help_url"].startswith("https://")


def test_every_axe_rule_run_is_in_the_code_table(fixture_report: dict[str, Any]) -> None:
    rules = fixture_report["run"]["axe_rules"]
    assert "target-size" in rules and "heading-order" in rules and "region" in rules
    assert set(rules) <= codes.AXE_RULE_IDS, set(rules) - codes.AXE_RULE_IDS
