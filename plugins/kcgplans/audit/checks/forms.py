"""Form checks: labels (HM1130104C) and fieldset/legend grouping (115.11 HM1130105C, 110.07 HM1130103C)."""
from __future__ import annotations

import copy
from collections import defaultdict

from lxml.html import HtmlElement

from ..model import Finding
from .dom import PageDoc, freego_hidden, is_blank, visible_text

# Inputs that name themselves (value/alt) or are not shown; everything else needs a label.
_SELF_NAMED = frozenset({"hidden", "submit", "reset", "button", "image"})


def _controls(doc: PageDoc) -> list[HtmlElement]:
    controls = []
    for element in doc.tree.iter("input", "select", "textarea"):
        if element.tag == "input" and (element.get("type") or "text").strip().lower() in _SELF_NAMED:
            continue
        if not freego_hidden(element):
            controls.append(element)
    return controls


def _label_text(label: HtmlElement) -> str:
    # An implicit label's own words only: option texts of a wrapped <select> do not label it.
    clone = copy.deepcopy(label)
    for nested in list(clone.iter("select", "textarea")):
        nested.drop_tree()
    return visible_text(clone)


def _label_problem(doc: PageDoc, control: HtmlElement, labels_for: dict[str, list[HtmlElement]]) -> str | None:
    """None when labelled; otherwise why not."""
    if not is_blank(control.get("title")):
        return None
    ident = control.get("id")
    explicit = labels_for.get(ident, []) if ident else []
    implicit = list(control.iterancestors("label"))
    candidates = explicit + implicit
    if any(_label_text(label) for label in candidates):
        return None
    if candidates:
        return "對應的 <label> 沒有文字 / the associated <label> has no text"
    if control.get("aria-label") or control.get("aria-labelledby"):
        return ("只有 aria-label/aria-labelledby，115.11 要求 <label> 或 title / only aria-label(ledby); "
                "115.11 asks for a <label> or title")
    if control.get("placeholder"):
        return "只有 placeholder 不算標籤 / a placeholder is not a label"
    return "沒有 <label> 也沒有 title / no <label> and no title"


def check_labels(doc: PageDoc) -> list[Finding]:
    """HM1130104C: every visible form control has a <label> with text or a non-empty title."""
    labels_for: dict[str, list[HtmlElement]] = defaultdict(list)
    for label in doc.tree.iter("label"):
        if label.get("for"):
            labels_for[label.get("for")].append(label)
    findings = []
    for control in _controls(doc):
        problem = _label_problem(doc, control, labels_for)
        if problem:
            findings.append(doc.finding("form-control-label", control, problem))
    return findings


def _first_element_child(element: HtmlElement) -> HtmlElement | None:
    for child in element:
        if isinstance(child.tag, str):
            return child
    return None


def check_fieldsets(doc: PageDoc) -> list[Finding]:
    """A <fieldset> starts with a <legend> that has text; same-name radio/checkbox groups sit in a fieldset."""
    findings = []
    for fieldset in doc.tree.iter("fieldset"):
        if freego_hidden(fieldset):
            continue
        first = _first_element_child(fieldset)
        if first is None or first.tag != "legend":
            findings.append(doc.finding(
                "fieldset-legend", fieldset,
                "<fieldset> 的第一個子元素應為 <legend> / the first child of <fieldset> must be <legend>"))
        elif not visible_text(first):
            findings.append(doc.finding("fieldset-legend", first, "<legend> 沒有文字 / empty <legend>"))

    groups: dict[tuple[int, str, str], list[HtmlElement]] = defaultdict(list)
    for control in doc.tree.iter("input"):
        kind = (control.get("type") or "").strip().lower()
        name = control.get("name")
        if kind in ("radio", "checkbox") and name and not freego_hidden(control):
            form = next(control.iterancestors("form"), None)
            groups[(id(form), kind, name)].append(control)
    for (_, kind, name), members in groups.items():
        if len(members) > 1 and any(next(m.iterancestors("fieldset"), None) is None for m in members):
            findings.append(doc.finding(
                "fieldset-legend", members[0],
                f"同名 {kind} 群組「{name}」未以 <fieldset>/<legend> 分組 / the {kind} group \"{name}\" is not "
                "grouped in a <fieldset> with a <legend>"))
    return findings
