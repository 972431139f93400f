"""Downloads (ODT + PDF of every plan in both languages) and each page's QR code, for the MkDocs plugin.

The documents are written before the pages are rendered, because each page's download links name the file's
size (「下載 ODT 文件（18 KB）」). Generation is cached by content (exports.generate), so a build only writes
documents whose content changed.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from markupsafe import escape
from mkdocs.structure.files import Files

from ..exports.generate import generate, human_size
from .incremental import BuildState, CachedDocument
from ..exports.plans import plan_document
from ..exports.services import faq_document, sop_document
from ..exports.qr import qr_img, write_code
from ..model import Content
from ..model.types import HTML_LANG, LANGS
from ..views import i18n
from ..views.urls import page_url

log = logging.getLogger("mkdocs.plugins.kcgplans")

FORMATS = {
    ".odt": ("ODT", "application/vnd.oasis.opendocument.text", "可編輯"),
    ".pdf": ("PDF", "application/pdf", "不可編輯"),
}


def cache_root(project_root: Path, configured: str) -> Path:
    """Where generated documents and QR codes are cached; KCGPLANS_CACHE_DIR lets several checkouts (and the
    test suite's temporary projects) share one cache, which is safe because entries are keyed by content."""
    env = os.environ.get("KCGPLANS_CACHE_DIR")
    return Path(env) if env else project_root / configured


class Downloads:
    def __init__(self, content: Content, site_url: str, cache: Path, *, enabled: bool):
        self.content, self.site_url, self.cache, self.enabled = content, site_url.rstrip("/") + "/", cache, enabled
        self.links: dict[tuple[str, str, str], list[tuple[str, str, int]]] = {}  # (kind, key, lang) -> files
        self.files: dict[str, Path] = {}  # site-relative path -> staged file
        self.staging: Path | None = None
        self.report = None

    # Write (or reuse) every document; remember which page offers which file of which size
    def generate(self, processes: int | None = None) -> None:
        if not self.enabled:
            return
        self.cache.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix="staging-", dir=self.cache))
        jobs, where = [], []
        # (page kind, key, URL parts, file name, maker): plans, each agency's FAQ page, each SOP
        sources = [("plan", p.id, ("plans", p.id), p.id, plan_document, p) for p in self.content.sorted_plans()]
        sources += [("faq-agency", a, ("faq", a), f"faq-{a}", faq_document, a)
                    for a in sorted({e.agency for e in self.content.faqs.values()})]
        sources += [("sop", s, ("sop", s), f"sop-{s}", sop_document, s) for s in sorted(self.content.sops)]
        for kind, key, parts, stem, make, subject in sources:
            for lang in LANGS:
                url = page_url(lang, *parts)
                name = stem if lang == "zh" else f"{stem}-en"
                base = self.staging / url / name
                jobs.append((make(self.content, subject, lang, self.site_url + url), base))
                where.append(((kind, key, lang), url, name))
        self.report = generate(jobs, cache_dir=self.cache / "documents", processes=processes)
        log.info(f"documents: {self.report.generated} generated, {self.report.reused} reused")
        for key, url, name in where:
            entries = self.links.setdefault(key, [])
            for suffix in FORMATS:
                staged = self.staging / url / (name + suffix)
                self.files[url + name + suffix] = staged
                entries.append((suffix, name + suffix, self.report.sizes[staged]))

    # The download list shown at the top of a page, as page-relative links
    def extras(self, kind: str, key: str, lang: str, url: str) -> dict[str, str]:
        entries = self.links.get((kind, key, lang))
        if not entries:
            return {}
        _ = i18n.gettext(lang)
        items = []
        for suffix, name, size in entries:
            fmt, mime, editable = FORMATS[suffix]
            label = _("下載 %(fmt)s 文件（%(size)s）", fmt=fmt, size=human_size(size, HTML_LANG[lang]))
            items.append(f'<li><a href="{escape(name)}" type="{mime}" download>{escape(label)}</a>'
                         f'<span class="kcg-download__kind">{escape(_("（"))}{escape(_(editable))}{escape(_("）"))}</span></li>')
        return {"top": f'<section class="kcg-downloads" aria-labelledby="downloads"><h2 id="downloads">'
                       f'{escape(_("下載"))}</h2><ul>{"".join(items)}</ul></section>'}

    # Offer the staged documents as static files of the site
    def add_files(self, files: Files, config, state: BuildState) -> None:
        for uri, path in self.files.items():
            files.append(CachedDocument.generated(config, uri, abs_src_path=str(path), state=state))

    def cleanup(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


class QrCodes:
    """Each page's QR code (an <img> element, exports.qr.qr_img), cached on disk by address: segno takes
    milliseconds per code, which adds up over thousands of pages, and a page's address rarely changes."""

    # Fewer missing codes than this are made by the build itself: starting a worker costs about half a second
    PREFETCH_MIN = 200

    def __init__(self, cache: Path):
        self.cache = cache / "qr"
        self.cache.mkdir(parents=True, exist_ok=True)
        self.worker: subprocess.Popen | None = None  # making codes ahead of the build (prefetch)
        self._list: Path | None = None
        # (address, language) of codes known to be on disk: a rebuild of mkdocs serve, which keeps this object,
        # then need not hash and look up every page's file again to find nothing missing
        self._known: set[tuple[str, str]] = set()

    def _path(self, url: str, lang: str) -> Path:
        key = hashlib.sha256(f"{lang}\n{url}".encode()).hexdigest()[:32]
        return self.cache / f"{key}.img"

    def img(self, url: str, lang: str) -> str:
        path = self._path(url, lang)
        self._known.add((url, lang))
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            pass
        img = qr_img(url, lang=HTML_LANG[lang])
        write_code(path, img)
        return img

    def prefetch(self, pages: list[tuple[str, str]]) -> None:
        """Start making the codes of ``pages`` ((address, language), in the order the build will ask for them)
        that are not cached yet, in a worker process on the core MkDocs leaves idle: a cold build of 1,000 plans
        needs 3,458 codes, about 10 s of segno. The worker goes through the list from its end and the build from
        its start, so between them most codes are made once; img() uses what the worker has written."""
        missing = [(url, HTML_LANG[lang], str(path)) for url, lang in pages if (url, lang) not in self._known
                   and not (path := self._path(url, lang)).exists()]
        if len(missing) < self.PREFETCH_MIN or (os.cpu_count() or 1) < 2:
            return
        self._list = self.cache / f"prefetch.{os.getpid()}.json"
        self._list.write_text(json.dumps(missing[::-1], ensure_ascii=False), encoding="utf-8")
        # A plain `python -m` process, not multiprocessing: spawn would import the build's main script again
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path}
        self.worker = subprocess.Popen([sys.executable, "-m", "kcgplans.exports.qr", str(self._list)], env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def close(self, *, cancel: bool = False) -> None:
        """Wait for the worker (or stop it, after a failed build). What it did not make the build made itself,
        so a failed worker is only logged."""
        if self.worker is not None:
            if cancel:
                self.worker.kill()
            if self.worker.wait() != 0 and not cancel:
                log.debug(f"QR code worker exited with {self.worker.returncode}")
            self.worker = None
        if self._list is not None:
            self._list.unlink(missing_ok=True)
            self._list = None
