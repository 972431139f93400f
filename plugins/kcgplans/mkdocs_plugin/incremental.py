"""What a `mkdocs serve --dirty` rebuild may skip: MkDocs reads and writes only the pages whose output changed.

MkDocs asks each page's File ``is_modified()``. Its own answer is "always" for a generated page and "when the
Markdown is newer than the HTML" for a hand-written one; both would be wrong here. A page's output is decided
by its own data (title, body, dates, twin, JSON-LD) and by what every page shares: the navigation, the theme,
the site frame and the interface strings (``chrome``). So a page is modified when the fingerprint of those
differs from the one of the build that last wrote it. The 網站導覽 pages list every page's title: always built.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.structure.files import File

from ..views.render_cache import digest, tree_stamp

# Generated pages written on every build: their bodies are filled in late (on_env) from every page's title.
ALWAYS_BUILT = {"sitemap"}


def _theme_stamp(config) -> list:
    """The theme overrides (theme/) and mkdocs.yml by size and mtime: editing them changes every page."""
    stamp = tree_stamp(Path(config.theme.custom_dir)) if config.theme.custom_dir else []
    if config.config_file_path:
        stat = os.stat(config.config_file_path)
        stamp.append((config.config_file_path, stat.st_mtime_ns, stat.st_size))
    return stamp


class BuildState:
    """Fingerprints of this build's pages and of the build that last wrote each one."""

    def __init__(self) -> None:
        self.chrome = ""
        self.wanted: dict[str, str] = {}    # src_uri -> fingerprint of this build's output
        self.written: dict[str, str] = {}   # src_uri -> fingerprint of the output on disk
        self.titles: dict[str, str] = {}    # src_uri -> title, for pages a dirty build does not read
        self.dates: dict[str, str] = {}     # src_uri -> update_date (sitemap.xml's <lastmod>), likewise
        self.copied: dict[str, tuple] = {}  # dest path -> identity of the document file copied there

    def start(self, config, pages: dict, twins: dict, frame_meta) -> None:
        """Fingerprint the generated pages of this build (called at the end of on_config); ``frame_meta(page)``
        is what the site frame adds to a page (更新日期, 編輯此頁)."""
        self.chrome = digest(json.dumps([config.nav, config.extra, config.theme.get("features"),
                                          config.theme.get("palette"), config.site_url, config.repo_url],
                                         sort_keys=True, default=str, ensure_ascii=False),
                              _theme_stamp(config))
        self.wanted = {}
        for uri, page in pages.items():
            if page.kind in ALWAYS_BUILT:
                continue
            twin = twins.get((page.kind, page.key, "en" if page.lang == "zh" else "zh"))
            self.wanted[uri] = digest(self.chrome, page.url, page.title, page.description, page.updated,
                                       page.untranslated, page.source, page.jsonld, twin.url if twin else None,
                                       frame_meta(page), page.fingerprint or page.body)

    def generated_modified(self, file: File) -> bool:
        wanted = self.wanted.get(file.src_uri)
        return wanted is None or self.written.get(file.src_uri) != wanted or not os.path.isfile(file.abs_dest_path)

    def track_written(self, file: File) -> None:
        """A hand-written page is modified when its Markdown is newer than its HTML or the chrome changed."""
        markdown_newer = file.is_modified

        def is_modified() -> bool:
            return self.written.get(file.src_uri) != self.chrome or markdown_newer()

        # An instance attribute, because MkDocs made this File (get_files) and calls file.is_modified().
        file.is_modified = is_modified  # type: ignore[method-assign]

    def built(self, page) -> None:
        """The page is being written (on_post_page)."""
        uri = page.file.src_uri
        self.written[uri] = self.wanted.get(uri, self.chrome)
        self.titles[uri] = str(page.meta.get("title") or page.title or "")
        self.dates[uri] = page.update_date

    def restore_unread(self, files) -> None:
        """Pages a dirty build skipped were never read: give them the title and date they had when last
        written (the 網站導覽 pages list the titles, sitemap.xml the dates)."""
        for file in files.documentation_pages():
            page = file.page
            # An unread page has no meta at all (and nav pages only their navigation title).
            if page is not None and not page.meta and file.src_uri in self.titles:
                page.meta["title"] = self.titles[file.src_uri]
                page.update_date = self.dates[file.src_uri]


class TemplateCode(BytecodeCache):
    """Compiled theme templates kept between builds: MkDocs makes a new Jinja environment for every build, and
    compiling Material's templates again took about 0.3 s of each rebuild. Jinja checks each template's source
    checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class _TrackedFile(File):
    """A File made by this plugin whose ``is_modified`` asks the build state."""

    state: BuildState

    @classmethod
    def generated(cls, config, src_uri: str, *, state: BuildState, **kwargs):
        file = super().generated(config, src_uri, **kwargs)
        file.state = state
        return file


class CachedDocument(_TrackedFile):
    """A download staged from the document cache (a hard link to a content-addressed file). MkDocs' test, "source
    newer than the copy", fails for it: undoing an edit brings back an older cached file. The file's identity
    (inode, size, mtime) decides instead; it is recorded when MkDocs asks, which is right before it copies."""

    def is_modified(self) -> bool:
        stat = os.stat(self.abs_src_path)
        identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if self.state.copied.get(self.abs_dest_path) == identity and os.path.isfile(self.abs_dest_path):
            return False
        self.state.copied[self.abs_dest_path] = identity
        return True


class GeneratedPage(_TrackedFile):
    """A page of the content model, modified only when its fingerprint says so (``BuildState``)."""

    def is_modified(self) -> bool:
        return self.state.generated_modified(self)


__all__ = ["ALWAYS_BUILT", "BuildState", "CachedDocument", "GeneratedPage", "TemplateCode"]
