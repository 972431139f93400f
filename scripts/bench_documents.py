"""Benchmark of the downloads alone: `python scripts/bench_documents.py [--sizes 100 1000] [--profile 20]`.

Builds a synthetic corpus of N plans (scripts/bench_corpus.py), loads it as the MkDocs plugin does and writes every
document (ODT + PDF of each plan, FAQ page and SOP, both languages) cold into a fresh cache, through the plugin's
own Downloads.generate (so jobs, pool and cache are the real ones). Then it times a sample of documents in this
one process, writer by writer, and prints a cProfile of the PDF writer. Figures only: nothing asserts a time.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_corpus import make_project  # noqa: E402

# --plugins DIR measures another copy of the plugin (e.g. `git archive HEAD plugins | tar -x -C /tmp/base`):
# decided before kcgplans is imported, and inherited by the worker processes through sys.path.
_early = argparse.ArgumentParser(add_help=False)
_early.add_argument("--plugins", default=str(HERE.parent / "plugins"))
sys.path.insert(0, _early.parse_known_args()[0].plugins)

from kcgplans.mkdocs_plugin import downloads as downloads_module  # noqa: E402
from kcgplans.model import load_content  # noqa: E402


class TreeCPU:
    """CPU seconds (user + system) used by this process's descendants while running: the document workers are
    children of multiprocessing's fork server, not of this process, so os.times() cannot see them; /proc is
    sampled instead (twice a second; a worker lives for the whole pool, so at most half a second each is lost).
    Unlike wall time, this hardly changes when other work shares the machine."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")

    def _sample(self) -> None:
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                stats[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / self._tick)
        mine, frontier = set(), {os.getpid()}
        while frontier:  # descendants of this process
            frontier = {pid for pid, (parent, _) in stats.items() if parent in frontier} - mine
            mine |= frontier
        for pid in mine:
            self.seen[pid] = max(self.seen.get(pid, 0.0), stats[pid][1])

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self._sample()

    def __enter__(self) -> "TreeCPU":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


def run_size(n: int, work: Path, processes: int | None, profile: int) -> None:
    project = make_project(work / f"project-{n}", n, downloads=True)
    site_url = re.search(r"^site_url:\s*(\S+)", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)[1]
    start = time.perf_counter()
    content = load_content(project / "content")
    load_s = time.perf_counter() - start

    captured: list = []
    real_generate = downloads_module.generate

    def recording_generate(jobs, **kwargs):
        jobs = list(jobs)
        captured.extend(jobs)
        return real_generate(jobs, **kwargs)

    downloads_module.generate = recording_generate
    try:
        dl = downloads_module.Downloads(content, site_url, work / f"cache-{n}", enabled=True)
        own_cpu = time.process_time()
        start = time.perf_counter()
        with TreeCPU() as children:
            dl.generate(processes=processes)
        total = time.perf_counter() - start
        cpu = children.seconds + time.process_time() - own_cpu
    finally:
        downloads_module.generate = real_generate
    report = dl.report
    pdfs = sorted(size for path, size in report.sizes.items() if path.suffix == ".pdf")
    odts = sorted(size for path, size in report.sizes.items() if path.suffix == ".odt")
    workers = processes or os.cpu_count()
    print(f"\n== {n} plans: {len(captured)} documents ({report.generated} generated, {report.reused} reused), "
          f"{len(pdfs)} PDF + {len(odts)} ODT files")
    print(f"load content            {load_s:8.1f} s")
    pairs = max(report.generated, 1)
    print(f"generate, cold, {workers} proc   {total:8.1f} s wall ({total / pairs * 1000:.0f} ms per document pair)")
    print(f"CPU, all processes      {cpu:8.1f} s      ({cpu / pairs * 1000:.0f} ms per document pair; "
          f"{cpu / workers:.1f} s on {workers} idle cores)")
    print(f"PDF size mean / max / min  {sum(pdfs) / len(pdfs) / 1024:.0f} / {pdfs[-1] / 1024:.0f} / "
          f"{pdfs[0] / 1024:.0f} KB;  total {sum(pdfs) / 1024 ** 2:.1f} MB")
    print(f"ODT size mean / max        {sum(odts) / len(odts) / 1024:.0f} / {odts[-1] / 1024:.0f} KB")
    dl.cleanup()

    if profile:
        single_process(captured, profile)


def single_process(jobs: list, count: int) -> None:
    """Per-writer seconds on a spread sample of documents, in this process, then a cProfile of the PDF writer."""
    from kcgplans.exports.odt import odt_bytes
    from kcgplans.exports.pdf import pdf_bytes

    step = max(1, len(jobs) // count)
    sample = [doc for doc, _ in jobs[::step]][:count]
    pdf_bytes(sample[0])  # warm-up: imports, font configuration, caches
    odt_bytes(sample[0])
    timings = {}
    for name, write in (("odt", odt_bytes), ("pdf", pdf_bytes)):
        start = time.process_time()  # CPU time: steadier than wall time on a shared machine
        for doc in sample:
            write(doc)
        timings[name] = (time.process_time() - start) / len(sample)
    print(f"single process, {len(sample)} documents: {timings['pdf'] * 1000:.0f} ms CPU per PDF, "
          f"{timings['odt'] * 1000:.0f} ms CPU per ODT")
    _profile("PDF", pdf_bytes, sample, 25)
    _profile("ODT", odt_bytes, sample, 12)


def _profile(name: str, write, sample: list, top: int) -> None:
    """cProfile of one writer over the sample, its top functions by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for doc in sample:
        write(doc)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    print(f"cProfile of the {name} writer, top functions by own time:")
    print("\n".join(out.getvalue().splitlines()[:top + 20]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100])
    parser.add_argument("--processes", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--profile", type=int, default=20, help="documents to time in one process (0: none)")
    parser.add_argument("--plugins", help="folder holding the kcgplans package to measure (default: this checkout)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    import kcgplans
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}, measuring {Path(kcgplans.__file__).parent}")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            run_size(n, args.keep, args.processes, args.profile)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-documents-") as tmp:
            for n in args.sizes:
                run_size(n, Path(tmp), args.processes, args.profile)


if __name__ == "__main__":
    main()
