"""Serve the built site on 127.0.0.1 so the browser sees it exactly as a web server would deliver it.

Two things make the audit fast without changing what a page shows:

* HTTP/1.1 keep-alive and ``Cache-Control: max-age``: the site does not change while it is audited, so
  Chromium takes the shared stylesheets, scripts and fonts from its cache instead of asking again (and
  revalidating) on every page.
* Background data that no check reads is answered small (``BACKGROUND_STUBS``). Material fetches the whole
  search index (``search/search_index.json``, 24 MB a language at 1,000 plans) and ``sitemap.xml`` on every
  page load, after the page has rendered: the index is handed to a web worker that builds a lunr index from
  it, the sitemap maps language-switch clicks to the twin page. On a large site that was most of a page
  load's CPU. This site's pages no longer ask for either when they load (theme/assets/javascripts/
  search-on-demand.js waits for the visitor to open the search); the stubs keep an audit of a site built
  without that script (an older build, another theme) just as fast. The audit serves the index with its own
  ``config`` and no documents (the search box initialises and becomes ready as usual; the audit never types
  a query) and an empty ``<urlset>`` (Material's own fallback when the sitemap cannot be read; the audit
  never clicks a language link). Nothing on the page changes: the header, search box and dialog are the same
  markup, and the files on disk are not touched.
"""
from __future__ import annotations

import json
import posixpath
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

# The site is static while it is audited: let the browser keep everything for the whole run.
CACHE_CONTROL = "max-age=86400"

EMPTY_SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def search_index_stub(original: bytes) -> bytes:
    """The search index with its ``config`` (language, separator) and no documents.

    Anything that is not a JSON object with a ``config`` is passed through unchanged: the audit must not turn
    a broken index into a working one.
    """
    try:
        data = json.loads(original)
    except ValueError:
        return original
    if not isinstance(data, dict) or "config" not in data:
        return original
    return json.dumps({"config": data["config"], "docs": []}, ensure_ascii=False).encode("utf-8")


def _sitemap_stub(original: bytes) -> bytes:
    return EMPTY_SITEMAP


# File name -> how to answer it; see the module docstring for why each is safe.
BACKGROUND_STUBS = {
    "search_index.json": search_index_stub,
    "sitemap.xml": _sitemap_stub,
}


class _StubCache:
    """Stubs computed once per file (the search index is parsed once per run, not once per page)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._lock = threading.Lock()
        self._done: dict[str, bytes] = {}

    def get(self, path: str) -> bytes | None:
        stub = BACKGROUND_STUBS.get(posixpath.basename(path)) if self.enabled else None
        if stub is None or not Path(path).is_file():
            return None
        with self._lock:
            if path not in self._done:
                self._done[path] = stub(Path(path).read_bytes())
            return self._done[path]


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static file handler: no log line per request, the site's base path, keep-alive and caching."""

    base_path = "/"
    protocol_version = "HTTP/1.1"
    stubs: _StubCache

    def translate_path(self, path: str) -> str:
        # /service-plans/assets/x.css -> <root>/assets/x.css; requests outside the base path still work.
        if self.base_path != "/" and path.startswith(self.base_path):
            path = "/" + path[len(self.base_path):]
        return super().translate_path(path)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def do_GET(self) -> None:
        if not self._send_stub(head=False):
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._send_stub(head=True):
            super().do_HEAD()

    def _send_stub(self, head: bool) -> bool:
        path = self.translate_path(unquote(urlsplit(self.path).path))
        body = self.stubs.get(path)
        if body is None:
            return False
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        return True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def serve(root: Path, base_path: str = "/", *, stub_background: bool = True) -> Iterator[str]:
    """Serve ``root`` under ``base_path`` on a free port while the block runs; yields the site's URL (ends in /).
    ``stub_background=False`` serves the search index and sitemap as they are (for tests that search)."""
    handler_class = type("_SiteHandler", (_QuietHandler,),
                         {"base_path": base_path, "stubs": _StubCache(stub_background)})
    handler = partial(handler_class, directory=str(root))
    # Port 0 lets the OS pick a free port, so parallel test runs never collide.
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="audit-http", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
