"""Search entries for the generated pages, made without Material's per-page HTML parser.

Material's search plugin parses every page with Python's html.parser and segments Chinese with jieba's HMM:
over half of a large build. Generated pages are skipped by it (meta search.exclude) and indexed here instead:
lxml splits a body into its h2/h3 sections, jieba segments Chinese without the HMM (unknown words fall apart
into characters, which still match), and segmentations are cached on disk by text, so a rebuild only
segments what changed. Entries have Material's shape, so its search UI reads them unchanged.

Each language gets its own index (search/ and en/search/), written in one go from per-page JSON fragments that
``EntryCache`` keeps between the rebuilds of ``mkdocs serve``: an edit re-indexes only the pages it changed.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from lxml import html as lxml_html

from ..overwrite import joined, overwrite
from ..views import SitePage

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Parts of a page body that are navigation or metadata, not content to find.
SKIP = "nav|section[@class='kcg-downloads']|figure"


class Segmenter:
    """Chinese word segmentation with a persistent cache: {sha1 of a text run: segmented run}."""

    def __init__(self, cache_dir: Path, user_dict: Path | None):
        self.file = cache_dir / "search-segments.json"
        try:
            self.cache: dict[str, str] = json.loads(self.file.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self.cache = {}
        self.used: dict[str, str] = {}
        self.new = 0
        self.user_dict = user_dict
        self._jieba = None

    def load(self):
        """jieba with its dictionary and ours loaded (done when something is not in the cache, or ahead of time
        by `mkdocs serve`, so that an editor's first save does not wait for it)."""
        if self._jieba is None:
            import jieba
            jieba.setLogLevel(60)
            jieba.initialize()
            if self.user_dict and self.user_dict.is_file():
                jieba.load_userdict(str(self.user_dict))
            self._jieba = jieba
        return self._jieba

    def _cut(self, run: str) -> str:
        key = hashlib.sha1(run.encode()).hexdigest()[:20]
        seg = self.cache.get(key)
        if seg is None:
            seg = "\u200b".join(self.load().cut(run, HMM=False))
            self.cache[key] = seg
            self.new += 1
        self.used[key] = seg
        return seg

    def __call__(self, text: str) -> str:
        return CJK.sub(lambda m: self._cut(m.group(0)), text)

    def merge(self, used: dict[str, str], new: int) -> None:
        """Take in the segmentations another process made for this build (render_ahead.RenderAhead)."""
        self.cache.update(used)
        self.used.update(used)
        self.new += new

    def save(self, *, keep_all: bool = False) -> None:
        """Keep what this build used (so the cache does not grow with every edit ever made). Nothing is written
        when every run came from the cache. ``keep_all``: a rebuild that reused pages' entries (EntryCache) did
        not look up those pages' runs, so everything known is kept."""
        if not self.new:
            return
        self.new = 0
        if keep_all:
            self.used = dict(self.cache)
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.used, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.file)


def entries(page: SitePage, segment: Segmenter) -> list[dict]:
    """The page as search entries: the page itself (title and lead text), then one entry per h2/h3 section."""
    root = lxml_html.fragment_fromstring(page.body, create_parent="div")
    for skipped in root.xpath(SKIP):
        skipped.getparent().remove(skipped)
    out: list[dict] = []
    current = {"location": page.url, "title": page.title, "parts": []}
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments, processing instructions
            continue
        if el.tag in ("h2", "h3") and el.get("id"):
            out.append(current)
            current = {"location": f"{page.url}#{el.get('id')}", "title": el.text_content().strip(), "parts": []}
        elif el.tag in ("h1", "h2", "h3"):
            continue
        elif el.text and el.text.strip():
            current["parts"].append(el.text.strip())
        if el.tail and el.tail.strip() and el is not root:
            current["parts"].append(el.tail.strip())
    out.append(current)
    docs = []
    for entry in out:
        text = " ".join(entry.pop("parts"))
        if entry["location"] != page.url and not text:
            continue
        docs.append({"location": entry["location"], "title": segment(entry["title"]), "text": segment(text)})
    return docs


class EntryCache:
    """Each page's search entries as UTF-8 JSON, by a digest of its address, title and body."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, bytes]] = {}
        self.made = 0

    def fragment(self, page: SitePage, segment: Segmenter, strip: str) -> bytes:
        """The page's entries as a JSON array body (no brackets, UTF-8), locations without the ``strip`` prefix.
        Kept encoded: the index file is written from these pieces as they are (tens of MB at 1,000 plans).
        A lazy page whose body was released after it was written (SitePage.release) gets what was made then."""
        hit = self._pages.get(page.url)
        if page.body is None and page.render is not None:
            if hit is not None:
                return hit[1]
            page.ensure()
        key = self.key(page, strip)
        if hit is not None and hit[0] == key:
            return hit[1]
        text = encode_entries(page, segment, strip)
        self._pages[page.url] = (key, text)
        self.made += 1
        return text

    @staticmethod
    def key(page: SitePage, strip: str) -> str:
        """What a page's entries are made from. A page rendered through the render cache has a fingerprint of
        its body's inputs: hashing that is cheaper than hashing the body (thousands of pages a rebuild, most of
        them unchanged)."""
        body_key = f"inputs {page.fingerprint}" if page.fingerprint else page.body
        return hashlib.sha1(f"{strip}\0{page.url}\0{page.title}\0{body_key}".encode()).hexdigest()

    def made_for(self, url: str) -> tuple[str, bytes] | None:
        """The (key, entries) made for the page at ``url``, if any."""
        return self._pages.get(url)

    def store(self, url: str, key: str, text: bytes) -> None:
        """Entries made elsewhere (render_ahead.RenderAhead) for the page at ``url``, by ``key`` and
        ``encode_entries``."""
        self._pages[url] = (key, text)


def encode_entries(page: SitePage, segment: Segmenter, strip: str) -> bytes:
    """The page's entries as a JSON array body (no brackets, UTF-8), locations without the ``strip`` prefix."""
    docs = entries(page, segment)
    for doc in docs:
        if strip and doc["location"].startswith(strip):
            doc["location"] = doc["location"][len(strip):]
    return ",".join(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) for doc in docs).encode("utf-8")


def write_indexes(site: Path, index: dict, pages: list[SitePage], cache: EntryCache, segment: Segmenter, *,
                  split: bool) -> None:
    """Material's index (its config) with the pages' entries; with ``split``, Chinese in search/ and English in
    en/search/ (locations relative to en/, matching the search base the theme sets on English pages)."""
    if not split:
        _write(site / "search" / "search_index.json", index["config"],
               [cache.fragment(p, segment, "") for p in pages], index["docs"])
        return
    zh = [p for p in pages if not p.url.startswith("en/")]
    en = [p for p in pages if p.url.startswith("en/")]
    zh_docs = [d for d in index["docs"] if not d["location"].startswith("en/")]
    en_docs = [dict(d, location=d["location"][3:]) for d in index["docs"] if d["location"].startswith("en/")]
    _write(site / "search" / "search_index.json", index["config"],
           [cache.fragment(p, segment, "") for p in zh], zh_docs)
    _write(site / "en" / "search" / "search_index.json", dict(index["config"], pipeline=["stopWordFilter", "stemmer"]),
           [cache.fragment(p, segment, "en/") for p in en], en_docs)


def _write(path: Path, config: dict, fragments: list[bytes], docs: list[dict]) -> None:
    head = (b'{"config":' + json.dumps(config, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            + b',"docs":[')
    parts = [json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode("utf-8") for d in docs]
    parts += [f for f in fragments if f]
    overwrite(path, [head, *joined(parts, b","), b"]}"])  # piece by piece: never one string in memory
