"""Generated pages skip MkDocs' Markdown conversion (mkdocs_plugin/model_page.py); hand-written pages keep it, and
every page keeps the title MkDocs gives it (the nav config's, where it names one)."""
from __future__ import annotations

from pathlib import Path

from mkdocs.structure.pages import Page
from lxml import html as lxml_html

from kcgplans.model import load_content
from kcgplans.mkdocs_plugin.model_page import ModelPage


def test_only_hand_written_pages_are_converted_from_markdown(project: Path, tmp_path: Path, monkeypatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace(
        "      content_dir: content\n", "      content_dir: content\n      downloads_enabled: false\n"), encoding="utf-8")
    monkeypatch.setenv("KCGPLANS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(project)
    converted = []  # pages run through MkDocs' Markdown conversion
    original = Page.render
    monkeypatch.setattr(Page, "render", lambda page, config, files: converted.append(page.url) or original(page, config, files))
    rendered = []
    render = ModelPage.render
    monkeypatch.setattr(ModelPage, "render", lambda page, config, files: rendered.append(page.url) or render(page, config, files))
    site = tmp_path / "site"
    build(load_config(str(config_file), site_dir=str(site)))

    hand_written = sorted(p for p in (project / "content" / "pages").rglob("*.md"))
    content = load_content(project / "content")
    assert len(converted) == len(hand_written) and "guide/" in converted  # the hand-written pages, and only they
    assert f"plans/{next(iter(content.plans))}/" in rendered and len(rendered) > 100
    # The nav config's titles stay: the home page is 首頁 in the navigation, while its own title is the site's
    tree = lxml_html.fromstring((site / "years" / "index.html").read_bytes())
    labels = [" ".join(a.text_content().split()) for a in tree.xpath("//nav[contains(@class,'md-nav--primary')]//a")]
    assert "首頁" in labels
