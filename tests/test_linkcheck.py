"""The internal link check (kcgplans/linkcheck.py) that runs on every build, and the external link report
(scripts/check_external.py) that never fails it."""
from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading

import pytest

from support import ROOT, mkdocs_build

from kcgplans import linkcheck

FIXTURES = ROOT / "tests" / "fixtures" / "links"


def test_fixture_site_reports_exactly_the_broken_links():
    broken = linkcheck.check_site(FIXTURES / "pages", "https://example.org/base/")
    found = {(b.page, b.link) for b in broken}
    assert found == {
        ("index.html", "assets/missing.js"),
        ("index.html", "docs/#no-such-anchor"),
        ("index.html", "#bottom"),
        ("index.html", "no-such-page/"),
        ("index.html", "/elsewhere/"),
        ("index.html", "https://example.org/base/gone/"),
        ("index.html", "../outside.html"),
    }
    reasons = {b.link: b.reason_en for b in broken}
    assert "no such file no-such-page/index.html" == reasons["no-such-page/"]
    assert 'no element with id "no-such-anchor"' in reasons["docs/#no-such-anchor"]
    assert "base path" in reasons["/elsewhere/"]
    assert "outside the site" in reasons["../outside.html"]


def test_report_names_page_and_link_and_raises_plugin_error(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "pages", site)
    with pytest.raises(Exception) as info:
        linkcheck.check_or_raise(site, "https://example.org/base/")
    message = str(info.value)
    assert "7 broken internal link(s)" in message
    assert "index.html: no-such-page/" in message
    assert "index.html: docs/#no-such-anchor" in message
    assert type(info.value).__name__ == "PluginError"


def test_a_clean_site_passes(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<a href="a/#x">a</a><a href="a/index.html">a</a>', encoding="utf-8")
    (site / "a" / "index.html").write_text('<h1 id="x">x</h1><a href="../">up</a><a href="..">up</a>',
                                           encoding="utf-8")
    assert linkcheck.check_site(site) == []


def large_site(tmp_path):
    """2,000 plan-sized pages linking to each other's measures; pages 0, 1 and 1,999 have one broken link each
    (p0 and p1 are first and second in the sorted order, so both halves of a shared check have some)."""
    site = tmp_path / "site"
    filler = "<p>" + "高雄市政府提升服務執行計畫。" * 60 + "</p>\n"
    count = 2000
    for i in range(count):
        page = site / "plans" / f"p{i}"
        page.mkdir(parents=True)
        links = "".join(f'<li id="m{j}"><a href="../p{(i + j) % count}/#m{j % 40}">{j}</a>'
                        f'<a href="../../assets/s.css">css</a></li>\n' for j in range(40))
        if i in (0, 1, 1999):
            links += f'<a href="../p{i}-gone/">gone</a>'
        (page / "index.html").write_text(f"<html><body><h1 id='top'>p{i}</h1><ul>{links}</ul>{filler * 20}"
                                         "</body></html>", encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "s.css").write_text("", encoding="utf-8")
    return site, {(f"plans/p{i}/index.html", f"../p{i}-gone/") for i in (0, 1, 1999)}


def test_a_large_site_shares_its_pages_with_a_helper_process(tmp_path, monkeypatch):
    site, expected = large_site(tmp_path)
    checked_here = []
    original = linkcheck.LinkChecker.check_pages
    monkeypatch.setattr(linkcheck.LinkChecker, "check_pages",
                        lambda self, pages: checked_here.extend(pages) or original(self, pages))
    pages, broken = linkcheck.LinkChecker(site).check_site()
    assert pages == 2000 and {(b.page, b.link) for b in broken} == expected
    assert len(checked_here) == 1000  # the other half was the helper's
    assert "plans/p0/index.html" in checked_here and "plans/p1/index.html" not in checked_here
    reasons = {b.page: b.reason_en for b in broken}
    assert reasons["plans/p1/index.html"] == "no such file plans/p1-gone/index.html"  # found by the helper


@pytest.mark.parametrize("helper", ["exit 3", "echo not-json"])
def test_a_failed_helper_leaves_its_pages_to_the_build(tmp_path, monkeypatch, helper):
    site, expected = large_site(tmp_path)
    script = tmp_path / "helper"
    script.write_text(f"#!/bin/sh\ncat >/dev/null\n{helper}\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(linkcheck.sys, "executable", str(script))
    pages, broken = linkcheck.LinkChecker(site).check_site()
    assert pages == 2000 and {(b.page, b.link) for b in broken} == expected


def test_pages_are_halved_by_language_folder_where_that_balances():
    zh = [f"plans/p{i}/index.html" for i in range(60)] + [f"units/u{i}/index.html" for i in range(38)] + ["index.html"]
    en = [f"en/plans/p{i}/index.html" for i in range(60)] + [f"en/units/u{i}/index.html" for i in range(40)]
    first, second = linkcheck.halves(sorted(zh + en))
    assert (first, second) == (sorted(en), sorted(zh))
    # One folder of 100 pages and one of 10: every other page instead
    lopsided = sorted([f"plans/p{i}/index.html" for i in range(100)] + [f"en/index{i}.html" for i in range(10)])
    first, second = linkcheck.halves(lopsided)
    assert (first, second) == (lopsided[::2], lopsided[1::2])


def test_a_small_site_is_checked_in_one_process(tmp_path, monkeypatch):
    monkeypatch.setattr(linkcheck.subprocess, "Popen", None)  # would fail if called
    assert linkcheck.LinkChecker(FIXTURES / "pages").check_site()[0] < linkcheck.LinkChecker.HELPER_MIN


@pytest.mark.slow
def test_broken_link_fails_the_build_naming_page_and_link(project, tmp_path):
    page = project / "content" / "pages" / "broken" / "index.md"
    page.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "broken-page.md", page)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      content_dir: content\n", "      content_dir: content\n      downloads_enabled: false\n"), encoding="utf-8")
    done = mkdocs_build(project, tmp_path / "site")
    assert done.returncode != 0
    assert "broken internal link(s)" in done.stderr
    assert "broken/index.html: ../plans/no-such-plan/index.md" in done.stderr
    assert "broken/index.html: ../plans/finance-bureau-113/#no-such-measure" in done.stderr
    assert 'no element with id "no-such-measure"' in done.stderr


# External links -------------------------------------------------------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_check_external_reports_and_never_fails(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port, closed = server.server_address[1], _free_port()
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        f'<a href="http://127.0.0.1:{port}/ok">ok</a> <a href="http://127.0.0.1:{port}/missing">missing</a> '
        f'<a href="http://127.0.0.1:{closed}/">closed</a> <a href="https://example.org/base/x/">own</a> '
        '<a href="relative/">internal</a> <a href="mailto:a@example.org">mail</a>', encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_external.py"), str(site),
                               "--site-url", "https://example.org/base/", "--timeout", "5"],
                              capture_output=True, text=True, timeout=120)
        strict = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_external.py"), str(site),
                                 "--site-url", "https://example.org/base/", "--timeout", "5", "--strict"],
                                capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "Checking 3 external link(s)" in out
    assert f"OK: http://127.0.0.1:{port}/ok" in out
    assert f"BROKEN: http://127.0.0.1:{port}/missing" in out and "HTTP 404" in out
    assert f"UNREACHABLE: http://127.0.0.1:{closed}/" in out and "connection refused" in out
    assert "1 ok, 1 broken, 1 unreachable" in out
    assert "used on: index.html" in out
    assert strict.returncode == 1


def test_check_external_without_a_site_says_so(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_external.py"), str(tmp_path / "none")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "make site" in done.stdout
