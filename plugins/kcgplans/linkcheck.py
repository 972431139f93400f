"""Internal link check of the written site: every href/src of every HTML page must reach a file of the site,
and a #fragment must be an id (or <a name>) in its target. Runs at the end of each build (the plugin's
on_post_build); a broken link fails the build with the page and the link named.

Fast by design (2,000 pages in a few seconds): regular expressions over the output instead of an HTML parser,
every target's ids read once, and a large site's pages shared with a second process (the build leaves the other
core idle by then). External links (http://other-host/…, mailto:, tel:) are not checked here:
scripts/check_external.py does that, without failing the build.
"""
from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
import subprocess
import sys
from dataclasses import astuple, dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.exceptions import PluginError

SCRIPT = re.compile(r"(<script\b[^>]*>).*?(</script>)", re.S | re.I)
COMMENT = re.compile(r"<!--.*?-->", re.S)
# href/src of the tags that load or lead to something. Each pattern starts with a literal character, which
# keeps Python's regex engine fast on large pages.
LINK = re.compile(r"""<(?:a|area|link|img|script|iframe|source|audio|video|track|embed)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""",
                  re.I)
ID_ATTRS = (re.compile(r'id="([^"]*)"'), re.compile(r'name="([^"]*)"'), re.compile(r"id='([^']*)'"))
SPACE = " \t\n\r"
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
log = logging.getLogger("mkdocs.plugins.kcgplans")


def _strip(text: str) -> str:
    """Drop script bodies and comments: what they contain is not markup."""
    if "<!--" in text:
        text = COMMENT.sub("", text)
    return SCRIPT.sub(r"\1\2", text)


def links_of(text: str, *, stripped: bool = False) -> list[str]:
    """The href/src values of the link-bearing tags of an HTML page (entities decoded)."""
    return [html.unescape(dq or sq).strip() for dq, sq in LINK.findall(text if stripped else _strip(text))]


def ids_of(text: str, *, stripped: bool = False) -> set[str]:
    """Every id (and <a name>) of a page."""
    text = text if stripped else _strip(text)
    found = set()
    for pattern in ID_ATTRS:
        for match in pattern.finditer(text):
            if text[match.start() - 1] in SPACE:
                found.add(html.unescape(match.group(1)))
    return found


@dataclass(frozen=True)
class BrokenLink:
    page: str      # site-relative path of the page, e.g. plans/x/index.html
    link: str      # the href as written
    reason_zh: str
    reason_en: str

    def format(self) -> str:
        return f"  {self.page}: {self.link}\n      {self.reason_zh} / {self.reason_en}"


class LinkChecker:
    """Checks the pages of one written site. Paths are handled as site-relative POSIX strings and the site's
    files listed once, so a check is a few dictionary look-ups."""

    def __init__(self, site_dir: Path, site_url: str | None = None):
        self.site = Path(site_dir).resolve()
        self.site_url = site_url
        parts = urlsplit(site_url or "")
        self.site_origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        self.base_path = (parts.path or "/").rstrip("/") + "/"
        self.files: set[str] = set()
        self.dirs: set[str] = {""}
        for dirpath, dirnames, names in os.walk(self.site):
            rel = os.path.relpath(dirpath, self.site).replace(os.sep, "/")
            rel = "" if rel == "." else rel + "/"
            self.dirs.update(rel + d for d in dirnames)
            self.files.update(rel + n for n in names)
        self._ids: dict[str, set[str]] = {}
        # Pages whose ids a check looked up (IncrementalCheck: who must be checked again when they change).
        self.consulted: set[str] | None = None
        self._targets: dict[tuple[str, str], tuple[str | None, tuple[str, str] | None]] = {}

    def stripped_text(self, rel: str) -> str:
        """A page of the site without its scripts' bodies and comments."""
        return _strip((self.site / rel).read_text(encoding="utf-8", errors="replace"))

    def ids(self, rel: str, text: str | None = None) -> set[str]:
        if self.consulted is not None:
            self.consulted.add(rel)
        found = self._ids.get(rel)
        if found is None:
            if text is None:
                text = (self.site / rel).read_text(encoding="utf-8", errors="replace")
            found = self._ids[rel] = ids_of(text)
        return found

    def check_page(self, rel_page: str, text: str, *, stripped: bool = False) -> list[BrokenLink]:
        text = text if stripped else _strip(text)
        if rel_page not in self._ids:
            self._ids[rel_page] = ids_of(text, stripped=True)
        broken = []
        for link in links_of(text, stripped=True):
            problem = self.check_link(rel_page, text, link)
            if problem:
                broken.append(BrokenLink(rel_page, link, *problem))
        return broken

    def target(self, page_dir: str, path_part: str) -> tuple[str | None, tuple[str, str] | None]:
        """The site-relative file a link's path leads to from a page in ``page_dir``, or the problem."""
        key = (page_dir, path_part)
        cached = self._targets.get(key)
        if cached is None:
            cached = self._targets[key] = self._resolve(page_dir, path_part)
        return cached

    def _resolve(self, page_dir: str, path_part: str):
        path = unquote(path_part)
        if path.startswith("/"):
            absolute = path + "/" if path + "/" == self.base_path else path
            if not absolute.startswith(self.base_path):
                return None, ("連結指向網站以外的路徑", "the link leaves the site's base path")
            rel = absolute[len(self.base_path):]
        else:
            rel = posixpath.join(page_dir, path)
        trailing = rel.endswith("/")
        rel = posixpath.normpath(rel) if rel else "."
        if rel == ".." or rel.startswith("../"):
            return None, ("連結指向網站目錄以外", "the link points outside the site")
        rel = "" if rel == "." else rel
        if trailing or rel in self.dirs:
            rel = (rel + "/" if rel else "") + "index.html"
        if rel not in self.files:
            return None, (f"找不到檔案 {rel}", f"no such file {rel}")
        return rel, None

    def check_link(self, rel_page: str, text: str, link: str) -> tuple[str, str] | None:
        if not link or link.startswith("//"):
            return None
        if SCHEME.match(link):
            if not (self.site_origin and link.startswith(self.site_origin + "/")):
                return None  # mailto:, tel:, javascript:, data:, other hosts: not ours to check here
            link = link[len(self.site_origin):]
        path_part, _, fragment = link.partition("#")
        path_part = path_part.split("?", 1)[0]
        if path_part:
            target, problem = self.target(rel_page.rpartition("/")[0], path_part)
            if problem:
                return problem
        else:
            target = rel_page
        if fragment and target.endswith(".html"):
            anchor = unquote(fragment)
            ids = self.ids(target, text if target == rel_page else None)
            if anchor not in ids and fragment not in ids:
                return (f"目標頁沒有 id=\"{anchor}\" 的元素", f"the target has no element with id \"{anchor}\"")
        return None

    # Sites of this many pages or more have every other page checked by a helper process (python -m
    # kcgplans.linkcheck): starting it costs about 0.2 s, a 1,000-plan site's check about 5 s
    HELPER_MIN = 400

    def check_site(self) -> tuple[int, list[BrokenLink]]:
        pages = sorted(f for f in self.files if f.endswith(".html"))
        mine, theirs, helper = pages, [], None
        if len(pages) >= self.HELPER_MIN and (os.cpu_count() or 1) > 1:
            mine, theirs = halves(pages)
            helper = self._start_helper(theirs)
        broken = self.check_pages(mine)
        if helper is not None:
            broken += self._helper_result(helper, theirs)
        broken.sort(key=lambda b: (b.page, b.link))
        return len(pages), broken

    def check_pages(self, pages: list[str]) -> list[BrokenLink]:
        broken: list[BrokenLink] = []
        for rel in pages:
            broken.extend(self.check_page(rel, (self.site / rel).read_text(encoding="utf-8", errors="replace")))
        return broken

    def _start_helper(self, pages: list[str]) -> subprocess.Popen:
        # A plain `python -m` process, not a fork: the build's process is large, and may have threads
        package_root = str(Path(__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        helper = subprocess.Popen([sys.executable, "-m", "kcgplans.linkcheck"], env=env, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            helper.stdin.write(json.dumps({"site": str(self.site), "site_url": self.site_url, "pages": pages}).encode())
            helper.stdin.close()
        except OSError:  # it died at once: _helper_result finds it failed
            pass
        return helper

    def _helper_result(self, helper: subprocess.Popen, pages: list[str]) -> list[BrokenLink]:
        """The helper's findings; if it failed, its pages are checked here (the check never depends on it)."""
        out = helper.stdout.read()
        helper.stdout.close()
        if helper.wait() == 0:
            try:
                return [BrokenLink(*found) for found in json.loads(out)]
            except (ValueError, TypeError):
                pass
        log.debug(f"link check helper exited with {helper.returncode}; checking its pages here")
        return self.check_pages(pages)


def halves(pages: list[str]) -> tuple[list[str], list[str]]:
    """Two halves of a site's pages for two processes. Whole top-level folders where that balances (within a
    fifth): pages link mostly within their folder, most of all within their language (en/), and each process
    reads the ids of the pages its links point into. Otherwise every other page."""
    groups: dict[str, list[str]] = {}
    for page in pages:
        groups.setdefault(page.partition("/")[0] if "/" in page else "", []).append(page)
    first: list[str] = []
    second: list[str] = []
    for group in sorted(groups.values(), key=len, reverse=True):
        (first if len(first) <= len(second) else second).extend(group)
    if abs(len(first) - len(second)) <= len(pages) / 5:
        return sorted(first), sorted(second)
    return pages[::2], pages[1::2]


def check_site(site_dir: Path, site_url: str | None = None) -> list[BrokenLink]:
    return LinkChecker(site_dir, site_url).check_site()[1]


class IncrementalCheck:
    """The link check of a site that is rebuilt in place (`mkdocs serve --dirty`), kept between builds.

    While the site's set of files stays the same, a link's path resolves the same way, so only two kinds of
    page can change their result: pages written again, and pages with a #fragment link into a page whose ids
    changed. Any file added or removed checks everything again.
    """

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._stamps: dict[str, tuple[int, int]] = {}
        self._ids: dict[str, set[str]] = {}
        self._results: dict[str, tuple[list[BrokenLink], set[str]]] = {}
        self._targets: dict = {}  # LinkChecker.target's answers, valid while the site's files stay the same
        self.checked = 0

    def run(self, site_dir: Path, site_url: str | None = None) -> list[BrokenLink]:
        checker = LinkChecker(site_dir, site_url)
        pages = sorted(f for f in checker.files if f.endswith(".html"))
        stamps = {}
        for rel in pages:
            stat = os.stat(checker.site / rel)
            stamps[rel] = (stat.st_mtime_ns, stat.st_size)
        key = (str(checker.site), site_url, frozenset(checker.files))
        changed = {rel for rel in pages if stamps[rel] != self._stamps.get(rel)}
        texts = {rel: checker.stripped_text(rel) for rel in changed}
        new_ids = {rel: ids_of(text, stripped=True) for rel, text in texts.items()}
        if key != self._key:
            self._results, self._ids, self._targets = {}, {}, {}
            todo = set(pages)
        else:
            moved = {rel for rel in changed if new_ids[rel] != self._ids.get(rel)}
            todo = changed | {rel for rel, (_, targets) in self._results.items() if targets & moved}
        self._ids.update(new_ids)
        checker._ids = {rel: self._ids[rel] for rel in pages if rel in self._ids}  # known ids: no re-reading
        checker._targets = self._targets
        for rel in sorted(todo):
            checker.consulted = set()
            broken = checker.check_page(rel, texts.get(rel) or checker.stripped_text(rel), stripped=True)
            self._results[rel] = (broken, checker.consulted - {rel})
        self.checked = len(todo)
        self._key, self._stamps = key, stamps
        return sorted((b for rel in pages for b in self._results[rel][0]), key=lambda b: (b.page, b.link))


def report(broken: list[BrokenLink], limit: int = 50) -> str:
    lines = [f"內部連結失效 {len(broken)} 處，請修正後重新建置。 {len(broken)} broken internal link(s):"]
    lines += [b.format() for b in broken[:limit]]
    if len(broken) > limit:
        lines.append(f"  …及另外 {len(broken) - limit} 處 and {len(broken) - limit} more")
    return "\n".join(lines)


def check_or_raise(site_dir: Path, site_url: str | None = None, incremental: IncrementalCheck | None = None) -> None:
    broken = incremental.run(site_dir, site_url) if incremental is not None else check_site(site_dir, site_url)
    if broken:
        raise PluginError("\n" + report(broken))


if __name__ == "__main__":
    # python -m kcgplans.linkcheck: the helper of LinkChecker.check_site. Reads {"site", "site_url", "pages"} as
    # JSON on stdin, writes the broken links of those pages as JSON on stdout.
    job = json.load(sys.stdin)
    found = LinkChecker(Path(job["site"]), job["site_url"]).check_pages(job["pages"])
    json.dump([astuple(b) for b in found], sys.stdout)  # ASCII: whatever the locale's encoding
