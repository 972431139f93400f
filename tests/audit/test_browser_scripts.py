"""The installed scripts in real Chromium: install into any document, isolated step errors, shadow DOM
selectors, a page that swaps window.axe or leaves itself on Enter."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from audit_helpers import AXE_DIR
from kcgplans.audit.browser import open_browser
from kcgplans.audit.page_audit import PageAuditor
from kcgplans.audit.server import serve

pytestmark = pytest.mark.browser

HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{extra}</head>'
SKIP = '<a href="#main">Skip to main content</a>'

PAGES = {
    # window.axe replaced by the page after the audit's scripts were installed.
    "swapped-axe.html": HEAD.format(title="swap", extra="<script>window.axe = {run() { throw 1; }};</script>")
    + f'<body>{SKIP}<main id="main" tabindex="-1"><h1>t</h1><img src="x.png"></main></body></html>',
    # An element in a shadow tree that axe flags.
    "shadow.html": HEAD.format(title="shadow", extra="")
    + f'<body>{SKIP}<main id="main" tabindex="-1"><h1>t</h1><div id="host"></div></main>'
    '<script>document.getElementById("host").attachShadow({mode: "open"}).innerHTML = '
    '"<p><span>a</span><img src=\\"y.png\\"></p>";</script></body></html>',
    # Enter on the skip link runs a script that goes to another page.
    "leaves.html": HEAD.format(title="leaves", extra="")
    + '<body><a id="skip" href="#main">Skip to main content</a><main id="main" tabindex="-1"><h1>t</h1></main>'
    '<script>document.getElementById("skip").addEventListener("click", (e) => { e.preventDefault(); '
    'location.href = "other.html"; });</script></body></html>',
    "other.html": HEAD.format(title="other", extra="") + "<body><main><h1>other</h1></main></body></html>",
    # A page that breaks the API several checks rely on.
    "broken.html": HEAD.format(title="broken", extra="<script>Element.prototype.checkVisibility = () => { "
                               'throw new Error("no visibility"); };</script>')
    + f'<body>{SKIP}<main id="main" tabindex="-1"><h1>t</h1><p style="overflow: hidden">x</p></main></body></html>',
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    site = tmp_path_factory.mktemp("site")
    for name, html in PAGES.items():
        (site / name).write_text(html, encoding="utf-8")
    with serve(site) as base, open_browser() as driver:
        yield driver, base


def test_scripts_reach_a_document_loaded_before_they_were_installed(browser: tuple[Any, str]) -> None:
    driver, base = browser
    driver.get(base + "other.html")
    auditor = PageAuditor(driver, base, AXE_DIR)  # installs for later documents; this one gets it on first use
    steps = auditor.scripts.run("page", ("no-such-step", []))
    assert steps["page"].value["title"] == "other"
    assert steps["no-such-step"].error == "Error: no check script named no-such-step"


def test_axe_runs_even_if_the_page_replaces_window_axe(browser: tuple[Any, str]) -> None:
    driver, base = browser
    result = PageAuditor(driver, base, AXE_DIR).audit("swapped-axe.html", "sha")
    assert result.error is None, result.error
    assert [f.selector for f in result.findings if f.check == "image-alt"] == ["img"]  # axe's shortest unique selector


def test_selectors_reach_into_shadow_trees(browser: tuple[Any, str]) -> None:
    driver, base = browser
    result = PageAuditor(driver, base, AXE_DIR).audit("shadow.html", "sha")
    # axe's own shortest unique selector, with ">>>" where it crosses into the shadow root
    assert [f.selector for f in result.findings if f.check == "image-alt"] == ["#host >>> img"]


def test_enter_that_leaves_the_page(browser: tuple[Any, str]) -> None:
    driver, base = browser
    result = PageAuditor(driver, base, AXE_DIR).audit("leaves.html", "sha")
    assert result.error is None, result.error
    assert result.title == "leaves"  # the later checks ran on this page, loaded again
    assert [f.check for f in result.findings if f.check == "skip-link-focus"] == ["skip-link-focus"]


def test_a_page_breaking_a_check_keeps_the_others(browser: tuple[Any, str]) -> None:
    driver, base = browser
    result = PageAuditor(driver, base, AXE_DIR).audit("broken.html", "sha")
    errors = (result.error or "").split("; ")
    assert [e.split(":")[0] for e in errors] == ["skip-link", "text-spacing", "reflow", "focus"], errors
    assert all("no visibility" in e for e in errors)
    assert result.title == "broken" and result.lang == "en"  # axe and the markup checks ran
    assert "access-key-anchors" in {f.check for f in result.findings}
