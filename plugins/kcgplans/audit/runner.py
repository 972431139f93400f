"""Audit a whole built site: serve it, spread pages over N browsers, merge with the previous report."""
from __future__ import annotations

import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from . import AUDIT_VERSION, codes, report
from .axe_runner import axe_version, find_axe_dir, zh_help
from .document_queue import DocumentQueue
from .pages import detect_base_path, find_pages, sha256_file
from .parallel import PoolResult, audit_pages


@dataclass
class AuditOptions:
    """How to run the audit."""

    jobs: int = 2
    changed_only: bool = False
    exclude: tuple[str, ...] = ()
    axe_dir: Path | None = None
    # URL path the site is published under; None = read it from sitemap.xml.
    base_path: str | None = None
    progress: Callable[[str], None] = field(default=lambda message: None)


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def _reusable(previous: dict[str, Any] | None, tools: dict[str, str]) -> dict[str, Any]:
    """Previous page records that ``--changed`` may keep: only if produced by the same checks and axe."""
    if not previous:
        return {}
    old = previous.get("tools", {})
    if old.get("kcgplans-audit") != tools["kcgplans-audit"] or old.get("axe-core") != tools["axe-core"]:
        return {}
    return previous


def audit_site(site: Path, options: AuditOptions | None = None,
               previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Audit ``site`` and return the report (see report.py); ``previous`` feeds ``--changed``."""
    options = options or AuditOptions()
    site = site.resolve()
    axe_dir = options.axe_dir or find_axe_dir()
    tools = {
        "kcgplans-audit": AUDIT_VERSION,
        "axe-core": axe_version(axe_dir),
        "selenium": _package_version("selenium"),
        "chromium": "",
        "python": platform.python_version(),
    }
    reusable = _reusable(previous, tools) if options.changed_only else {}
    old_pages: dict[str, Any] = reusable.get("pages", {})
    pages = find_pages(site, options.exclude)
    hashes = {rel: sha256_file(site / rel) for rel in pages}
    # Changed or new pages, and pages whose previous audit ended in an error.
    todo = [(rel, hashes[rel]) for rel in pages
            if old_pages.get(rel, {}).get("sha256") != hashes[rel] or old_pages[rel].get("error")]
    options.progress(f"{len(todo)} of {len(pages)} pages to audit")

    started = time.perf_counter()
    base_path = options.base_path or detect_base_path(site)
    documents = DocumentQueue(site, reusable.get("documents", {}), options.jobs)
    pool = (audit_pages(site, todo, options.jobs, axe_dir, options.progress, base_path,
                        on_result=lambda result: documents.add(result.downloads)) if todo
            else PoolResult())
    elapsed = time.perf_counter() - started
    results, axe_help, axe_rules = pool.results, pool.axe_help, sorted(pool.axe_rules)
    tools["chromium"] = pool.chromium or (reusable.get("tools") or {}).get("chromium", "")

    stamp = _now()
    zh = zh_help(axe_dir)
    fresh = {r.path: report.page_record(r, stamp, axe_help, zh) for r in results}
    page_records = {rel: fresh.get(rel) or old_pages[rel] for rel in pages}

    result: dict[str, Any] = {
        "schema": report.SCHEMA_VERSION,
        "generated": stamp,
        "edition": codes.EDITION,
        "edition_previous": codes.EDITION_PREVIOUS,
        "level": codes.LEVEL,
        "wcag": codes.WCAG_VERSION,
        "site": str(site),
        "tools": tools,
        "run": {
            "jobs": options.jobs,
            "changed_only": options.changed_only,
            "pages_audited": sorted(fresh),
            # The axe rules run in this report's browser sessions (empty when --changed found nothing to do).
            "axe_rules": axe_rules or (reusable.get("run") or {}).get("axe_rules", []),
            "seconds": round(elapsed, 2),
            "pages_per_second": round(len(fresh) / elapsed, 3) if fresh and elapsed else 0.0,
        },
        "pages": page_records,
        "documents": documents.records(page_records, stamp),
        "downloads": report.download_list(page_records),
    }
    result["summary"] = report.summarise(result)
    return result
