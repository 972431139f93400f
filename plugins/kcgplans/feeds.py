"""訊息訂閱: RSS 2.0 and Atom feeds of new and updated plans (and FAQ entries and SOPs once the content has
them), one pair per language: feed.xml and atom.xml at the language's root (/ and /en/).

Each entry is dated by the content's ``updated`` field. An entry's id is a tag URI carrying that date, so a
plan that is updated comes back as a new entry and subscribers see the change.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from .site_config import TAIPEI
from .views import i18n
from .views.urls import page_url

FEED_LANG = {"zh": "zh-TW", "en": "en"}
ID_ATTR = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class FeedItem:
    kind: str          # plan, faq, sop
    key: str
    title: str
    url: str           # site-root-relative
    updated: str       # YYYY-MM-DD
    summary: str
    category: str = ""


def _date(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).replace(tzinfo=TAIPEI)


def _clip(text: str, limit: int = 200) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"[#*_`>\[\]]", "", text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def locate_faqs(pages, lang: str) -> dict[str, str]:
    """FAQ entry id -> URL (with #anchor) of the first generated page of ``lang`` that carries that anchor."""
    found: dict[str, str] = {}
    for page in pages:
        if page.lang != lang or "faq" not in page.kind:
            continue
        for anchor in ID_ATTR.findall(page.ensure().body):
            found.setdefault(anchor, f"{page.url}#{anchor}")
    return found


def items(content, pages, lang: str, *, plan_date=lambda plan: plan.updated) -> list[FeedItem]:
    """Every dated item of one language, newest first."""
    _ = i18n.gettext(lang)
    out: list[FeedItem] = []
    for plan in content.plans.values():
        date = plan_date(plan)
        if not date:
            continue
        agency = content.agencies[plan.agency]
        count = plan.measure_count()
        year = (_("民國 %(roc)s 年（%(ad)s 年）", roc=plan.year, ad=plan.year + 1911) if plan.year
                else _("未載明年度"))
        out.append(FeedItem("plan", plan.id, plan.title.get(lang), page_url(lang, "plans", plan.id), date,
                            f"{agency.name.get(lang)}{_('：')}{year}{_('，')}{_('%(n)s 項措施', n=count)}",
                            agency.name.get(lang)))
    page_list = list(pages)
    faq_urls = locate_faqs(page_list, lang) if getattr(content, "faqs", None) else {}
    faq_index = page_url(lang, "faq")
    for faq in getattr(content, "faqs", {}).values():
        agency = content.agencies.get(faq.agency)
        out.append(FeedItem("faq", faq.id, faq.question.get(lang), faq_urls.get(faq.id, faq_index), faq.updated,
                            _clip(faq.answer.get(lang)), agency.name.get(lang) if agency else ""))
    sop_pages = {p.key: p.url for p in page_list if p.lang == lang and p.kind == "sop"}
    for sop in getattr(content, "sops", {}).values():
        agency = content.agencies.get(sop.agency)
        url = sop_pages.get(sop.id) or next((p.url for p in page_list if p.lang == lang and sop.id in p.url), None)
        if url is None:
            continue
        out.append(FeedItem("sop", sop.id, sop.title.get(lang), url, sop.updated, _clip(sop.description.get(lang)),
                            agency.name.get(lang) if agency else ""))
    out.sort(key=lambda i: (i.updated, i.kind, i.key), reverse=True)
    return out


def _tag(site_url: str, item: FeedItem) -> str:
    parts = urlsplit(site_url or "https://localhost/")
    return f"tag:{parts.hostname},{item.updated}:{parts.path.rstrip('/')}/{item.url}"


def feed(items_: list[FeedItem], lang: str, site_url: str, fmt: str) -> bytes:
    """One feed (fmt "rss" or "atom") of ``items_`` for ``lang``."""
    _ = i18n.gettext(lang)
    base = site_url or "/"
    home = base + page_url(lang)
    self_url = home + ("feed.xml" if fmt == "rss" else "atom.xml")
    fg = FeedGenerator()
    fg.id(home)
    fg.title(_("高雄市政府提升服務執行計畫：新增與更新"))
    fg.subtitle(_("高雄市政府各機關提升服務執行計畫的新增與更新。"))
    fg.link(href=self_url, rel="self")
    fg.link(href=home, rel="alternate")  # last: feedgen uses the last link as the RSS <link>
    fg.language(FEED_LANG[lang])
    fg.generator("kcgplans")
    fg.updated(_date(items_[0].updated) if items_ else dt.datetime(2000, 1, 1, tzinfo=TAIPEI))
    for item in items_:
        entry = fg.add_entry(order="append")
        entry.id(_tag(base, item))
        entry.title(item.title)
        entry.link(href=base + item.url)
        entry.updated(_date(item.updated))
        entry.published(_date(item.updated))
        entry.summary(item.summary) if fmt == "atom" else entry.description(item.summary)
        if item.category:
            entry.category(term=item.category)
    return fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)


def write_feeds(frame, site_dir: Path) -> None:
    """feed.xml and atom.xml of both languages (frame: site_config.SiteFrame)."""
    for lang in ("zh", "en"):
        selected = items(frame.content, frame.pages.values(), lang, plan_date=frame.plan_date)[: frame.options.feeds_limit]
        folder = Path(site_dir) / page_url(lang)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "feed.xml").write_bytes(feed(selected, lang, frame.site_url, "rss"))
        (folder / "atom.xml").write_bytes(feed(selected, lang, frame.site_url, "atom"))
