"""The MkDocs page of a generated page (a plan, an agency, a unit …): its body comes from our templates, so it has
no Markdown for MkDocs to convert."""
from __future__ import annotations

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


class ModelPage(Page):
    """A Page whose render() skips Markdown. MkDocs builds a Markdown converter with every configured extension
    for each page it renders, ≈ 0.8 ms even for an empty source: 3 s of a 1,000-plan build (3,458 pages).
    The body and the table of contents are set when the page is written (the plugin's on_page_context)."""

    def render(self, config, files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
