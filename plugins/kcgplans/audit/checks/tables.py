"""HM1130101C: header cells declare what they head with scope (axe never requires scope)."""
from __future__ import annotations

from lxml.html import HtmlElement

from ..model import Finding
from .dom import PageDoc, freego_hidden

_SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})


def _table_of(cell: HtmlElement) -> HtmlElement | None:
    for ancestor in cell.iterancestors("table"):
        return ancestor
    return None


def _referenced_ids(table: HtmlElement) -> set[str]:
    # id/headers association (HM1130102C) is the accepted alternative to scope for complex tables.
    ids: set[str] = set()
    for cell in table.iter("td", "th"):
        ids.update((cell.get("headers") or "").split())
    return ids


def check_th_scope(doc: PageDoc) -> list[Finding]:
    """Every <th> of a data table has a valid scope, unless data cells point at it through headers=."""
    findings = []
    referenced: dict[int, set[str]] = {}
    for th in doc.tree.iter("th"):
        table = _table_of(th)
        if table is None or freego_hidden(th):
            continue
        if (table.get("role") or "").strip().lower() in ("presentation", "none"):
            continue
        scope = (th.get("scope") or "").strip().lower()
        if scope in _SCOPES:
            continue
        ids = referenced.setdefault(id(table), _referenced_ids(table))
        if th.get("id") and th.get("id") in ids:
            continue
        message = ("<th> 缺少 scope（row/col）屬性 / <th> has no scope (row/col)" if not scope else
                   f"<th> 的 scope=\"{scope}\" 無效 / <th> has an invalid scope=\"{scope}\"")
        findings.append(doc.finding("th-scope", th, message))
    return findings
