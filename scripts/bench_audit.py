"""Benchmark of the accessibility audit: pages per second on a built site, and the time of a pull request's audit.

    python scripts/bench_audit.py SITE_DIR [--jobs 2] [--sample N]
    python scripts/bench_audit.py --changed PROJECT_DIR [--edit measure|title]

The first form audits SITE_DIR (or a random sample of N of its pages, both languages, in a copy that keeps
everything else) with ``scripts/audit.py`` and prints pages/s, the CPU seconds per page of the audit and its
browsers, how busy the whole machine was meanwhile (a shared machine slows everyone down), per-check mean
times and the estimate for 2,000 pages.

The second form measures what a pull request that edits one plan costs: it builds PROJECT_DIR (a folder with
mkdocs.yml and content/, e.g. one made by scripts/bench_corpus.py), records that build's page hashes as the
previous report (as main's last audit would have them), edits one plan (the text of its first measure, or its
title), builds again and times ``scripts/audit.py --changed`` end to end: Python start, browser start, the
changed pages of both languages and their documents.

It prints figures only and asserts nothing. Set KCGPLANS_CACHE_DIR to keep the build's document cache out of the
project.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from kcgplans.audit import AUDIT_VERSION
from kcgplans.audit.axe_runner import axe_version, find_axe_dir
from kcgplans.audit.pages import find_pages, sha256_file
from kcgplans.audit.report import SCHEMA_VERSION, write_json

TARGET_PAGES = 2000
SHOW_SLOWEST = 8


def _machine_busy() -> float:
    """CPU seconds all processes of the machine have used since boot (user + system, all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


class _TreeCpu:
    """CPU seconds of a process and all its descendants, sampled from /proc while it runs.

    getrusage(RUSAGE_CHILDREN) misses most of Chromium (its helpers are not reaped up the chain), so each live
    descendant's counters are read every ``interval`` seconds and the last reading of each process is kept.
    """

    def __init__(self, root: int, interval: float = 0.2) -> None:
        self.root, self.interval = root, interval
        self.last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _descendants(self) -> list[int]:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                parents[int(entry)] = int(stat[stat.rfind(")") + 2:].split()[1])
        tree, grown = {self.root}, True
        while grown:
            grown = False
            for pid, parent in parents.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grown = True
        return sorted(tree)

    def _loop(self) -> None:
        ticks = os.sysconf("SC_CLK_TCK")
        while not self._stop.is_set():
            for pid in self._descendants():
                try:
                    stat = Path(f"/proc/{pid}/stat").read_text()
                except OSError:
                    continue
                fields = stat[stat.rfind(")") + 2:].split()
                self.last[pid] = (int(fields[11]) + int(fields[12])) / ticks
            self._stop.wait(self.interval)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return sum(self.last.values())


def run_timed(command: list[str]) -> dict[str, Any]:
    """Run a command; its wall time, the CPU seconds of it and all its descendants, and the machine's."""
    busy, started = _machine_busy(), time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tree = _TreeCpu(process.pid)
    output, _ = process.communicate()
    cpu = tree.stop()
    wall = time.perf_counter() - started
    return {"wall": wall, "cpu": cpu, "machine": _machine_busy() - busy, "returncode": process.returncode,
            "output": output}


def sample_site(site: Path, count: int, seed: int, dest: Path) -> int:
    """Copy ``site`` into ``dest`` keeping ``count`` random pages (plus everything that is not a page)."""
    pages = find_pages(site)
    keep = set(random.Random(seed).sample(pages, min(count, len(pages))))

    def ignore(folder: str, names: list[str]) -> set[str]:
        rel = Path(folder).relative_to(site)
        return {name for name in names if name.endswith(".html") and (rel / name).as_posix() not in keep}

    shutil.copytree(site, dest, ignore=ignore)
    return len(keep)


def audit_rate(site: Path, jobs: int, sample: int | None, seed: int) -> dict[str, Any]:
    """Audit the site (or a sample) once and return the figures."""
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        target = site
        if sample:
            target = Path(tmp) / "site"
            sample_site(site, sample, seed, target)
        reports = Path(tmp) / "reports"
        timed = run_timed([sys.executable, str(ROOT / "scripts" / "audit.py"), str(target), "--jobs", str(jobs),
                           "--report-dir", str(reports), "--quiet"])
        try:
            report = json.loads((reports / "audit-report.json").read_text(encoding="utf-8"))
        except OSError:
            raise SystemExit(f"the audit wrote no report (exit {timed['returncode']}):\n{timed['output']}") from None
    pages = len(report["run"]["pages_audited"])
    timings: dict[str, list[float]] = {}
    for record in report["pages"].values():
        for name, seconds in record.get("timings", {}).items():
            timings.setdefault(name, []).append(seconds)
    return {
        "pages": pages, "jobs": jobs, "wall": timed["wall"], "cpu": timed["cpu"], "machine": timed["machine"],
        "audit_seconds": report["run"]["seconds"], "errors": report["summary"]["errors"],
        "violations": report["summary"]["violations"],
        "timings": {name: statistics.mean(values) for name, values in timings.items()},
    }


def print_rate(figures: dict[str, Any]) -> None:
    pages, wall, cpu = figures["pages"], figures["wall"], figures["cpu"]
    rate = pages / figures["audit_seconds"] if figures["audit_seconds"] else 0.0
    others = max(0.0, figures["machine"] - cpu)
    print(f"pages audited            {pages} with {figures['jobs']} browser(s); errors {figures['errors']}, "
          f"violations {figures['violations']}")
    print(f"pages per second         {rate:.2f} (audit loop {figures['audit_seconds']:.1f} s; whole command "
          f"{wall:.1f} s incl. start, documents and reports)")
    print(f"CPU per page             {cpu / pages:.3f} s (audit + browsers); other processes used "
          f"{others / wall:.2f} of the machine's {os.cpu_count()} cores meanwhile")
    cores = os.cpu_count() or 1
    print(f"{TARGET_PAGES:,} pages, estimate   {TARGET_PAGES / rate / 60:.1f} min at this rate; "
          f"{TARGET_PAGES * cpu / pages / cores / 60:.1f} min if the audit had all {cores} cores (CPU-bound)")
    print("mean seconds per page    " + ", ".join(f"{name} {seconds:.3f}"
                                                  for name, seconds in figures["timings"].items()))


def _build(project: Path, dest: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(dest)], cwd=project, env=env,
                   check=True)


def edit_plan(project: Path, what: str) -> Path:
    """Change one plan of the project the way a pull request would: its first measure's text, or its title."""
    import yaml

    plans = sorted((project / "content" / "plans").glob("*.yaml"))
    if not plans:
        raise SystemExit(f"no plans in {project / 'content' / 'plans'}")
    path = plans[len(plans) // 2]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if what == "title":
        target = data["title"]
    else:
        target = data["content"]["areas"][0]["focus_points"][0]["measures"][0]["text"]
    target["zh"] += "（已修訂）"
    target["en"] += " (revised)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    return path


def primed_report(site: Path, reports: Path) -> None:
    """A previous report that knows every page's hash (as main's last full audit would), without auditing."""
    axe_dir = find_axe_dir(ROOT)
    pages = {rel: {"url": "/" + rel, "sha256": sha256_file(site / rel), "lang": "", "title": "", "audited_at": "",
                   "seconds": 0.0, "timings": {}, "error": None, "downloads": [], "findings": [],
                   "needs_review": []} for rel in find_pages(site)}
    write_json({"schema": SCHEMA_VERSION, "tools": {"kcgplans-audit": AUDIT_VERSION, "axe-core": axe_version(axe_dir)},
                "run": {"axe_rules": []}, "pages": pages, "documents": {}}, reports)


def changed_audit(project: Path, what: str, jobs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-audit-changed-") as tmp:
        work = Path(tmp) / "project"
        shutil.copytree(project, work, symlinks=True, ignore=shutil.ignore_patterns(
            "site", ".cache", ".build", "reports", ".git", ".venv", "node_modules"))
        before, after, reports = Path(tmp) / "before", Path(tmp) / "after", Path(tmp) / "reports"
        _build(work, before)
        primed_report(before, reports)
        edited = edit_plan(work, what)
        _build(work, after)
        timed = run_timed([sys.executable, str(ROOT / "scripts" / "audit.py"), str(after), "--changed",
                           "--jobs", str(jobs), "--report-dir", str(reports), "--quiet"])
        report = json.loads((reports / "audit-report.json").read_text(encoding="utf-8"))
    audited = report["run"]["pages_audited"]
    documents = [d for d, record in report["documents"].items() if record.get("checked_at") == report["generated"]]
    print(f"edited                   {edited.name} ({what}); {len(audited)} of {report['summary']['pages_total']} "
          f"pages changed, {len(documents)} document(s) checked")
    slowest = sorted(audited, key=lambda page: -report["pages"][page]["seconds"])
    for page in slowest[:SHOW_SLOWEST]:
        record = report["pages"][page]
        detail = ", ".join(f"{name} {seconds:.2f}" for name, seconds in record["timings"].items())
        print(f"  {record['seconds']:6.2f} s  {page} ({detail})")
    if len(slowest) > SHOW_SLOWEST:
        print(f"  … and {len(slowest) - SHOW_SLOWEST} more")
    print(f"changed-pages audit      {timed['wall']:.1f} s end to end (audit loop {report['run']['seconds']} s, "
          f"exit {timed['returncode']}); CPU {timed['cpu']:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, nargs="?", help="a built site to audit")
    parser.add_argument("--jobs", type=int, nargs="+", default=[2], help="browsers (several values: one run each)")
    parser.add_argument("--sample", type=int, default=None, metavar="N", help="audit N random pages of the site")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--changed", type=Path, default=None, metavar="PROJECT",
                        help="measure a one-plan pull request's --changed audit on this project")
    parser.add_argument("--edit", choices=("measure", "title"), default="measure")
    args = parser.parse_args(argv)
    if args.site is None and args.changed is None:
        parser.error("give a site to audit, or --changed PROJECT")
    if args.site is not None:
        if not args.site.is_dir():
            parser.error(f"not a folder: {args.site}")
        for jobs in args.jobs:
            print_rate(audit_rate(args.site.resolve(), jobs, args.sample, args.seed))
    if args.changed is not None:
        if not (args.changed / "mkdocs.yml").is_file():
            parser.error(f"not a project (no mkdocs.yml): {args.changed}")
        changed_audit(args.changed.resolve(), args.edit, args.jobs[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
