"""One navigation per language, cut from the single navigation MkDocs builds for the bilingual site."""
from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section

from ..views import i18n

# (zh title, source file) — English titles come from the catalog; the English tree mirrors this under en/.
NAV = [
    ("首頁", "index.md"),
    ("依年度瀏覽", "years/index.md"),
    ("依機關瀏覽", "agencies/index.md"),
    ("依執行單位瀏覽", "units/index.md"),
    ("依執行要項瀏覽", "framework/index.md"),
    ("常見問答", "faq/index.md"),
    ("標準作業流程", "sop/index.md"),
    ("關於本站", [
        ("編輯指南", "guide/index.md"),
        ("網站導覽", "sitemap/index.md"),
        ("無障礙聲明", "accessibility/index.md"),
        ("開放資料", "data/index.md"),
        ("隱私權保護政策", "privacy/index.md"),
        ("資訊安全政策", "security/index.md"),
        ("政府網站資料開放宣告", "open-data-declaration/index.md"),
    ]),
]
ENGLISH = "English"


def nav_config(existing: set[str]) -> list:
    """The ``nav`` setting for both languages; entries whose page does not exist are left out."""
    def tree(lang: str, entries) -> list:
        _ = i18n.gettext(lang)
        prefix = "en/" if lang == "en" else ""
        out = []
        for title, target in entries:
            if isinstance(target, list):
                children = tree(lang, target)
                if children:
                    out.append({_(title): children})
            elif prefix + target in existing:
                out.append({_(title): prefix + target})
        return out

    return tree("zh", NAV) + [{ENGLISH: tree("en", NAV)}]


def split(nav: Navigation) -> dict[str, Navigation]:
    """{"zh": …, "en": …}: the English section's children become the English navigation's top level."""
    english = next((i for i in nav.items if isinstance(i, Section) and i.title == ENGLISH), None)
    zh_items = [i for i in nav.items if i is not english]
    en_items = list(english.children) if english else []
    for item in en_items:
        item.parent = None
    result = {}
    for lang, items in (("zh", zh_items), ("en", en_items)):
        pages = [p for p in nav.pages if (p.file.src_uri.startswith("en/")) == (lang == "en")]
        for prev, page in zip([None, *pages], pages):
            page.previous_page = prev
            if prev is not None:
                prev.next_page = page
        if pages:
            pages[-1].next_page = None
        result[lang] = Navigation(items, pages)
    return result
