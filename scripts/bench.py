"""Benchmark: `python scripts/bench.py [--sizes 100 1000]` prints build speed, memory and output figures for a
synthetic corpus of N plans, each beside the same figure for plain MkDocs + Material + mkdocs-static-i18n
(the reference) measured in the same run. Figures only: nothing here asserts a time."""
from __future__ import annotations

import argparse
import math
import os
import platform
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_corpus import ROOT, make_project  # noqa: E402
from bench_reference import edit_reference_plan, make_reference  # noqa: E402


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB (of the child and its children) and stderr of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, err


def mkdocs(project: Path, site: Path, cache: Path) -> tuple[float, float, str]:
    return run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
               project, {"KCGPLANS_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1"})


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024 ** 2


def plan_page_kb(site: Path, pattern: str = "plans/*/index.html") -> tuple[float | None, float | None]:
    """Largest and mean plan page (KB) of both languages: English pages are the larger ones."""
    sizes = [p.stat().st_size / 1024 for p in [*site.glob(pattern), *site.glob("en/" + pattern)]]
    return (max(sizes), sum(sizes) / len(sizes)) if sizes else (None, None)


class ServeProcess:
    """scripts/serve_rebuilds.py: the builds `mkdocs serve --dirty` makes, in one process, without the server."""

    def __init__(self, project: Path, site: Path, env: dict[str, str]):
        self.proc = subprocess.Popen([sys.executable, str(HERE / "serve_rebuilds.py"), str(project), str(site)],
                                     cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True)
        self.first = self.answer()

    def answer(self) -> float:
        line = self.proc.stdout.readline().split()
        if not line or line[0] not in ("built", "unchanged"):
            raise SystemExit(f"serve rebuild failed: {' '.join(line)}")
        return float(line[1])

    def rebuild(self, limit: float | None = None, *, force: bool = False) -> float:
        """Seconds of one more build (``force``: MkDocs' build even where the builder would skip it); with
        ``limit``, inf when it has not finished by then (the process is stopped)."""
        self.proc.stdin.write("force\n" if force else "\n")
        self.proc.stdin.flush()
        if limit is not None and not select.select([self.proc.stdout], [], [], limit)[0]:
            self.proc.kill()
            self.proc.wait()
            return math.inf
        return self.answer()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=120)


def serve_rebuilds(project: Path, site: Path, cache: Path) -> dict[str, float]:
    """Seconds of `make serve` rebuilds: the first edit of a session; then, as later in a session, a save with
    nothing changed (the builder finds the same bytes and skips the build), the same build forced, an edit of one
    measure's text and an edit of a plan's title (which every list of plans shows). The later figures are
    medians of three (one rebuild on this VM varies by ±0.5 s)."""
    serving = ServeProcess(project, site, {"KCGPLANS_CACHE_DIR": str(cache)})
    edit_one_plan(project, "（修訂）")
    times = {"first edit": serving.rebuild()}
    samples: dict[str, list[float]] = {"nothing changed": [], "forced": [], "edit": [], "title edit": []}
    for round_ in range(3):
        samples["nothing changed"].append(serving.rebuild())
        samples["forced"].append(serving.rebuild(force=True))
        edit_one_measure(project, f"（再修訂{round_}）")
        samples["edit"].append(serving.rebuild())
        edit_one_plan(project, f"（再修訂{round_}）")
        samples["title edit"].append(serving.rebuild())
    serving.close()
    return {**times, **{label: statistics.median(values) for label, values in samples.items()}}


def reference_rebuilds(ref: Path, work: Path, limit: float) -> dict[str, float]:
    """The reference's `mkdocs serve --dirty` rebuilds, each in a server of its own: with mkdocs-static-i18n a
    long-running server's rebuilds grow slower each time (100 plans: 10.6 s, then 34.7 s), which would flatter
    the ratio. At 1,000 plans its first dirty rebuild had not finished after 25 minutes: each is stopped at
    ``limit`` seconds (twice its cold build) and shown as "stopped"."""
    times = {}
    for label, edit in (("nothing changed", None), ("edit", edit_reference_plan)):
        serving = ServeProcess(ref, work / "site-ref-serve", {})
        if edit is not None:
            edit(ref)
        times[label] = serving.rebuild(limit)
        serving.close()
    return times


def edited_plan(project: Path) -> Path:
    """The plan every rebuild figure edits: the first of the synthetic corpus."""
    return sorted((project / "content" / "plans").glob("agency-*.yaml"))[0]


def edit_one_plan(project: Path, mark: str = "（修訂）") -> None:
    """The plan's title: its first Chinese text."""
    plan = edited_plan(project)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("zh: ", "zh: " + mark, 1), encoding="utf-8")


def edit_one_measure(project: Path, mark: str) -> None:
    """The Chinese text of the plan's first measure."""
    plan = edited_plan(project)
    text = plan.read_text(encoding="utf-8")
    match = re.search(r"- id: m[\w-]+\n\s+text:\n\s+zh: \"?", text)
    plan.write_text(text[:match.end()] + mark + text[match.end():], encoding="utf-8")


def audit_rate(site: Path, pages: int) -> float | None:
    """Pages per second of the accessibility audit on a sample of the built site (both languages)."""
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file() or not Path("/usr/bin/chromium").exists():
        return None
    sample = Path(tempfile.mkdtemp(prefix="audit-sample-"))
    try:
        shutil.copytree(site, sample / "site", ignore=shutil.ignore_patterns("*.pdf", "*.odt"))
        keep = sorted(p for p in (sample / "site").rglob("index.html"))[:pages]
        for p in (sample / "site").rglob("index.html"):
            if p not in keep:
                p.unlink()
        start = time.perf_counter()
        # Timed whatever the exit code: findings make the audit exit 1, and the rate is what is measured here.
        subprocess.run([sys.executable, str(ROOT / "scripts" / "audit.py"), str(sample / "site"), "--jobs", "2",
                        "--quiet", "--report-dir", str(sample)], cwd=ROOT, capture_output=True)
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(sample, ignore_errors=True)
    return len(keep) / seconds if seconds else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--no-downloads", action="store_true", help="skip the builds with ODT/PDF")
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--audit-pages", type=int, default=40)
    args = parser.parse_args()
    print(f"machine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    for n in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"bench-{n}-"))
        try:
            rows = bench_size(n, work, args)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"\n## {n} plans × 2 languages")
        print(f"{'figure':48} {'kcgplans':>12} {'reference':>12} {'ratio':>7}")
        for label, ours, ref, unit in rows:
            ratio = f"{ours / ref:6.2f}×" if ours is not None and ref and math.isfinite(ref) else ""
            fmt = (lambda v: f"{'stopped':>12}" if v == math.inf else
                   f"{v:10.2f} {unit}" if v is not None and v < 1 else
                   f"{v:10.1f} {unit}" if v is not None else f"{'—':>12}")
            print(f"{label:48} {fmt(ours):>12} {fmt(ref):>12} {ratio:>7}")


def bench_size(n: int, work: Path, args) -> list:
    html = make_project(work / "html", n, downloads=False)
    cache = work / "cache-html"
    cold, peak, _ = mkdocs(html, work / "site-html", cache)
    again, _, _ = mkdocs(html, work / "site-html", cache)   # a new `mkdocs build`: disk caches only
    out = size_mb(work / "site-html")
    biggest, mean = plan_page_kb(work / "site-html")
    pages = sum(1 for _ in (work / "site-html").rglob("index.html"))
    serve = serve_rebuilds(html, work / "site-serve", cache)
    ref = {} if args.no_reference else reference_figures(n, work)
    rows = [("cold build, HTML only", cold, ref.get("cold"), "s"),
            ("peak memory, cold HTML build", peak, ref.get("peak"), "MB"),
            # the reference's own `mkdocs serve --dirty` rebuilds (it has no measure/title distinction)
            ("make serve: rebuild after editing a measure", serve["edit"], ref.get("edit"), "s"),
            ("make serve: rebuild with nothing changed", serve["nothing changed"], ref.get("nothing changed"), "s"),
            ("HTML pages written", pages, None, ""),
            ("output size (HTML only)", out, ref.get("out"), "MB"),
            ("plan page HTML (both languages), largest", biggest, ref.get("largest"), "KB"),
            ("plan page HTML (both languages), mean", mean, ref.get("mean"), "KB"),
            ("mkdocs build again, nothing changed", again, ref.get("cold"), "s"),
            ("make serve: first edit of a session", serve["first edit"], ref.get("edit"), "s"),
            ("make serve: nothing changed, build forced", serve["forced"], ref.get("nothing changed"), "s"),
            ("make serve: rebuild after editing a title", serve["title edit"], ref.get("edit"), "s")]
    if not args.no_downloads:
        full = make_project(work / "full", n, downloads=True)
        dl_cache = work / "cache-full"
        dl_cold, dl_peak, err = mkdocs(full, work / "site-full", dl_cache)
        dl_again, _, err2 = mkdocs(full, work / "site-full", dl_cache)
        regenerated = re.findall(r"documents: (\d+) generated, (\d+) reused", err2)
        rows += [("cold build with ODT+PDF downloads", dl_cold, None, "s"),
                 ("peak memory, cold build with downloads", dl_peak, None, "MB"),
                 ("rebuild with downloads, nothing changed", dl_again, None, "s"),
                 ("documents regenerated on that rebuild", float(regenerated[-1][0]) if regenerated else None, None, ""),
                 ("output size with downloads", size_mb(work / "site-full"), None, "MB")]
    rate = audit_rate(work / "site-html", args.audit_pages)
    rows += [("audit, pages per second (2 browsers)", rate, None, "p/s"),
             (f"full audit of {pages} pages (estimate)", pages / rate / 60 if rate else None, None, "min")]
    return rows


def reference_figures(n: int, work: Path) -> dict[str, float | None]:
    """The same plans built by plain MkDocs + Material + mkdocs-static-i18n, and its serve rebuilds."""
    ref = make_reference(work / "reference", n)
    cold, peak, _ = run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "site-ref")], ref,
                        {"NO_MKDOCS_2_WARNING": "1"})
    largest, mean = plan_page_kb(work / "site-ref", "plans/*/*/index.html")
    serve = reference_rebuilds(ref, work, limit=max(60.0, 2 * cold))
    return {"cold": cold, "peak": peak, "out": size_mb(work / "site-ref"), "largest": largest, "mean": mean,
            "edit": serve["edit"], "nothing changed": serve["nothing changed"]}


if __name__ == "__main__":
    main()
