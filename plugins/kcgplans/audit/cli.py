"""``python scripts/audit.py SITE_DIR [--changed] [--jobs N] [--report-dir DIR]``: exit 1 on any violation."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .codes import display_code
from .report import read_json, write_json
from .report_html import write_html
from .runner import AuditOptions, audit_site


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="audit",
        description="網站無障礙檢測（115.11 / WCAG 2.2 AA）/ Accessibility audit of the built site")
    parser.add_argument("site", type=Path, help="建置後的網站目錄 / the built site directory (e.g. site/)")
    parser.add_argument("--changed", action="store_true",
                        help="只檢測 HTML 與上次報告不同的頁面 / audit only pages whose HTML changed since the "
                             "last report")
    parser.add_argument("--jobs", type=int, default=2, metavar="N",
                        help="同時使用的瀏覽器數（預設 2）/ parallel browsers (default 2)")
    parser.add_argument("--report-dir", type=Path, default=Path("."), metavar="DIR",
                        help="報告輸出目錄（預設目前目錄）/ where audit-report.json/.html go (default: cwd)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="略過符合的頁面路徑，可重複 / skip pages matching this glob (repeatable)")
    parser.add_argument("--base-path", default=None, metavar="PATH",
                        help="網站發布路徑，預設讀 sitemap.xml / URL path the site is served under, e.g. "
                             "/service-plans/ (default: read from sitemap.xml)")
    parser.add_argument("--axe-dir", type=Path, default=None,
                        help="node_modules/axe-core 的位置 / where axe-core is installed")
    parser.add_argument("--quiet", action="store_true", help="不顯示逐頁進度 / no per-page progress")
    return parser


def _normalise_base(path: str | None) -> str | None:
    if path is None:
        return None
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def main(argv: list[str] | None = None) -> int:
    """Run the audit, write both reports, print the speed and a summary; 0 only when nothing failed."""
    args = _parser().parse_args(argv)
    if not args.site.is_dir():
        print(f"找不到網站目錄 Site directory not found: {args.site}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("--jobs 至少為 1 / --jobs must be at least 1", file=sys.stderr)
        return 2
    options = AuditOptions(
        jobs=args.jobs, changed_only=args.changed, exclude=tuple(args.exclude), axe_dir=args.axe_dir,
        base_path=_normalise_base(args.base_path),
        progress=(lambda message: None) if args.quiet else (lambda message: print(message, flush=True)))
    previous = read_json(args.report_dir) if args.changed else None
    try:
        report = audit_site(args.site, options, previous)
    except FileNotFoundError as exc:  # axe-core not installed, Chromium/driver missing
        print(f"無法執行檢測 Cannot run the audit: {exc}", file=sys.stderr)
        return 2
    json_path = write_json(report, args.report_dir)
    html_path = write_html(report, args.report_dir)

    run, s = report["run"], report["summary"]
    print(f"檢測 Audited {len(run['pages_audited'])} of {s['pages_total']} pages in {run['seconds']} s: "
          f"{run['pages_per_second']} pages/s with {run['jobs']} browser(s)")
    print(f"問題 Violations: {s['violations']} (pages {s['pages_with_violations']}/{s['pages_total']}, "
          f"documents {s['documents_with_violations']}/{s['documents_total']}); "
          f"needs review {s['needs_review']}; errors {s['errors']}")
    for code, entry in s["by_code"].items():
        extra = f" (110.07 {display_code(entry['code_110'])})" if entry["code_110"] != entry["code_115"] else ""
        print(f"  {code}{extra}: {entry['count']} on {entry['pages']} page(s) — {', '.join(entry['checks'])}")
    print(f"報告 Reports: {json_path} {html_path}")
    return 1 if s["violations"] or s["errors"] else 0
