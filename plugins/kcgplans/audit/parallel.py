"""Spread pages over N headless browsers that share one work queue; a crashed browser is replaced."""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from selenium.webdriver.remote.webdriver import WebDriver

from .browser import browser_version, open_browser
from .model import PageResult
from .page_audit import FetchCache, PageAuditor
from .server import serve

# A browser that keeps dying is not going to get better; give up on it after this many restarts.
_MAX_RESTARTS = 3


@dataclass
class PoolResult:
    """Page results plus what the browsers told us about axe and themselves."""

    results: list[PageResult] = field(default_factory=list)
    axe_help: dict[str, dict[str, str]] = field(default_factory=dict)
    axe_rules: set[str] = field(default_factory=set)
    chromium: str = ""


class _BrowserDied(Exception):
    pass


def _alive(driver: WebDriver) -> bool:
    try:
        driver.execute_script("return 1")
        return True
    except Exception:  # noqa: BLE001 - any failure here means the session is gone
        return False


def _error_result(rel: str, sha: str, error: str) -> PageResult:
    return PageResult(path=rel, url="/" + rel, sha256=sha, error=error.splitlines()[0] if error else "error")


def audit_pages(site: Path, todo: list[tuple[str, str]], jobs: int, axe_dir: Path,
                progress: Callable[[str], None], base_path: str = "/",
                on_result: Callable[[PageResult], None] | None = None) -> PoolResult:
    """Audit ``todo`` (site-relative path, sha256) with up to ``jobs`` browsers; ``on_result`` sees each page's
    result as soon as it is there (the runner starts checking its documents)."""
    work: queue.Queue[tuple[str, str]] = queue.Queue()
    for item in todo:
        work.put(item)
    pool = PoolResult()
    lock = threading.Lock()
    failures: list[BaseException] = []

    def record(result: PageResult, auditor: PageAuditor | None) -> None:
        with lock:
            pool.results.append(result)
            if auditor is not None:
                pool.axe_help.update(auditor.axe.rule_help)
                pool.axe_rules.update(auditor.axe.rule_ids)
            progress(f"[{len(pool.results)}/{len(todo)}] {result.path}: {len(result.findings)} findings"
                     + (f" (error: {result.error})" if result.error else ""))
        if on_result is not None:
            on_result(result)

    def run_browser(base_url: str, fetch: FetchCache) -> None:
        with open_browser() as driver:
            with lock:
                pool.chromium = browser_version(driver)
            auditor = PageAuditor(driver, base_url, axe_dir, fetch)
            while True:
                try:
                    rel, sha = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    record(auditor.audit(rel, sha), auditor)
                except Exception as exc:
                    record(_error_result(rel, sha, f"page: {type(exc).__name__}: {exc}"), None)
                    if not _alive(driver):
                        raise _BrowserDied from exc

    def worker(base_url: str, fetch: FetchCache) -> None:
        for _ in range(_MAX_RESTARTS + 1):
            try:
                run_browser(base_url, fetch)
                return
            except _BrowserDied:
                continue
            except BaseException as exc:  # noqa: BLE001 - e.g. Chromium missing; surfaced after join
                with lock:
                    failures.append(exc)
                return

    with serve(site, base_path) as base_url:
        fetch = FetchCache(base_url)  # stylesheets for the font-size check, fetched once for all browsers
        threads = [threading.Thread(target=worker, args=(base_url, fetch), name=f"audit-browser-{index}")
                   for index in range(max(1, min(jobs, len(todo))))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    if failures and not pool.results:
        raise failures[0]
    done = {result.path for result in pool.results}
    reason = f"not audited: {type(failures[0]).__name__}: {failures[0]}" if failures else "not audited"
    for rel, sha in todo:
        if rel not in done:
            pool.results.append(_error_result(rel, sha, reason))
    return pool
