"""What the site's 無障礙聲明 (accessibility statement) page needs from an audit report."""
from __future__ import annotations

from typing import Any


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """Date, edition, level, pages checked, violation count, tool versions and per-code counts.

    ``per_code`` counts findings per 115.11 code; findings without a Taiwan code (document checks) are counted
    in ``violations`` but not there. ``codes`` carries the details (110.07 code, WCAG SC, pages) for a table.
    """
    s = report["summary"]
    coded = {key: entry for key, entry in s["by_code"].items() if entry.get("code_115")}
    return {
        "date": report["generated"][:10],
        "generated": report["generated"],
        "edition": report["edition"],
        "edition_name": f"網站無障礙規範 ({report['edition']})",
        "edition_previous": report.get("edition_previous"),
        "wcag": report["wcag"],
        "level": report["level"],
        "pages_checked": s["pages_total"],
        "pages_with_violations": s["pages_with_violations"],
        "documents_checked": s["documents_total"],
        "violations": s["violations"],
        "needs_review": s["needs_review"],
        "passed": s["violations"] == 0 and s["errors"] == 0,
        "tool_versions": dict(report["tools"]),
        "per_code": {key: entry["count"] for key, entry in coded.items()},
        "codes": [
            {
                "code": key,
                "code_110": entry.get("code_110"),
                "kind": entry.get("kind"),
                "wcag": list(entry.get("wcag", [])),
                "level": entry.get("level"),
                "count": entry["count"],
                "pages": entry["pages"],
            }
            for key, entry in coded.items()
        ],
    }
