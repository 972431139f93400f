"""Serve the built site on 127.0.0.1 so the browser sees it exactly as a web server would deliver it."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static file handler that does not print one log line per request and knows the site's base path."""

    base_path = "/"

    def translate_path(self, path: str) -> str:
        # /service-plans/assets/x.css -> <root>/assets/x.css; requests outside the base path still work.
        if self.base_path != "/" and path.startswith(self.base_path):
            path = "/" + path[len(self.base_path):]
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def serve(root: Path, base_path: str = "/") -> Iterator[str]:
    """Serve ``root`` under ``base_path`` on a free port while the block runs; yields the site's URL (ends in /)."""
    handler_class = type("_SiteHandler", (_QuietHandler,), {"base_path": base_path})
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
