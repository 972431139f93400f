"""HM2310200C: lang on part of a page marks a change of language, so it may be neither empty nor the page's."""
from __future__ import annotations

from ..model import Finding
from .dom import PageDoc, freego_hidden


def check_lang(doc: PageDoc) -> list[Finding]:
    """Flag descendants whose lang is blank or repeats <html lang> (the Dec 2025 Freego predicate)."""
    root_lang = doc.lang.lower()
    findings = []
    for element in doc.tree.iter():
        if element is doc.tree or not isinstance(element.tag, str) or element.get("lang") is None:
            continue
        if freego_hidden(element):
            continue
        lang = element.get("lang", "").strip()
        if not lang:
            findings.append(doc.finding("lang-redundant", element,
                                        "lang 屬性為空值 / empty lang attribute"))
        elif root_lang and lang.lower() == root_lang:
            findings.append(doc.finding(
                "lang-redundant", element,
                f"lang=\"{lang}\" 與 <html lang> 相同，不是語言轉換 / lang=\"{lang}\" repeats the page language"))
    return findings
