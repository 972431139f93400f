"""The machine-readable report (audit-report.json): enriched findings, per-page hashes, summaries."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from . import codes
from .model import DocumentResult, Finding, PageResult

SCHEMA_VERSION = 1
JSON_NAME = "audit-report.json"
HTML_NAME = "audit-report.html"


def enrich(finding: Finding, axe_help: dict[str, dict[str, str]], zh_help: dict[str, str]) -> dict[str, Any]:
    """A finding with everything a reader needs: WCAG SC, both editions' codes, severity, titles, fix text."""
    row = codes.info(finding.check)
    data = finding.to_dict()
    title_en = row.title_en or axe_help.get(finding.check, {}).get("help", "") or finding.check
    data.update(
        wcag=list(row.wcag),
        level=row.level,
        code_115=row.code_115,
        code_110=row.code_110,
        kind=row.kind,
        severity=codes.severity_of(finding.check, finding.impact),
        title_zh=row.title_zh or zh_help.get(finding.check) or title_en,
        title_en=title_en,
        fix_zh=row.fix_zh,
        fix_en=row.fix_en,
    )
    if not data.get("help_url") and finding.source == "axe":
        data["help_url"] = axe_help.get(finding.check, {}).get("help_url")
    return data


def page_record(result: PageResult, audited_at: str, axe_help: dict[str, dict[str, str]],
                zh_help: dict[str, str]) -> dict[str, Any]:
    """JSON form of one page's result."""
    return {
        "url": result.url,
        "sha256": result.sha256,
        "lang": result.lang,
        "title": result.title,
        "audited_at": audited_at,
        "seconds": result.seconds,
        "timings": result.timings,
        "error": result.error,
        "downloads": result.downloads,
        "findings": [enrich(f, axe_help, zh_help) for f in result.findings],
        "needs_review": [enrich(f, axe_help, zh_help) for f in result.needs_review],
    }


def document_record(result: DocumentResult, linked_from: list[str], checked_at: str) -> dict[str, Any]:
    """JSON form of one document's result."""
    return {
        "sha256": result.sha256,
        "checked_at": checked_at,
        "linked_from": linked_from,
        "findings": [enrich(f, {}, {}) for f in result.findings],
    }


def all_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every violation of the report: pages first, then documents."""
    found = [f for page in report["pages"].values() for f in page["findings"]]
    found += [f for doc in report["documents"].values() for f in doc["findings"]]
    return found


def summarise(report: dict[str, Any]) -> dict[str, Any]:
    """Counts per code, per check and per severity; a code's count is its number of findings."""
    findings = all_findings(report)
    by_code: dict[str, dict[str, Any]] = {}
    code_places: dict[str, set[str]] = defaultdict(set)
    by_check: dict[str, dict[str, Any]] = {}
    check_places: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        key = codes.display_code(f["code_115"])
        entry = by_code.setdefault(key, {
            "code_115": f["code_115"], "code_110": f["code_110"], "kind": f["kind"], "wcag": f["wcag"],
            "level": f["level"], "count": 0, "pages": 0, "checks": []})
        entry["count"] += 1
        if f["check"] not in entry["checks"]:
            entry["checks"].append(f["check"])
        code_places[key].add(f["page"])
        check = by_check.setdefault(f["check"], {
            "code_115": f["code_115"], "code_110": f["code_110"], "wcag": f["wcag"], "severity": f["severity"],
            "title_zh": f["title_zh"], "title_en": f["title_en"], "count": 0, "pages": 0})
        check["count"] += 1
        check_places[f["check"]].add(f["page"])
    for key, places in code_places.items():
        by_code[key]["pages"] = len(places)
    for key, places in check_places.items():
        by_check[key]["pages"] = len(places)
    pages = report["pages"]
    documents = report["documents"]
    return {
        "pages_total": len(pages),
        "pages_with_violations": sum(1 for p in pages.values() if p["findings"]),
        "documents_total": len(documents),
        "documents_with_violations": sum(1 for d in documents.values() if d["findings"]),
        "violations": len(findings),
        "needs_review": sum(len(p["needs_review"]) for p in pages.values()),
        "errors": sum(1 for p in pages.values() if p.get("error")),
        "by_severity": dict(Counter(f["severity"] for f in findings)),
        "by_code": dict(sorted(by_code.items())),
        "by_check": dict(sorted(by_check.items())),
    }


def download_list(pages: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Freego's 《ME1320200C 清單》: every local download and the pages linking to it."""
    linked: dict[str, list[str]] = defaultdict(list)
    for path, page in pages.items():
        for download in page.get("downloads", []):
            linked[download].append(path)
    return [{"path": path, "format": Path(path).suffix.lstrip(".").lower(), "pages": sorted(pages_)}
            for path, pages_ in sorted(linked.items())]


def write_json(report: dict[str, Any], directory: Path) -> Path:
    """Write audit-report.json (UTF-8, Chinese kept readable)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / JSON_NAME
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def read_json(directory: Path) -> dict[str, Any] | None:
    """The previous report, if there is a readable one of this schema."""
    path = directory / JSON_NAME
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return report if report.get("schema") == SCHEMA_VERSION else None
