"""Navigation checks: empty <nav> (HM1240102C), 導盲磚 accesskey anchors (GN1240102E), new windows (GN1320200E)."""
from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..model import Finding
from .dom import PageDoc, freego_hidden, is_blank, visible_text

# The conventional anchors every page carries: letter -> (zh region name, en region name).
ACCESS_KEY_REGIONS: dict[str, tuple[str, str]] = {
    "U": ("上方功能區塊", "top region"),
    "C": ("中央內容區塊", "main content"),
    "Z": ("下方功能區塊", "footer region"),
}
_NEW_WINDOW = re.compile(r"另開新?視窗|new (?:browser )?(?:window|tab)", re.IGNORECASE)
_SEARCH_NAMES = frozenset({"q", "query", "search", "keyword", "keywords"})


def check_empty_nav(doc: PageDoc) -> list[Finding]:
    """A navigation region exists to group links; one without links is reported (Dec 2025 Freego predicate)."""
    findings = []
    for nav in doc.tree.iter():
        if not isinstance(nav.tag, str):
            continue
        if nav.tag != "nav" and (nav.get("role") or "").strip().lower() != "navigation":
            continue
        if freego_hidden(nav) or any(a.get("href") is not None for a in nav.iter("a", "area")):
            continue
        has_content = visible_text(nav) or any(
            isinstance(e.tag, str) and e.tag in ("button", "input", "select", "textarea", "img") for e in nav.iter())
        message = ("<nav> 內沒有鏈結，只有其他元素（改用 <div>）/ <nav> holds no links, only other content "
                   "(use a <div>)" if has_content else "空的 <nav> / empty <nav>")
        findings.append(doc.finding("nav-not-empty", nav, message))
    return findings


def _main(doc: PageDoc) -> HtmlElement | None:
    for element in doc.tree.iter():
        if isinstance(element.tag, str) and (
                element.tag == "main" or (element.get("role") or "").strip().lower() == "main"):
            return element
    return None


def _is_inside(element: HtmlElement, container: HtmlElement) -> bool:
    return element is container or any(a is container for a in element.iterancestors())


def _target(doc: PageDoc, href: str | None) -> HtmlElement | None:
    if not href or not href.startswith("#") or len(href) < 2:
        return None
    ident = href[1:]
    for element in doc.tree.iter():
        if isinstance(element.tag, str) and (element.get("id") == ident
                                             or (element.tag == "a" and element.get("name") == ident)):
            return element
    return None


def _search_inputs(doc: PageDoc) -> list[HtmlElement]:
    inputs = []
    for control in doc.tree.iter("input"):
        kind = (control.get("type") or "text").strip().lower()
        in_search_region = any((a.get("role") or "").strip().lower() == "search" or a.tag == "search"
                               for a in control.iterancestors())
        looks_like_search = (kind == "search" or in_search_region
                             or (control.get("name") or "").lower() in _SEARCH_NAMES
                             or "md-search__input" in (control.get("class") or ""))
        if looks_like_search and kind not in ("hidden", "submit", "button", "reset", "checkbox", "radio"):
            inputs.append(control)
    return inputs


def _has_search_key(doc: PageDoc, inputs: list[HtmlElement]) -> bool:
    def is_s(element: HtmlElement) -> bool:
        return (element.get("accesskey") or "").strip().upper() == "S"

    if any(is_s(control) for control in inputs):
        return True
    ids = {control.get("id") for control in inputs if control.get("id")}
    for element in doc.tree.iter():
        if not isinstance(element.tag, str) or not is_s(element):
            continue
        if element.tag == "label" and element.get("for") in ids:
            return True
        target = _target(doc, element.get("href"))
        if target is not None and any(_is_inside(control, target) for control in inputs):
            return True
    return False


def check_access_key_anchors(doc: PageDoc) -> list[Finding]:
    """Each page has ::: anchors with accesskey U, C, Z (and S on the search field), titled and targeted."""
    findings: list[Finding] = []
    main = _main(doc)
    order = {element: index for index, element in enumerate(doc.tree.iter())}
    main_end = max((order[e] for e in main.iter()), default=-1) if main is not None else -1
    anchors = [a for a in doc.tree.iter("a") if visible_text(a) == ":::" and not freego_hidden(a)]
    by_key: dict[str, list[HtmlElement]] = {}
    for anchor in anchors:
        by_key.setdefault((anchor.get("accesskey") or "").strip().upper(), []).append(anchor)

    for key, (name_zh, name_en) in ACCESS_KEY_REGIONS.items():
        found = by_key.get(key, [])
        if not found:
            findings.append(doc.finding(
                "access-key-anchors", None,
                f"缺少 accesskey=\"{key}\" 的 ::: 定位點（{name_zh}）/ no ::: anchor with accesskey=\"{key}\" "
                f"({name_en})", selector="body", html=""))
            continue
        anchor = found[0]
        if is_blank(anchor.get("title")):
            findings.append(doc.finding(
                "access-key-anchors", anchor,
                f"::: 定位點 {key} 沒有 title（例如「{name_zh}」）/ the ::: anchor {key} has no title"))
        if _target(doc, anchor.get("href")) is None:
            findings.append(doc.finding(
                "access-key-anchors", anchor,
                f"::: 定位點 {key} 未連到頁面中存在的 id / the ::: anchor {key} does not link to an id on the page"))
        if main is None:
            continue
        position = order[anchor]
        misplaced = ((key == "C" and not _is_inside(anchor, main))
                     or (key == "U" and position >= order[main])
                     or (key == "Z" and position <= main_end))
        if misplaced:
            findings.append(doc.finding(
                "access-key-anchors", anchor,
                f"::: 定位點 {key} 應位於{name_zh} / the ::: anchor {key} belongs in the {name_en}"))

    search_inputs = _search_inputs(doc)
    if search_inputs and not _has_search_key(doc, search_inputs):
        findings.append(doc.finding(
            "access-key-anchors", search_inputs[0],
            "搜尋欄位沒有 accesskey=\"S\" / the search field has no accesskey=\"S\""))
    return findings


def check_new_window(doc: PageDoc) -> list[Finding]:
    """Links that open a new window say so in their text or title (reviewers cite GN1320200E)."""
    findings = []
    for link in doc.tree.iter("a", "area"):
        target = (link.get("target") or "").strip().lower()
        if target in ("", "_self", "_parent", "_top") or freego_hidden(link):
            continue
        said = " ".join((visible_text(link), link.get("title") or "", link.get("aria-label") or ""))
        if not _NEW_WINDOW.search(said):
            findings.append(doc.finding(
                "new-window-notice", link,
                "另開新視窗的鏈結未在文字或 title 註明「另開新視窗」/ link opens a new window without saying so"))
    return findings
