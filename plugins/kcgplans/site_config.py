"""The Taiwan-government site frame: the publishing agency (content/site.yaml), the header and footer links,
每頁的更新日期與「編輯此頁」, breadcrumbs of hand-written pages, and the build steps that come with the frame
(網站導覽, 開放資料, RSS/Atom, robots.txt, the internal link check).

The MkDocs plugin calls ``SiteFrame`` from its hooks; everything here works on plain data so tests can use it
without a build.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape as _escape

from .model import ContentErrors
from .model.errors import ContentError
from .model.schema import check_schema
from .model.types import Text
from .model.yamlsource import load_yaml
from .views import SitePage, i18n
from .views.urls import page_url, relative


def escape(value) -> str:
    """HTML-escaped text as a plain str (a Markup would escape the markup it is joined with)."""
    return str(_escape(value))


# Interface strings of the frame (msgids in Chinese; English in views/locales/en/LC_MESSAGES/frame.po). Merged
# into config.extra.kcg_ui, so templates read them as lang.t("kcg.…") like the other theme strings.
FRAME_STRINGS = {
    "kcg.utility": "功能選單",
    "kcg.menu": "選單",
    "kcg.home": "回首頁",
    "kcg.logo": "回首頁",
    "kcg.sitemap": "網站導覽",
    "kcg.faq": "常見問答",
    "kcg.region.search": "網站搜尋",
    "kcg.noscript": "您的瀏覽器不支援 JavaScript 或已關閉此功能：網站搜尋無法使用，其餘內容不受影響，可經由「網站導覽」瀏覽全站。",
    "kcg.updated": "更新日期",
    "kcg.edit": "編輯此頁",
    "kcg.edit.title": "在 GitHub 編輯本頁的原始檔",
    "kcg.policies": "網站政策與服務",
    "kcg.privacy": "隱私權保護政策",
    "kcg.security": "資訊安全政策",
    "kcg.declaration": "政府網站資料開放宣告",
    "kcg.open_data": "開放資料",
    "kcg.rss": "RSS 訂閱",
    "kcg.atom": "Atom 訂閱",
    "kcg.feed.title": "高雄市政府提升服務執行計畫：新增與更新",
    "kcg.publisher": "發布機關",
    "kcg.address": "地址",
    "kcg.phone": "聯絡電話",
    "kcg.fax": "傳真",
    "kcg.email": "電子信箱",
    "kcg.hours": "服務時間",
    "kcg.breadcrumbs": "導覽路徑",
    "kcg.404.title": "找不到網頁",
    "kcg.404.text": "您要找的網頁不存在，可能已移除或網址有誤。",
    "kcg.404.home": "回首頁",
    "kcg.404.sitemap": "網站導覽",
}

# Where the frame's own pages live (site-root-relative, before the language prefix)
POLICY_PAGES = {"privacy": "privacy", "security": "security", "declaration": "open-data-declaration"}
SITEMAP_PATH = "sitemap"
DATA_PATH = "data"
FAQ_PATH = "faq"

# Content files behind generated pages that have no file of their own (「編輯此頁」 target)
KIND_SOURCES = {"agencies": "agencies.yaml", "agency": "agencies.yaml", "units": "agencies.yaml",
                "unit": "agencies.yaml", "frameworks": "framework.yaml", "area": "framework.yaml",
                "faq-index": "faq-categories.yaml", "faq-category": "faq-categories.yaml"}
# Pages gathered from many files: 「編輯此頁」 opens the folder holding them (content/ itself for the site-wide ones
# and for any other generated page without a content file of its own)
KIND_FOLDERS = {"years": "plans", "year": "plans", "sop-index": "sop", "home": "", "sitemap": "", "data": ""}

TAIPEI = dt.timezone(dt.timedelta(hours=8))


# content/site.yaml --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Publisher:
    name: Text
    postcode: str | None = None
    address: Text | None = None
    phone: tuple[str, ...] = ()
    fax: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    hours: Text | None = None


@dataclass(frozen=True)
class SiteConfig:
    publisher: Publisher | None = None
    file: Path | None = None


def load_site_config(content_dir: Path, name: str = "site.yaml") -> SiteConfig:
    """Read and validate content/site.yaml; a missing file gives an empty frame (no agency block)."""
    file = Path(content_dir) / name
    if not file.is_file():
        return SiteConfig()
    doc, errors = load_yaml(file)
    if doc is not None and not isinstance(doc.data, dict):
        errors.append(ContentError(file, 1, 1, "", "", "檔案內容應為欄位對應（key: value）。",
                                   "The file should hold a mapping of fields (key: value)."))
    elif doc is not None:
        errors.extend(check_schema(doc, "site.schema.json"))
    if errors:
        raise ContentErrors(errors, Path(content_dir).parent)
    data = doc.data["publisher"]
    return SiteConfig(Publisher(
        name=Text.of(data["name"]), postcode=data.get("postcode"), address=Text.of(data.get("address")),
        phone=tuple(data.get("phone") or ()), fax=tuple(data.get("fax") or ()), email=tuple(data.get("email") or ()),
        hours=Text.of(data.get("hours"))), file)


def tel_uri(number: str) -> str:
    """A tel: URI (RFC 3966) for a Taiwanese number as people write it: "07-336-8333 分機 123" ->
    "tel:+886-7-336-8333;ext=123"; numbers already in +country form keep it."""
    main, ext = number, ""
    match = re.search(r"(?:#|ext\.?|分機|轉)\s*([0-9]+)\s*$", number)
    if match:
        main, ext = number[: match.start()], match.group(1)
    digits = re.sub(r"[^0-9+\-]", "-", main.strip()).strip("-")
    digits = re.sub(r"-{2,}", "-", digits)
    if digits.startswith("+"):
        uri = digits
    elif digits.startswith("0"):
        uri = "+886-" + digits[1:].lstrip("-")
    else:
        uri = digits
    return "tel:" + uri + (f";ext={ext}" if ext else "")


def publisher_view(publisher: Publisher | None, lang: str) -> dict | None:
    """The footer's agency block for one language: only the fields the site config has."""
    if publisher is None:
        return None
    other = "zh" if lang == "en" else "en"
    name = publisher.name.get(lang)
    other_name = publisher.name.get(other) if publisher.name.translated() else None
    address = publisher.address.get(lang) if publisher.address else None
    def lang_attr(text: Text | None, wanted: str) -> str | None:
        """The lang attribute a text needs on a page in ``lang``: only when it is not in the page's language."""
        if text is None or text.lang_of(wanted) == lang:
            return None
        return _html_lang(text.lang_of(wanted))

    return {
        "name": name,
        "name_lang": lang_attr(publisher.name, lang),
        "other_name": other_name if other_name and other_name != name else None,
        "other_lang": lang_attr(publisher.name, other),
        "postcode": publisher.postcode,
        "address": address,
        "address_lang": lang_attr(publisher.address, lang),
        "phone": [{"text": p, "href": tel_uri(p)} for p in publisher.phone],
        "fax": list(publisher.fax),
        "email": list(publisher.email),
        "hours": publisher.hours.get(lang) if publisher.hours else None,
        "hours_lang": lang_attr(publisher.hours, lang),
    }


def _html_lang(lang: str) -> str:
    return "zh-Hant-TW" if lang == "zh" else "en"


# Dates ---------------------------------------------------------------------------------------------------------

class FileDates:
    """Last-change dates of source files: git's last commit date, else the file's mtime (no git, or a file git
    does not track yet). One `git log` per build covers every hand-written page."""

    def __init__(self, root: Path, *paths: str):
        self.root = Path(root)
        self.dates: dict[str, str] = {}
        try:
            out = subprocess.run(["git", "-C", str(self.root), "log", "--format=%x00%cs", "--name-only",
                                  "--no-renames", "--", *paths], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return
        if out.returncode != 0:
            return
        date = None
        for line in out.stdout.splitlines():
            if line.startswith("\x00"):
                date = line[1:].strip()
            elif line.strip() and date:
                self.dates.setdefault(line.strip(), date)  # newest commit comes first

    def of(self, file: Path | str) -> str | None:
        rel = relative_to(file, self.root)
        if rel and rel in self.dates:
            return self.dates[rel]
        try:
            return dt.datetime.fromtimestamp(os.stat(file).st_mtime, TAIPEI).date().isoformat()
        except OSError:
            return None


def relative_to(file: Path | str, folder: Path) -> str | None:
    """``file``'s path under ``folder`` ("plans/x.yaml"), or None when it is not under it. Content paths are made
    from the project folder, so comparing absolute paths as text mostly answers; resolving symbolic links (a
    system call per path component, thousands of pages a build) only when it does not. Remembered for the
    process: every build of `mkdocs serve` asks the same questions."""
    return _relative_to(os.fspath(file), os.fspath(folder))


@functools.lru_cache(maxsize=65536)
def _relative_to(file: str, folder: str) -> str | None:
    path, base = os.path.abspath(file), os.path.abspath(folder)
    if path.startswith(base + os.sep):
        return Path(path[len(base) + 1:]).as_posix()
    try:
        return Path(file).resolve().relative_to(Path(folder).resolve()).as_posix()
    except ValueError:
        return None


def date_label(iso: str, lang: str) -> str:
    """2026-11-24 -> "2026/11/24" (the Taiwanese footer style) or "2026-11-24" in English."""
    return iso.replace("-", "/") if lang == "zh" else iso


def newest(*dates: str | None) -> str | None:
    known = [d for d in dates if d]
    return max(known) if known else None


# Breadcrumbs -----------------------------------------------------------------------------------------------------

def breadcrumbs_html(trail: list[tuple[str, str | None]], url: str, label: str) -> str:
    """The same markup as the generated pages' breadcrumbs (views/templates/macros.html); an entry with no
    URL (a navigation section) is shown as text."""
    items = []
    for i, (text, href) in enumerate(trail):
        if i == len(trail) - 1:
            items.append(f'<li><span aria-current="page">{escape(text)}</span></li>')
        elif href is None:
            items.append(f"<li><span>{escape(text)}</span></li>")
        else:
            items.append(f'<li><a href="{escape(relative(url, href))}">{escape(text)}</a></li>')
    return f'<nav class="kcg-breadcrumbs" aria-label="{escape(label)}">\n<ol>\n' + "\n".join(items) + "\n</ol>\n</nav>\n"


H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
TAGS = re.compile(r"<[^>]+>")


# The frame as the plugin uses it -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FrameOptions:
    site_file: str = "site.yaml"
    feeds_enabled: bool = True
    feeds_limit: int = 50
    data_enabled: bool = True
    links_check: bool = True
    content_edit_uri: str = ""

    @classmethod
    def of(cls, plugin_config) -> "FrameOptions":
        """From the plugin's settings (mkdocs_plugin/config.py, "Settings for the site frame")."""
        get = lambda name, default: getattr(plugin_config, name, default)  # noqa: E731
        return cls(get("site_config_file", "site.yaml"), get("feeds_enabled", True), get("feeds_limit", 50),
                   get("data_enabled", True), get("links_check", True), get("content_edit_uri", ""))


class SiteFrame:
    """State of the frame for one build. The plugin calls extra_pages() and configure() in on_config,
    page_meta() per page, page_content() for hand-written pages, fill() in on_env and post_build() last."""

    def __init__(self, config, root: Path, content, options: FrameOptions, content_dir: str = "content"):
        self.root = Path(root)
        self.content_dir = self.root / content_dir
        # generated_meta per page URL: asked once for the page's fingerprint and once for 編輯此頁
        self._generated_meta: dict[str, tuple[str | None, str | None]] = {}
        self._spill: tempfile.TemporaryDirectory | None = None
        self.content = content
        self.options = options
        self.site = load_site_config(self.content_dir, options.site_file)
        self.site_url = (config.site_url or "").rstrip("/") + "/" if config.site_url else ""
        self.repo_url = (config.repo_url or "").rstrip("/") + "/" if config.repo_url else ""
        self.edit_uri = config.edit_uri or ""
        self.dates = FileDates(self.root, content_dir)
        self.data = None
        self.pages: dict[str, SitePage] = {}
        self.existing: set[str] = set()
        self.ui: dict[str, dict[str, str]] = {}
        self._plan_dates: dict[str, str | None] = {}
        self._newest: dict[tuple, str] | None = None

    # on_config ------------------------------------------------------------------------------------------------
    def extra_pages(self, data_memo: dict | None = None, plan_key=None) -> list[SitePage]:
        """網站導覽 and 開放資料 pages of both languages (the sitemap's body is written in fill(), once every
        page's title is known). ``data_memo``/``plan_key``: see opendata.build_datasets."""
        from . import opendata, sitemap_page
        out = [sitemap_page.placeholder(lang) for lang in ("zh", "en")]
        if self.options.data_enabled:
            self.data = opendata.build_datasets(self.content, self.site_url, plan_date=self.plan_date,
                                                memo=data_memo, plan_key=plan_key)
            if data_memo is None:  # a rebuild of mkdocs serve keeps every plan's part in the memo anyway
                self._spill = tempfile.TemporaryDirectory(prefix="kcg-opendata-")
                self.data.spill(Path(self._spill.name))
            out += [opendata.catalog_page(self.data, lang) for lang in ("zh", "en")]
        return out

    def configure(self, config, pages: dict[str, SitePage], existing: set[str]) -> None:
        """Header/footer links of both languages into config.extra.kcg_frame (feeds included)."""
        self.pages, self.existing = pages, existing
        self.ui = config.extra.get("kcg_ui", {})
        frame = {}
        for lang in ("zh", "en"):
            _ = i18n.gettext(lang)
            has = lambda path, lang=lang: (page_url(lang, path) + "index.md") in existing  # noqa: E731
            frame[lang] = {
                "home": page_url(lang) or "./",
                "sitemap": page_url(lang, SITEMAP_PATH) if has(SITEMAP_PATH) else None,
                "faq": page_url(lang, FAQ_PATH) if has(FAQ_PATH) else None,
                "data": page_url(lang, DATA_PATH) if has(DATA_PATH) else None,
                **{key: page_url(lang, path) if has(path) else None for key, path in POLICY_PAGES.items()},
                "publisher": publisher_view(self.site.publisher, lang),
                "feeds": {"rss": page_url(lang) + "feed.xml", "atom": page_url(lang) + "atom.xml",
                          "title": _("高雄市政府提升服務執行計畫：新增與更新")} if self.options.feeds_enabled else None,
            }
        config.extra["kcg_frame"] = frame

    # on_page_markdown -----------------------------------------------------------------------------------------
    def page_meta(self, page, generated: SitePage | None) -> None:
        """更新日期 (page.meta.kcg_updated) and 編輯此頁 (page.edit_url) of one page."""
        if generated is not None:
            updated, page.edit_url = self.generated_meta(generated)
        else:
            updated = self.dates.of(Path(page.file.abs_src_path)) if page.file.abs_src_path else None
            if self.repo_url and not page.edit_url:
                page.edit_url = self.repo_url + self.edit_uri + page.file.src_uri
        if updated:
            page.meta["kcg_updated"] = {"iso": updated, "label": date_label(updated, page.meta.get("lang", "zh"))}
            page.update_date = updated  # sitemap.xml's <lastmod>

    def cleanup(self) -> None:
        """Remove the datasets' files of this build (also when the build failed)."""
        if self._spill is not None:
            self._spill.cleanup()
            self._spill = None

    def generated_meta(self, generated: SitePage) -> tuple[str | None, str | None]:
        """更新日期 and 編輯此頁 address of a generated page."""
        meta = self._generated_meta.get(generated.url)
        if meta is None:
            source = self.generated_source(generated)
            edit_url = ((self.content_edit_url(source) if source else None)
                        or self.content_folder_url(KIND_FOLDERS.get(generated.kind, "")))
            meta = self._generated_meta[generated.url] = (generated.updated or self.generated_date(generated),
                                                          edit_url)
        return meta

    def generated_source(self, generated: SitePage) -> Path | None:
        if generated.source:
            return Path(generated.source)
        name = KIND_SOURCES.get(generated.kind)
        return self.content_dir / name if name else None

    def content_edit_url(self, source: Path) -> str | None:
        if not self.repo_url:
            return None
        source = Path(source) if Path(source).is_absolute() else self.root / source
        rel = relative_to(source, self.content_dir)
        if rel is None:
            return None
        uri = self.options.content_edit_uri or _content_edit_uri(self.edit_uri)
        return self.repo_url + uri + rel

    def content_folder_url(self, folder: str) -> str | None:
        """The repository's view of a content folder ("edit/main/content/" -> "tree/main/content/<folder>")."""
        uri = self.options.content_edit_uri or _content_edit_uri(self.edit_uri)
        if not self.repo_url or not uri.startswith("edit/"):
            return None
        return self.repo_url + "tree/" + uri[len("edit/"):] + folder

    def generated_date(self, generated: SitePage) -> str | None:
        """A generated page without a date of its own shows the newest date of the content behind it."""
        if self._newest is None:
            self._index_dates()
        kind, key = generated.kind, generated.key
        dates = []
        if kind in ("agency", "unit"):
            dates.append(self._newest.get(("agency", key.split("/")[0])))
        elif kind == "year":
            dates.append(self._newest.get(("year", key)))
        elif kind == "area":
            dates.append(self._newest.get(("framework", key.split("/")[0])))
        else:
            dates.append(self._newest.get(("all",)))
        if kind in KIND_SOURCES:
            dates.append(self.dates.of(self.content_dir / KIND_SOURCES[kind]))
        return newest(*dates)

    def _index_dates(self) -> None:
        """Newest content date per agency, year and framework, and over everything (plans, FAQ, SOP): computed
        once, so a site of thousands of pages does not look at every plan for every page."""
        table: dict[tuple, str] = {}

        def add(key: tuple, date: str | None) -> None:
            if date and (key not in table or date > table[key]):
                table[key] = date
        for plan in self.content.plans.values():
            date = self.plan_date(plan)
            for key in (("agency", plan.agency), ("year", str(plan.year or "undated")),
                        ("framework", plan.framework), ("all",)):
                add(key, date)
        for item in _services(self.content):
            add(("all",), getattr(item, "updated", None))
        self._newest = table

    def plan_date(self, plan) -> str | None:
        date = self._plan_dates.get(plan.id)
        if date is None:
            date = self._plan_dates[plan.id] = plan.updated or self.dates.of(plan.file)
        return date

    # on_page_content ------------------------------------------------------------------------------------------
    def page_content(self, html: str, page) -> str:
        """Hand-written pages get the breadcrumbs the generated pages have: 首頁 › section › page."""
        lang = page.meta.get("lang", "zh")
        if page.url == page_url(lang):
            return html
        _ = i18n.gettext(lang)
        match = H1.search(html)
        title = TAGS.sub("", match.group(1)).strip() if match else (page.title or "")
        trail: list[tuple[str, str | None]] = [(_("首頁"), page_url(lang))]
        trail += [(section.title, None) for section in reversed(page.ancestors)]
        trail.append((title, page.url))
        return breadcrumbs_html(trail, page.url, _("導覽路徑")) + html

    # on_env ---------------------------------------------------------------------------------------------------
    def fill(self, files, navs: dict) -> None:
        """Write the 網站導覽 pages now that every page's title is known."""
        from . import sitemap_page
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.meta.get("kcg_kind") == "sitemap":
                lang = page.meta.get("lang", "zh")
                page.content = sitemap_page.render(lang, files, navs.get(lang), ui=self.ui[lang],
                                                   labels=self.folder_labels(lang))

    def folder_labels(self, lang: str) -> dict[str, str]:
        """Names of URL folders that are not pages, for grouping on the 網站導覽 page."""
        labels = {page_url(lang, "framework", fw.id): fw.title.get(lang) for fw in self.content.frameworks.values()}
        labels.update({page_url(lang, "units", a.id): a.name.get(lang) for a in self.content.agencies.values()})
        return labels

    # on_post_build --------------------------------------------------------------------------------------------
    def post_build(self, config, links=None) -> None:
        """Feeds, open data and robots.txt, then the link check over everything written (``links``: an
        ``linkcheck.IncrementalCheck`` kept between the rebuilds of mkdocs serve)."""
        from . import feeds, linkcheck, opendata
        site_dir = Path(config.site_dir)
        if self.options.feeds_enabled:
            feeds.write_feeds(self, site_dir)
        if self.data is not None:
            opendata.write_datasets(self.data, site_dir)
        self.cleanup()
        write_robots(site_dir, self.site_url)
        if self.options.links_check:
            linkcheck.check_or_raise(site_dir, self.site_url, links)


def _content_edit_uri(edit_uri: str) -> str:
    """content/ from MkDocs' edit_uri, which points at docs_dir (content/pages/): "edit/main/content/pages/"
    -> "edit/main/content/"."""
    uri = edit_uri.rstrip("/")
    if uri.endswith("/pages"):
        uri = uri[: -len("/pages")]
    return uri + "/" if uri else ""


def _services(content) -> list:
    return [*getattr(content, "faqs", {}).values(), *getattr(content, "sops", {}).values()]


def write_robots(site_dir: Path, site_url: str) -> None:
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url}sitemap.xml")
    (site_dir / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


