"""MkDocs plugin: validates the content, adds the generated pages of both languages in one build, and gives
each page its language, its twin in the other language and a navigation of its own language."""
from __future__ import annotations

import functools
import gc
import json
import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from markupsafe import Markup
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..model import ContentErrors, load_content
from ..model.repository import ParseCache
from ..views import SitePage, build_pages, i18n
from ..views.render_cache import RenderCache
from ..views.spaceless import Spaceless
from .. import linkcheck, site_config
from ..views.urls import relative, src_uri
from . import downloads, html_fixes, incremental, navigation, render_ahead, search_index, serve_inputs
from .config import ServicePlansConfig
from .model_page import ModelPage

log = logging.getLogger("mkdocs.plugins.kcgplans")

LANG_NAMES = {"zh": ("中文", "zh-Hant-TW"), "en": ("English", "en")}

# Strings the theme templates need, keyed as Material keys its own (site.name, action.skip …); values are
# Chinese msgids, translated through the same catalog as the page bodies.
THEME_STRINGS = {
    "site.name": "高雄市政府提升服務執行計畫",
    "language": "zh-Hant-TW",
    "kcg.skip": "跳到主要內容",
    "kcg.region.upper": "上方功能區塊",
    "kcg.region.center": "中央內容區塊",
    "kcg.region.lower": "下方功能區塊",
    "kcg.translation": "本頁為英文翻譯，內容以中文版為準。",
    "kcg.untranslated": "本頁部分內容尚未翻譯，以中文顯示。",
    "kcg.chinese_version": "中文版",
    "kcg.qr.caption": "本頁網址：",
    "kcg.toc_toggle": "顯示或隱藏本頁目錄",
}


# Listing pages repeat what plan, FAQ and SOP pages say: indexing them would triple the search index (and its
# build time) and make every result appear three times.
NOT_SEARCHED = {"agencies", "agency", "units", "unit", "years", "year", "frameworks", "area", "faq-category"}


class ServicePlansPlugin(BasePlugin[ServicePlansConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.pages: dict[str, SitePage] = {}
        self.navs = {}
        self.nav = None  # MkDocs' navigation of this build (the render-ahead child renders pages with it)
        self.content = None
        # Caches that outlive one build: only `mkdocs serve` (see on_startup) has a next build to reuse them.
        self.parse_cache: ParseCache | None = None
        self.render_cache: RenderCache | None = None
        self.link_check: linkcheck.IncrementalCheck | None = None
        self.template_code: incremental.TemplateCode | None = None
        self.data_memo: dict | None = None
        self.inputs: serve_inputs.Inputs | None = None
        self.watched: list[str] = []
        self.inputs_digest: str | None = None   # of this build's inputs, taken before it reads them
        self.built_inputs: str | None = None    # of the last successful build's
        self.frozen = False
        self.state = incremental.BuildState()
        self.search_entries = search_index.EntryCache()
        self.segmenter = None
        self.qr: downloads.QrCodes | None = None
        self.ahead: render_ahead.RenderAhead | None = None  # pages rendered by a forked child (plain builds)
        self.rendered_ahead: set[str] = set()  # pages of this build whose HTML came from the child
        # Hand-written pages for the search index, by source path; kept across rebuilds, as a --dirty rebuild
        # reads only the pages that changed.
        self.written: dict[str, SitePage] = {}
        self.search_opt_out: dict[str, bool] = {}

    # Defining on_startup makes MkDocs keep this plugin object across the rebuilds of `mkdocs serve`, so the
    # caches below live as long as the server: a rebuild re-parses the edited files and re-renders the pages
    # made from them; with --dirty (make serve) MkDocs then writes only the pages whose output changed.
    def on_startup(self, *, command, dirty):
        if command == "serve":
            self.parse_cache = ParseCache()
            self.render_cache = RenderCache()
            self.link_check = linkcheck.IncrementalCheck()
            self.data_memo = {}
            self.template_code = incremental.TemplateCode()
            self.inputs = serve_inputs.Inputs()

    # Load and validate the content before anything is written, so a content error never leaves a half site
    def on_config(self, config, **kwargs):
        if not self.config.enabled:
            return
        root = Path(config.config_file_path).parent
        self.root = root
        if self.inputs is not None:  # before anything is read: an edit made during the build builds again
            self.watched = serve_inputs.watched(config, root / self.config.content_dir)
            self.inputs_digest = self.inputs.digest(self.watched)
        try:
            self.content = load_content(root / self.config.content_dir, self.parse_cache)
        except ContentErrors as exc:
            raise PluginError("\n" + exc.report()) from None
        # Documents first: the pages' download links name each file's size
        cache = downloads.cache_root(root, self.config.downloads_cache_dir)
        self.downloads = downloads.Downloads(self.content, config.site_url or "", cache,
                                             enabled=self.config.downloads_enabled)
        self.downloads.generate()
        if self.qr is None or self.qr.cache != cache / "qr":  # kept across the rebuilds of mkdocs serve
            self.qr = downloads.QrCodes(cache)
        if self.segmenter is None or self.render_cache is None:  # kept across the rebuilds of mkdocs serve
            self.segmenter = search_index.Segmenter(cache / "search",
                                                    root / self.config.content_dir / "search-dictionary.txt")
            # Entries go with the segmenter that made them: MkDocs keeps this object for every build of one
            # process (it defines on_startup), and entries reused from an earlier build would leave their
            # segmentations out of what this build's segmenter keeps on disk.
            self.search_entries = search_index.EntryCache()
        pages = build_pages(self.content, extras=self.downloads.extras,
                            audit_summary=_audit_summary(root / self.config.content_dir), cache=self.render_cache,
                            lazy=True)
        # The pages' QR codes, made meanwhile by a worker where not cached (in the order the pages will be read)
        base = _site_base(config)
        self.qr.prefetch([(base + p.url, p.lang) for p in pages])
        try:  # the site frame: content/site.yaml, 網站導覽 and 開放資料 pages (site_config.py)
            self.frame = site_config.SiteFrame(config, root, self.content, site_config.FrameOptions.of(self.config),
                                               self.config.content_dir)
        except ContentErrors as exc:
            raise PluginError("\n" + exc.report()) from None
        plan_key = self.render_cache.plan_key if self.render_cache is not None else None
        pages = [*pages, *self.frame.extra_pages(self.data_memo, plan_key)]
        self.pages = {src_uri(p.url): p for p in pages}
        self.twins = {(p.kind, p.key, p.lang): p for p in pages}
        config.extra["kcg_ui"] = {lang: {key: (i18n.gettext(lang)(msg) if key != "language" else LANG_NAMES[lang][1])
                                         for key, msg in {**THEME_STRINGS, **site_config.FRAME_STRINGS}.items()} for lang in ("zh", "en")}
        existing = set(self.pages) | {
            Path(dirpath, name).relative_to(config.docs_dir).as_posix()
            for dirpath, _, names in os.walk(config.docs_dir) for name in names if name.endswith(".md")}
        self.existing = existing
        config.nav = navigation.nav_config(existing)
        self.frame.configure(config, self.pages, existing)
        if self.render_cache is not None:  # what --dirty rebuilds compare; a plain build writes every page
            self.state.start(config, self.pages, self.twins, self.frame.generated_meta)
            log.info(f"kcgplans: {self.render_cache.rendered} page bodies rendered, {self.render_cache.reused} reused"
                     f" ({self.parse_cache.hits} content files unchanged)")
        return config

    # `mkdocs serve` watches docs_dir (content/pages/); the plans, agencies, FAQ and SOP files are in content/ too
    def on_serve(self, server, *, config, builder):
        if not self.config.enabled:
            return
        server.watch(str(Path(config.config_file_path).parent / self.config.content_dir))
        if self.inputs is not None:  # a save that changed no file's bytes does not rebuild (serve_inputs.py)
            server.builder = serve_inputs.skip_unchanged(server.builder, self.inputs, lambda: self.watched,
                                                         lambda: self.built_inputs)
        return server

    # Add one virtual Markdown file per generated page; its HTML is supplied in on_page_content
    def on_files(self, files: Files, *, config):
        if not self.config.enabled:
            return
        for uri in self.pages:
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"content/pages/{uri} 與自動產生的頁面衝突，請改名。 "
                                  f"content/pages/{uri} collides with a generated page: rename it.")
            files.append(incremental.GeneratedPage.generated(config, uri, content="", state=self.state))
        for file in files.documentation_pages():
            if not isinstance(file, incremental.GeneratedPage):
                self.state.track_written(file)
        self.doc_uris = [file.src_uri for file in files.documentation_pages()]  # in MkDocs' order
        self.downloads.add_files(files, config, self.state)
        # SOP forms (content/sop/forms/) are offered for download at sop/forms/<name>, one copy for both languages
        for sop in self.content.sops.values():
            for form in sop.forms:
                for form_file in form.files:
                    uri = f"sop/forms/{form_file.name}"
                    if files.get_file_from_path(uri) is None:
                        files.append(File.generated(config, uri, abs_src_path=str(form_file.path)))
        return files

    # Split the bilingual navigation into one per language
    def on_nav(self, nav, *, config, files):
        if not self.config.enabled:
            return
        self.nav = nav
        self.navs = navigation.split(nav)
        # MkDocs has made each page, with the nav config's title where it gives one; a generated page's only
        # differs in having no Markdown to render (ModelPage), so it changes class rather than being replaced
        # in the navigation
        for uri in self.pages:
            page = files.get_file_from_path(uri).page
            if type(page) is Page:
                page.__class__ = ModelPage
        return nav

    # Give every page its language and twin; generated pages get their title and an empty Markdown body
    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled:
            return
        uri = page.file.src_uri
        lang = "en" if uri.startswith("en/") else "zh"
        other = "zh" if lang == "en" else "en"
        page.meta["lang"] = lang
        generated = self.pages.get(uri)
        # Every page is indexed by search_index.py, not by Material's search plugin (see on_post_build); a
        # hand-written page that opts out of search stays out.
        self.search_opt_out[uri] = bool((page.meta.get("search") or {}).get("exclude"))
        page.meta["search"] = {"exclude": True}
        if generated:
            twin_page = self.twins.get((generated.kind, generated.key, other))
            twin_url = twin_page.url if twin_page else None
        else:
            twin_uri = uri[3:] if lang == "en" else "en/" + uri
            twin_url = _url_of(twin_uri) if twin_uri in self.existing else None
        own_url = generated.url if generated else _url_of(uri)
        if twin_url is not None:
            name, hreflang = LANG_NAMES[other]
            page.meta["kcg_twin"] = {"url": twin_url, "name": name, "hreflang": hreflang}
        page.meta["kcg_alternates"] = self._alternates(config, lang, own_url, other, twin_url)
        page.meta["kcg_url"] = page.meta["kcg_alternates"][0]["href"]
        self.frame.page_meta(page, generated)  # 更新日期 and 編輯此頁
        if generated is None:
            return markdown
        page.meta["title"] = generated.title
        page.meta["search"] = {"exclude": True}  # indexed in on_post_build from the page data (search_index.py)
        page.meta["description"] = generated.description
        page.meta["kcg_kind"] = generated.kind
        page.meta["kcg_jsonld"] = list(generated.jsonld)
        if generated.kind == "home":
            page.meta["kcg_home"] = True
        return ""

    # Hand-written pages: breadcrumbs and table fixes; generated pages get their body later (on_page_context)
    def on_page_content(self, html, *, page, config, files):
        if not self.config.enabled:
            return
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            # breadcrumbs of hand-written pages; scoped header cells in their Markdown tables
            html = html_fixes.scope_table_headers(self.frame.page_content(html, page))
            if not self.search_opt_out.get(page.file.src_uri):
                lang = page.meta.get("lang", "zh")
                self.written[page.file.src_uri] = SitePage(page.url, lang, "page", page.file.src_uri,
                                                           page.title or "", html)
            else:
                self.written.pop(page.file.src_uri, None)
            return html
        # The body comes in on_page_context, when the page is about to be written: MkDocs reads every page before
        # writing any, and 1,000 plans' bodies in memory at once were most of the build's peak memory.
        return ""

    # A failed build leaves no staging folder behind
    def on_build_error(self, *, error):
        # It may have written pages before it failed (the link check runs last): the next rebuild must build,
        # even if the files are back to what the last successful build read.
        self.built_inputs = None
        if self.qr is not None:
            self.qr.close(cancel=True)
        if self.ahead is not None:
            self.ahead.close(cancel=True)
            self.ahead = None
        if getattr(self, "downloads", None) is not None:
            self.downloads.cleanup()
        if getattr(self, "frame", None) is not None:
            self.frame.cleanup()

    # Name the table-of-contents toggle Material leaves unlabelled on pages without one
    def on_post_page(self, output, *, page, config):
        if not self.config.enabled:
            return
        lang = page.meta.get("lang", "zh")
        ui = config.extra["kcg_ui"]
        self.state.built(page)
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            if page.file.src_uri in self.rendered_ahead:  # the child's page: its fixes and entries are made
                self.rendered_ahead.discard(page.file.src_uri)
                return output
            # Its search entries now, while the body is in memory; then the body can go (peak memory)
            strip = self._search_strip(generated)
            if strip is not None:
                self.search_entries.fragment(generated, self.segmenter, strip)
            generated.release()
            page.content = None
        output = html_fixes.name_toc_toggle(output, ui[lang]["kcg.toc_toggle"])
        if lang == "en":
            output = html_fixes.localize_nav_title(output, config.site_name, ui["en"]["site.name"],
                                                   relative(page.url, "en/"))
        return output

    # Each page sees the navigation of its own language
    def on_page_context(self, context, *, page, config, nav):
        if not self.config.enabled:
            return
        context["nav"] = self.navs.get(page.meta.get("lang", "zh"), nav)
        generated = self.pages.get(page.file.src_uri)
        made = self.ahead.take(page) if self.ahead is not None and generated is not None else None
        if made is not None:  # rendered whole by the child: theme/main.html prints it as it is
            html, entries = made
            if entries is not None:
                self.search_entries.store(generated.url, *entries)
            self.rendered_ahead.add(page.file.src_uri)
            context["kcg_rendered"] = Markup(html)
            return context
        # The QR code as late as the page is written: the worker making codes ahead (QrCodes.prefetch) has
        # had all of the pages' population to get there first
        page.meta["kcg_qr"] = self.qr.img(page.meta["kcg_url"], page.meta.get("lang", "zh"))
        if generated is not None:
            generated.ensure()  # lazy pages are rendered now, written next, then let go (on_post_page)
            if generated.kind not in incremental.ALWAYS_BUILT:  # the 網站導覽 body was written in on_env
                page.content = generated.body
            page.toc = get_toc(_toc_tokens(generated))
            page.meta["kcg_untranslated"] = generated.untranslated
        return context

    # Every page's title is known now: write the 網站導覽 pages
    def on_env(self, env, *, config, files):
        if not self.config.enabled:
            return
        env.add_extension(Spaceless)  # before any template is compiled (and its bytecode kept)
        if self.template_code is not None:
            env.bytecode_cache = self.template_code
        self.state.restore_unread(files)  # pages a --dirty rebuild did not read keep their titles and dates
        self.frame.fill(files, self.navs)
        self.rendered_ahead = set()  # this object may have served an earlier build of this process that failed
        if self.render_cache is None:  # a plain build: a second process renders pages ahead, from the end
            # The pages MkDocs is about to write, in its order (a plain build includes what is not a draft)
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
            self.ahead = render_ahead.RenderAhead.start(
                [f.page for f in doc_files if f.src_uri in self.pages],
                functools.partial(render_ahead.render_page, config=config, nav=self.nav, env=env, doc_files=doc_files),
                self._entries_made, self.segmenter)
        return env

    # Runs after Material's search plugin has written the index: split it so each language searches only itself
    @event_priority(-50)
    def on_post_build(self, *, config):
        if not self.config.enabled:
            return
        self.downloads.cleanup()  # the documents are in the site now; the staging links can go
        self.qr.close()
        if self.ahead is not None:  # before the index is written: its search entries and segmentations are in
            self.ahead.close()
            self.ahead = None
        index_file = Path(config.site_dir) / "search" / "search_index.json"
        if index_file.is_file():
            # Material's index holds its config (every page is excluded from its own indexing: see on_page_markdown)
            index = json.loads(index_file.read_text(encoding="utf-8"))
            written = [self.written[uri] for uri in self.doc_uris if uri in self.written]
            pages = [p for p in [*self.pages.values(), *written] if p.kind not in NOT_SEARCHED]
            search_index.write_indexes(Path(config.site_dir), index, pages, self.search_entries, self.segmenter,
                                       split=self.config.search_split)
            self.segmenter.save(keep_all=self.render_cache is not None)
        # Feeds, open data, robots.txt, then the internal link check: keep this the last step of the build
        self.frame.post_build(config, self.link_check)
        self.navs, self.nav = {}, None  # this build's MkDocs pages: not needed by the next build
        if self.inputs is not None:
            self.built_inputs = self.inputs_digest
            if not self.frozen:
                self.segmenter.load()  # the first edit's new text needs it: load it now, not on the first save
                # What is alive after the server's first build (content model, caches, compiled templates) lives
                # as long as the server. Python's full garbage collections walked all of it on every rebuild
                # (about a second at 1,000 plans); frozen, they walk only what later builds make.
                gc.collect()
                gc.freeze()
                self.frozen = True

    def _entries_made(self, page) -> tuple[str, bytes] | None:
        """The search entries on_post_page made for a generated page (in the render-ahead child)."""
        return self.search_entries.made_for(self.pages[page.file.src_uri].url)

    def _search_strip(self, page: SitePage) -> str | None:
        """What a generated page's search entries drop from their locations (as write_indexes asks); None for a
        page that is not in the search index."""
        if page.kind in NOT_SEARCHED:
            return None
        return "en/" if page.lang == "en" and self.config.search_split else ""

    def _alternates(self, config, lang, own_url, other, twin_url):
        base = _site_base(config)
        out = [{"href": base + own_url, "hreflang": LANG_NAMES[lang][1]}]
        if twin_url is not None:
            out.append({"href": base + twin_url, "hreflang": LANG_NAMES[other][1]})
            zh_url = own_url if lang == "zh" else twin_url
            out.append({"href": base + zh_url, "hreflang": "x-default"})
        return out


def _site_base(config) -> str:
    """What page addresses (canonical, alternates, QR codes) are made from: site_url with one trailing slash."""
    return (config.site_url or "/").rstrip("/") + "/"


def _audit_summary(content_dir: Path) -> dict | None:
    """The last audit's summary that `make audit` records in content/ (None before the first audit)."""
    path = content_dir / "accessibility-audit.json"
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise PluginError(f"{path}: 無法讀取檢測摘要 cannot read the audit summary: {exc}") from None


def _url_of(uri: str) -> str:
    """Directory URL of a Markdown source path (use_directory_urls)."""
    stem = uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _toc_tokens(page: SitePage) -> list[dict]:
    """Nest the page's headings the way Python-Markdown's toc extension would. Levels 2–3 only: a plan has
    ~25 focus points (h4), which would bury the table of contents."""
    root: list[dict] = []
    stack: list[dict] = []
    for entry in (e for e in page.toc if e.level <= 3):
        token = {"level": entry.level, "id": entry.id, "name": entry.title, "children": []}
        while stack and stack[-1]["level"] >= entry.level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root
