"""GN1240100E: the first Tab lands on a visible 「跳到主要內容」 link that moves focus into <main>.

The browser part (real Tab and Enter key presses, then ``js/focused.js``) is driven by ``page_audit``; this
module judges what the focused element was.
"""
from __future__ import annotations

import re
from typing import Any

from ..model import Finding, snippet

SKIP_TEXT = re.compile(r"跳到主要內容|跳至主要內容|skip to (?:the )?main content", re.IGNORECASE)


def _finding(page: str, message: str, focused: dict[str, Any] | None) -> Finding:
    return Finding(check="skip-link-focus", page=page, selector=(focused or {}).get("selector", "body"),
                   html=snippet((focused or {}).get("html", "")), message=message)


def first_tab(page: str, first: dict[str, Any] | None) -> tuple[list[Finding], bool]:
    """Findings for what the first Tab focused, and whether to press Enter on it (a skip link to #id)."""
    if first is None:
        return [_finding(page, "按 Tab 後沒有元素取得焦點 / nothing takes focus on the first Tab", None)], False
    if first["tag"] != "a" or not SKIP_TEXT.search(first["text"]):
        reached = first["text"][:40] or f"<{first['tag']}>"
        return [_finding(page, f"第一個 Tab 停在「{reached}」，不是「跳到主要內容」鏈結 / the first Tab reaches "
                               f"{reached!r}, not a \"Skip to main content\" link", first)], False
    findings = []
    if not first["shown"]:
        findings.append(_finding(page, "跳到主要內容鏈結取得焦點時看不見 / the skip link is not visible when "
                                       "focused", first))
    if not (first["href"] or "").startswith("#"):
        findings.append(_finding(page, "跳到主要內容鏈結應連到本頁的 #id / the skip link must point to an id on this "
                                       "page", first))
        return findings, False
    return findings, True


def after_enter(page: str, first: dict[str, Any], after: dict[str, Any] | None) -> list[Finding]:
    """Enter on the skip link must move focus into <main>."""
    if after is None or not after["inMain"]:
        return [_finding(page, "啟動後焦點未移入 <main>（目標請加 tabindex=\"-1\"）/ activating it does not move focus "
                               "into <main> (give the target tabindex=\"-1\")", first)]
    return []
