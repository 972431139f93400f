"""網站導覽 (site map): the accesskeys (導盲磚) and keyboard tips, then a link to every page of the language but
the plans, generated from the build's own list of pages so it can never miss one. Each plan is listed on its
year's and its agency's page, both linked here: a thousand plan titles would make the map heavy to load and to
read, and a plan's title edit would change it.

The accesskey table is built from ``ACCESSKEYS`` and the region names the theme shows as the anchors' titles
(config.extra.kcg_ui), so what the page documents and what the pages carry are the same strings.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup
from markupsafe import escape as _escape

from .site_config import SITEMAP_PATH, breadcrumbs_html
from .views import SitePage, TocEntry, i18n
from .views.urls import page_url, relative


def escape(value) -> str:
    """HTML-escaped text as a plain str (a Markup would escape the markup it is joined with)."""
    return str(_escape(value))


# (key, interface string of the anchor's title, what the region holds). The theme's anchors: theme/main.html
# (U before the header, C at the top of the content, Z before the footer) and the search input
# (theme/partials/search.html, S).
ACCESSKEYS = [
    ("U", "kcg.region.upper", "網站標誌、回首頁、網站導覽、常見問答、語言切換及網站搜尋。"),
    ("C", "kcg.region.center", "本頁的主要內容。"),
    ("Z", "kcg.region.lower", "發布機關資訊、網站政策與服務連結、更新日期及編輯此頁。"),
    ("S", "kcg.region.search", "移至網站搜尋的輸入框。"),
]
# Top-level URL segments with no index page of their own: the label their pages are grouped under
GROUP_LABELS = {"sop": "標準作業流程", "faq": "常見問答"}

TOC = [("regions", "網站區塊"), ("accesskeys", "快速鍵設定"), ("keyboard", "鍵盤操作"), ("structure", "網站架構")]


def placeholder(lang: str) -> SitePage:
    """The page as the plugin registers it in on_config; its body is written by render() in on_env."""
    _ = i18n.gettext(lang)
    url = page_url(lang, SITEMAP_PATH)
    return SitePage(url, lang, "sitemap", "sitemap", _("網站導覽"), "",
                    description=_("本網站的快速鍵、鍵盤操作方式與網站架構。"),
                    toc=[TocEntry(2, id_, _(title)) for id_, title in TOC])


@dataclass
class Node:
    title: str
    url: str | None = None
    children: list["Node"] = field(default_factory=list)


def structure(lang: str, titles: dict[str, str], nav_items, labels: dict[str, str] | None = None) -> list[Node]:
    """The site's tree for one language: the navigation first (its order and sections), then every other page
    under the deepest page whose URL contains it, or grouped by its first URL segment. ``labels`` names URL
    folders that are not pages (units/<agency>/ -> the agency): their pages are grouped under that name."""
    labels = labels or {}
    groups_at: dict[str, Node] = {}
    _ = i18n.gettext(lang)
    home = page_url(lang)
    nodes: dict[str, Node] = {}

    def from_nav(items) -> list[Node]:
        out = []
        for item in items or []:
            if getattr(item, "is_section", False):
                children = from_nav(item.children)
                if children:
                    out.append(Node(item.title, None, children))
            elif getattr(item, "is_page", False):
                url = item.url
                if url in titles and url not in nodes:
                    nodes[url] = Node(titles[url], url)
                    out.append(nodes[url])
        return out

    tree = from_nav(nav_items)
    if home in titles and home not in nodes:
        nodes[home] = Node(titles[home], home)
        tree.insert(0, nodes[home])
    groups: dict[str, Node] = {}
    rest = sorted((u for u in titles if u not in nodes), key=lambda u: u.count("/"))  # parents first, stable
    for url in rest:
        node = Node(titles[url], url)
        parent = _deepest_prefix(url, nodes, home)
        if parent is not None:
            parts = url.rstrip("/").split("/")
            for cut in range(parent.url.rstrip("/").count("/") + 2, len(parts)):
                folder = "/".join(parts[:cut]) + "/"
                if folder in labels:
                    if folder not in groups_at:
                        groups_at[folder] = Node(labels[folder])
                        parent.children.append(groups_at[folder])
                    parent = groups_at[folder]
            parent.children.append(node)
        else:
            segment = url[len(home):].split("/", 1)[0]
            if segment not in groups:
                groups[segment] = Node(_(GROUP_LABELS.get(segment, segment)))
                first_section = next((i for i, n in enumerate(tree) if n.url is None and n not in groups.values()),
                                     len(tree))
                tree.insert(first_section, groups[segment])
            groups[segment].children.append(node)
        nodes[url] = node
    return tree


def _deepest_prefix(url: str, nodes: dict[str, Node], home: str) -> Node | None:
    parts = url.rstrip("/").split("/")
    for cut in range(len(parts) - 1, 0, -1):
        candidate = "/".join(parts[:cut]) + "/"
        if candidate != home and candidate in nodes:
            return nodes[candidate]
    return None


def render(lang: str, files, nav, *, ui: dict[str, str], labels: dict[str, str] | None = None) -> str:
    """The page body: introduction, accesskeys, keyboard tips and the tree of every page of ``lang`` but the
    plans (listed on the year and agency pages)."""
    _ = i18n.gettext(lang)
    url = page_url(lang, SITEMAP_PATH)
    plans = page_url(lang, "plans")
    titles: dict[str, str] = {}
    for file in files.documentation_pages():
        page = file.page
        if page is None or (file.src_uri.startswith("en/")) != (lang == "en") or page.url.startswith(plans):
            continue
        titles[page.url] = str(page.meta.get("title") or page.title or page.url)
    tree = structure(lang, titles, nav.items if nav is not None else [], labels)
    return page_body(lang, url, tree, ui)


def page_body(lang: str, url: str, tree: list[Node], ui: dict[str, str]) -> str:
    _ = i18n.gettext(lang)
    h = []
    h.append(breadcrumbs_html([(_("首頁"), page_url(lang)), (_("網站導覽"), url)], url, _("導覽路徑")))
    h.append(f'<h1 id="top">{escape(_("網站導覽"))}</h1>')
    regions = [k for k in ACCESSKEYS if k[0] != "S"]
    h.append(f'<h2 id="regions">{escape(_("網站區塊"))}</h2>')
    h.append("<p>" + escape(_("本網站依無障礙網頁設計原則建置，網站的主要內容分為 %(n)s 大區塊：", n=len(regions))) + "</p>")
    h.append("<ol>")
    for key, name, what in regions:
        h.append(f"<li><strong>{escape(ui[name])}</strong>{escape(_('：'))}{escape(_(what))}</li>")
    h.append("</ol>")
    h.append(f'<h2 id="accesskeys">{escape(_("快速鍵設定"))}</h2>')
    h.append("<p>" + escape(_("本網站的快速鍵（Accesskey）設定如下；每個區塊開頭有「:::」定位點（導盲磚），"
                                "按下快速鍵即移到該點，再按 Tab 鍵瀏覽該區塊。")) + "</p>")
    h.append('<div class="kcg-table-scroll kcg-accesskeys"><table>')
    h.append(f"<caption>{escape(_('快速鍵一覽'))}</caption>")
    h.append("<thead><tr>" + "".join(f'<th scope="col">{escape(_(c))}</th>' for c in
                                     ("快速鍵", "Firefox 瀏覽器", "macOS", "區塊", "說明")) + "</tr></thead><tbody>")
    for key, name, what in ACCESSKEYS:
        h.append(f'<tr id="accesskey-{key.lower()}" data-accesskey="{key}">'
                 f'<th scope="row"><kbd>Alt</kbd>+<kbd>{key}</kbd></th>'
                 f"<td><kbd>Shift</kbd>+<kbd>Alt</kbd>+<kbd>{key}</kbd></td>"
                 f"<td><kbd>Control</kbd>+<kbd>Option</kbd>+<kbd>{key}</kbd></td>"
                 f'<td class="kcg-accesskeys__region">{escape(ui[name])}</td><td>{escape(_(what))}</td></tr>')
    h.append("</tbody></table></div>")
    h.append("<p>" + escape(_("Windows 的 Chrome 與 Edge 瀏覽器使用 Alt+字母鍵；Firefox 使用 Shift+Alt+字母鍵；"
                                "macOS 的瀏覽器使用 Control+Option+字母鍵。")) + "</p>")
    h.append(f'<h2 id="keyboard">{escape(_("鍵盤操作"))}</h2>')
    h.append("<ul>")
    for tip in ("第一次按 Tab 鍵會出現「跳到主要內容」連結，按 Enter 鍵即跳過頁首，直接閱讀本頁內容。",
                "Tab 鍵移到下一個連結、按鈕或輸入框；Shift+Tab 鍵回到上一個；Enter 鍵開啟連結。",
                "方向鍵 ↑ ↓ 捲動頁面；Page Up、Page Down 鍵上下翻頁；Home、End 鍵移到頁首、頁尾。",
                "Ctrl+「+」放大、Ctrl+「-」縮小、Ctrl+0 還原文字大小（macOS 以 Command 鍵代替 Ctrl）。",
                "Alt+← 回上一頁，Alt+→ 到下一頁（macOS 為 Command+[ 與 Command+]）。",
                "Ctrl+P 列印本頁：列印時不印選單、頁首與頁尾，外部連結會印出網址。",
                "網站搜尋需要 JavaScript；瀏覽器未啟用時，仍可經由本頁連到每個網頁，計畫則列在其年度與機關的頁面。"):
        h.append(f"<li>{escape(_(tip))}</li>")
    h.append("</ul>")
    h.append(f'<h2 id="structure">{escape(_("網站架構"))}</h2>')
    h.append("<p>" + escape(_("每一份計畫列在其年度與機關的頁面（依年度瀏覽、依機關瀏覽）。")) + "</p>")
    h.append(_tree(tree, url, "kcg-sitemap"))
    return "\n".join(h) + "\n"


def _tree(nodes: list[Node], url: str, cls: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    out = [f"<ul{attrs}>"]
    for node in nodes:
        label = (Markup(f'<a href="{escape(relative(url, node.url))}">{escape(node.title)}</a>')
                 if node.url is not None else Markup(f"<span>{escape(node.title)}</span>"))
        out.append(f"<li>{label}{_tree(node.children, url) if node.children else ''}</li>")
    out.append("</ul>")
    return "".join(out)
