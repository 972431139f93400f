"""GN1240100E: the first Tab lands on a visible 「跳到主要內容」 link that moves focus into <main>."""
from __future__ import annotations

import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from ..model import Finding, snippet

SKIP_TEXT = re.compile(r"跳到主要內容|跳至主要內容|skip to (?:the )?main content", re.IGNORECASE)

_FOCUSED = """
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return null;
const r = el.getBoundingClientRect();
const steps = [];
for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
  if (n.id) { steps.push('#' + n.id); break; }
  steps.push(n.localName);
}
return {
  tag: el.localName,
  text: ((el.innerText || el.textContent || '') + ' ' + (el.getAttribute('aria-label') || '')).trim(),
  href: el.getAttribute('href'),
  selector: steps.reverse().join(' > '),
  html: el.outerHTML.slice(0, 400),
  shown: el.checkVisibility({checkVisibilityCSS: true}) && r.width > 1 && r.height > 1 &&
         r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
  inMain: !!el.closest('main, [role=main]'),
};
"""


def check_skip_link(driver: WebDriver, page: str) -> list[Finding]:
    """Press Tab once from a freshly loaded page, then Enter; must be run before anything else moves focus."""

    def finding(message: str, focused: dict | None) -> Finding:
        return Finding(check="skip-link-focus", page=page, selector=(focused or {}).get("selector", "body"),
                       html=snippet((focused or {}).get("html", "")), message=message)

    ActionChains(driver).send_keys(Keys.TAB).perform()
    first = driver.execute_script(_FOCUSED)
    if first is None:
        return [finding("按 Tab 後沒有元素取得焦點 / nothing takes focus on the first Tab", None)]
    if first["tag"] != "a" or not SKIP_TEXT.search(first["text"]):
        reached = first["text"][:40] or f"<{first['tag']}>"
        return [finding(f"第一個 Tab 停在「{reached}」，不是「跳到主要內容」鏈結 / the first Tab reaches "
                        f"{reached!r}, not a \"Skip to main content\" link", first)]
    findings = []
    if not first["shown"]:
        findings.append(finding("跳到主要內容鏈結取得焦點時看不見 / the skip link is not visible when focused",
                                first))
    if not (first["href"] or "").startswith("#"):
        findings.append(finding("跳到主要內容鏈結應連到本頁的 #id / the skip link must point to an id on this page",
                                first))
        return findings
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    after = driver.execute_script(_FOCUSED)
    if after is None or not after["inMain"]:
        findings.append(finding(
            "啟動後焦點未移入 <main>（目標請加 tabindex=\"-1\"）/ activating it does not move focus into <main> "
            "(give the target tabindex=\"-1\")", first))
    return findings
