"""The audit's local web server: keep-alive and caching, and the small answers for Material's background data."""
from __future__ import annotations

import http.client
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from kcgplans.audit.server import EMPTY_SITEMAP, search_index_stub, serve

INDEX = {"config": {"lang": ["en"], "separator": "[\\s\\-]+"}, "docs": [{"location": "", "title": "t", "text": "x"}]}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(INDEX), encoding="utf-8")
    (tmp_path / "en" / "search").mkdir(parents=True)
    (tmp_path / "en" / "search" / "search_index.json").write_text("not json", encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text("<urlset><url><loc>https://x/a/</loc></url></urlset>", encoding="utf-8")
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    return tmp_path


def request(connection: http.client.HTTPConnection, path: str,
            method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection.request(method, path)
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def test_search_index_keeps_its_config_and_loses_its_documents(site: Path) -> None:
    with serve(site, "/service-plans/") as base:
        url = urlsplit(base)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        status, headers, body = request(connection, "/service-plans/search/search_index.json")
        assert status == 200 and json.loads(body) == {"config": INDEX["config"], "docs": []}
        assert headers["Content-Type"] == "application/json" and int(headers["Content-Length"]) == len(body)
        # The same connection answers again (HTTP/1.1 keep-alive), and HEAD has the headers without the body.
        status, headers, body = request(connection, "/service-plans/search/search_index.json", "HEAD")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
        connection.close()


def test_sitemap_is_empty_and_everything_else_is_the_file(site: Path) -> None:
    with serve(site) as base:
        url = urlsplit(base)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        status, headers, body = request(connection, "/sitemap.xml")
        assert status == 200 and body == EMPTY_SITEMAP
        status, headers, body = request(connection, "/index.html")
        assert status == 200 and body == (site / "index.html").read_bytes()
        assert headers["Cache-Control"].startswith("max-age=")
        # A broken index is served as it is: the audit must not repair what visitors would get.
        status, headers, body = request(connection, "/en/search/search_index.json")
        assert body == b"not json"
        status, _, _ = request(connection, "/missing.json")
        assert status == 404
        connection.close()


def test_stub_passes_through_what_is_not_an_index() -> None:
    assert search_index_stub(b"[1, 2]") == b"[1, 2]"
    assert search_index_stub(b'{"docs": []}') == b'{"docs": []}'
    assert search_index_stub(b"\xff") == b"\xff"


def test_background_data_served_as_it_is_when_asked(site: Path) -> None:
    # Tests that really search (test_search_browser.py) need the real index.
    with serve(site, stub_background=False) as base:
        url = urlsplit(base)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        _, _, body = request(connection, "/search/search_index.json")
        assert json.loads(body) == INDEX
        _, _, body = request(connection, "/sitemap.xml")
        assert body == (site / "sitemap.xml").read_bytes()
        connection.close()
