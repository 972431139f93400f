"""Check the external links of the built site: `make check-external` (or `python scripts/check_external.py site`).

檢查建置後網站的外部連結並列出報告；不影響建置，一律以 0 結束（加 --strict 則有失效連結時以 1 結束）。
Reports each external http(s) link as working, broken (an HTTP error such as 404) or unreachable (the host
cannot be resolved or reached, or did not answer in time: e.g. no network), with the pages that use it.
It never fails the build: the exit status is 0 unless --strict is given and a link is broken.
Internal links are checked on every build by the kcgplans plugin (kcgplans/linkcheck.py).
"""
from __future__ import annotations

import argparse
import socket
import ssl
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from kcgplans.linkcheck import links_of  # noqa: E402

USER_AGENT = "kcgplans-link-check/1.0 (+https://github.com/)"


@dataclass(frozen=True)
class Result:
    url: str
    status: str        # ok, broken, unreachable
    detail: str


def external_links(site: Path, own_prefix: str = "") -> dict[str, list[str]]:
    """External http(s) URL -> the pages (site-relative) that link to it."""
    found: dict[str, list[str]] = defaultdict(list)
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        for link in links_of(page.read_text(encoding="utf-8", errors="replace")):
            if not link.lower().startswith(("http://", "https://")):
                continue
            if own_prefix and link.startswith(own_prefix):
                continue  # the site's own absolute URLs (canonical, hreflang): checked by the build
            url = link.split("#", 1)[0]
            if rel not in found[url]:
                found[url].append(rel)
    return dict(found)


def check(url: str, timeout: float) -> Result:
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Result(url, "ok", f"HTTP {response.status}")
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue  # some servers refuse HEAD: ask again with GET
            return Result(url, "broken", f"HTTP {exc.code} {exc.reason}")
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, socket.gaierror):
                return Result(url, "unreachable", f"無法解析主機 host not found ({reason.strerror})")
            if isinstance(reason, (TimeoutError, socket.timeout)):
                return Result(url, "unreachable", "逾時未回應 timed out")
            if isinstance(reason, ssl.SSLError):
                return Result(url, "broken", f"TLS 錯誤 TLS error ({reason})")
            if isinstance(reason, ConnectionRefusedError):
                return Result(url, "unreachable", "連線被拒 connection refused")
            return Result(url, "unreachable", f"無法連線 cannot connect ({reason})")
        except (TimeoutError, socket.timeout):
            return Result(url, "unreachable", "逾時未回應 timed out")
        except (OSError, ValueError) as exc:
            return Result(url, "unreachable", f"無法連線 cannot connect ({exc})")
    return Result(url, "broken", "HEAD 與 GET 皆被拒 refused")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check-external", description="檢查外部連結 / Check external links")
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site", help="建置後的網站 / the built site")
    parser.add_argument("--timeout", type=float, default=10.0, help="每個連結的秒數 / seconds per link")
    parser.add_argument("--jobs", type=int, default=8, help="同時檢查數 / links checked at once")
    parser.add_argument("--site-url", default="", help="網站本身的網址（略過）/ the site's own URL (skipped)")
    parser.add_argument("--strict", action="store_true", help="有失效連結時以 1 結束 / exit 1 on a broken link")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"找不到網站目錄 Site directory not found: {args.site}（請先執行 make site / run `make site` first）")
        return 2
    links = external_links(args.site, args.site_url)
    print(f"外部連結 {len(links)} 個，檢查中… Checking {len(links)} external link(s)…")
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda url: check(url, args.timeout), sorted(links)))
    counts = defaultdict(int)
    labels = {"ok": "正常 OK", "broken": "失效 BROKEN", "unreachable": "無法連線 UNREACHABLE"}
    for result in results:
        counts[result.status] += 1
        if result.status == "ok":
            print(f"  {labels['ok']}: {result.url} ({result.detail})")
            continue
        pages = links[result.url]
        print(f"  {labels[result.status]}: {result.url}\n      {result.detail}\n      "
              f"出現於 used on: {', '.join(pages[:5])}{' …' if len(pages) > 5 else ''}")
    print(f"結果 Summary: {counts['ok']} ok, {counts['broken']} broken, {counts['unreachable']} unreachable"
          + ("（無法連線者可能是本機沒有網路 unreachable hosts may only mean this machine has no network）"
             if counts["unreachable"] else ""))
    return 1 if args.strict and counts["broken"] else 0


if __name__ == "__main__":
    sys.exit(main())
