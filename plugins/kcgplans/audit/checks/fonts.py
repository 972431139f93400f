"""CS2140401C: font sizes use relative units in every stylesheet a page loads, <style> and style attributes.

Freego reads all CSS, third-party and print sheets included, so this check does too. Allowed: keywords, %,
em/rem/ex/ch/lh and viewport units, var()/calc() built from those. Failing: non-zero px/pt/pc/in/cm/mm/Q.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from urllib.parse import urljoin

import tinycss2
from tinycss2.ast import (
    AtRule,
    Declaration,
    DimensionToken,
    FunctionBlock,
    Node,
    ParenthesesBlock,
    QualifiedRule,
    URLToken,
)

from ..model import Finding, snippet
from .dom import PageDoc, css_path, outer_html

ABSOLUTE_UNITS = frozenset({"px", "pt", "pc", "in", "cm", "mm", "q"})
_SIZE_KEYWORDS = frozenset({"xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large",
                            "xxx-large", "larger", "smaller", "math"})
_MAX_IMPORT_DEPTH = 5


@dataclass(frozen=True)
class CssProblem:
    """One absolute font size found in a stylesheet text."""

    line: int
    column: int
    selector: str
    declaration: str
    unit: str


def _absolute_unit(tokens: list[Node]) -> str | None:
    """First non-zero absolute dimension anywhere in a value, functions included."""
    for token in tokens:
        if isinstance(token, DimensionToken) and token.lower_unit in ABSOLUTE_UNITS and token.value != 0:
            return token.unit
        if isinstance(token, FunctionBlock | ParenthesesBlock):
            found = _absolute_unit(token.arguments if isinstance(token, FunctionBlock) else token.content)
            if found:
                return found
    return None


def _font_shorthand_unit(tokens: list[Node]) -> str | None:
    """The size part of ``font``: the first length/percentage/keyword not after '/' (that one is line-height)."""
    after_slash = False
    for token in tokens:
        if token.type in ("whitespace", "comment"):
            continue
        if token.type == "literal" and token.value == "/":
            after_slash = True
            continue
        if isinstance(token, DimensionToken) or token.type == "percentage" or (
                token.type == "ident" and token.lower_value in _SIZE_KEYWORDS):
            if after_slash:
                after_slash = False
                continue
            if isinstance(token, DimensionToken) and token.lower_unit in ABSOLUTE_UNITS and token.value != 0:
                return token.unit
            return None
        if isinstance(token, FunctionBlock) and token.lower_name in ("calc", "clamp", "min", "max"):
            return _absolute_unit([token])
        after_slash = False
    return None


def declaration_problem(declaration: Declaration) -> str | None:
    """The absolute unit used by a font-size/font declaration, or None."""
    name = declaration.lower_name
    if name == "font-size":
        return _absolute_unit(declaration.value)
    if name == "font":
        return _font_shorthand_unit(declaration.value)
    return None


def _declaration_text(declaration: Declaration) -> str:
    important = " !important" if declaration.important else ""
    return f"{declaration.name}: {tinycss2.serialize(declaration.value).strip()}{important}"


def _walk_rules(nodes: list[Node], selector: str, context: str, problems: list[CssProblem],
                imports: list[str]) -> None:
    """Collect problems; ``selector`` is the (nested) rule selector, ``context`` the enclosing at-rules."""
    for node in nodes:
        if isinstance(node, Declaration):
            unit = declaration_problem(node)
            if unit:
                problems.append(CssProblem(node.source_line, node.source_column, f"{context} {selector}".strip(),
                                           _declaration_text(node), unit))
        elif isinstance(node, QualifiedRule):
            inner = tinycss2.parse_blocks_contents(node.content, skip_whitespace=True, skip_comments=True)
            prelude = " ".join(tinycss2.serialize(node.prelude).split())
            _walk_rules(inner, f"{selector} {prelude}".strip(), context, problems, imports)
        elif isinstance(node, AtRule):
            if node.lower_at_keyword == "import":
                target = _import_target(node)
                if target:
                    imports.append(target)
            elif node.content is not None:
                # @media, @supports, @layer, @container (and nested at-rules): rules or declarations inside.
                inner = tinycss2.parse_blocks_contents(node.content, skip_whitespace=True, skip_comments=True)
                prelude = " ".join(tinycss2.serialize(node.prelude).split())
                _walk_rules(inner, selector, f"{context} @{node.at_keyword} {prelude}".strip(), problems, imports)


def _import_target(rule: AtRule) -> str | None:
    for token in rule.prelude:
        if isinstance(token, URLToken) or token.type == "string":
            return token.value
        if isinstance(token, FunctionBlock) and token.lower_name == "url":
            strings = [t.value for t in token.arguments if t.type == "string"]
            return strings[0] if strings else None
    return None


def analyse_stylesheet(text: str) -> tuple[list[CssProblem], list[str]]:
    """Absolute font sizes in a stylesheet, and the @import targets it names."""
    rules = tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True)
    problems: list[CssProblem] = []
    imports: list[str] = []
    _walk_rules(rules, "", "", problems, imports)
    return problems, imports


# Sheets are shared by every page (Material's main.css is ~130 KB), so analyse each distinct text once.
_cache: dict[str, tuple[list[CssProblem], list[str]]] = {}
_cache_lock = threading.Lock()


def _analyse_cached(text: str) -> tuple[list[CssProblem], list[str]]:
    key = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    result = analyse_stylesheet(text)
    with _cache_lock:
        _cache[key] = result
    return result


def _sheet_name(doc: PageDoc, url: str) -> str:
    return doc.site_relative(url) or url


def _message(unit: str) -> str:
    return f"字型大小使用絕對單位 {unit} / font size in the absolute unit {unit}"


def _check_sheet(doc: PageDoc, url: str, seen: set[str], depth: int, findings: list[Finding]) -> None:
    if url in seen or depth > _MAX_IMPORT_DEPTH:
        return
    seen.add(url)
    text = doc.fetch(url)
    if text is None:
        return
    problems, imports = _analyse_cached(text)
    name = _sheet_name(doc, url)
    for problem in problems:
        findings.append(doc.finding(
            "font-size-relative", None, _message(problem.unit),
            selector=f"{name}:{problem.line}:{problem.column} {problem.selector}".strip(),
            html=snippet(f"{problem.selector} {{ {problem.declaration} }}")))
    for target in imports:
        _check_sheet(doc, urljoin(url, target), seen, depth + 1, findings)


def check_font_sizes(doc: PageDoc) -> list[Finding]:
    """Linked and imported stylesheets, <style> elements and style attributes."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for link in doc.tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "stylesheet" in rel and link.get("href"):
            _check_sheet(doc, doc.resolve(link.get("href")), seen, 0, findings)
    for style in doc.tree.iter("style"):
        problems, imports = _analyse_cached(style.text or "")
        for problem in problems:
            findings.append(doc.finding(
                "font-size-relative", style, _message(problem.unit),
                selector=f"{css_path(style)} {problem.line}:{problem.column} {problem.selector}".strip(),
                html=snippet(f"{problem.selector} {{ {problem.declaration} }}")))
        for target in imports:
            _check_sheet(doc, doc.resolve(target), seen, 1, findings)
    for element in doc.tree.iter():
        if not isinstance(element.tag, str) or not element.get("style"):
            continue
        declarations = tinycss2.parse_blocks_contents(element.get("style"), skip_whitespace=True,
                                                      skip_comments=True)
        for declaration in declarations:
            if isinstance(declaration, Declaration) and (unit := declaration_problem(declaration)):
                findings.append(doc.finding("font-size-relative", element, _message(unit),
                                            html=outer_html(element, 300)))
    return findings
