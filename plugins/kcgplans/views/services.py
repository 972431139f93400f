"""FAQ (常見問答) and SOP (標準作業流程) pages, in one language, plus the links plan pages make to them.

Pages: /faq/ (index), /faq/<agency>/, /faq/category/<id>/, /sop/ (index), /sop/<id>/, and the same under /en/.
Every FAQ answer is a heading with its answer below it, anchored by the entry id, so a link opens it without
JavaScript. FAQ pages carry FAQPage structured data (JSON-LD) built from the same entries as the page.
"""
from __future__ import annotations

import functools
import html
import json
import re
from collections import defaultdict
from typing import TYPE_CHECKING

import markdown as _markdown
from markupsafe import Markup, escape

from ..model.services import FaqEntry, Sop, TimeLimit
from ..model.types import HTML_LANG, Text
from .flowchart import FlowStep, flowchart
from .render import Lang
from .urls import page_url, relative

if TYPE_CHECKING:  # pragma: no cover
    from .pages import SitePage, _LangPages

TAGS = re.compile(r"<[^>]+>")
FORMS_URL = "sop/forms/"   # site-root-relative folder the SOP forms are copied to (one copy for both languages)

CHANNEL_NAMES = {"counter": "臨櫃", "phone": "電話", "fax": "傳真", "online": "網路", "mobile": "行動裝置",
                 "mail": "郵寄", "outreach": "到府／到點服務"}
TIME_UNITS = {"working-days": "%(n)s 個工作天", "hours": "%(n)s 小時"}
FORMAT_NAMES = {"odt": "ODT", "ods": "ODS", "odp": "ODP", "pdf": "PDF", "doc": "DOC", "docx": "DOCX", "xls": "XLS",
                "xlsx": "XLSX", "ppt": "PPT", "pptx": "PPTX", "txt": "TXT", "csv": "CSV", "zip": "ZIP",
                "jpg": "JPG", "png": "PNG"}


# Markdown -------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def markdown_html(text: str) -> str:
    """Markdown to HTML with raw HTML switched off (it is shown as text), so content cannot inject markup.
    Remembered by text: every build of `mkdocs serve` converts the same answers again otherwise."""
    md = _markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md.convert(text)


def plain_text(html_text: str) -> str:
    return " ".join(html.unescape(TAGS.sub(" ", html_text)).split())


def md_block(L: Lang, text: Text | None, cls: str = "kcg-md") -> Markup:
    """A Markdown text as a <div>; Chinese shown on an English page is marked (and counted) like L.paras."""
    if text is None:
        return Markup("")
    attrs = f' class="{cls}"'
    if text.lang_of(L.code) != L.code:
        L.untranslated += 1
        attrs += f' lang="{HTML_LANG["zh"]}"'
    return Markup(f"<div{attrs}>{markdown_html(text.get(L.code))}</div>")


# Pages ----------------------------------------------------------------------------------------------------

class ServicePages:
    """The FAQ and SOP pages of one language, built through the plan pages' own page factory."""

    def __init__(self, lp: "_LangPages"):
        self.lp = lp
        self.c = lp.c
        self.lang = lp.lang
        self._ = lp._
        self.by_agency: dict[str, list[FaqEntry]] = defaultdict(list)
        self.by_category: dict[str, list[FaqEntry]] = defaultdict(list)
        for entry in self.c.faqs.values():
            self.by_agency[entry.agency].append(entry)
            self.by_category[entry.category].append(entry)
        self.sops_by_agency: dict[str, list[Sop]] = defaultdict(list)
        self.sops_for_faq: dict[str, list[Sop]] = defaultdict(list)
        for sop in self.c.sops.values():
            self.sops_by_agency[sop.agency].append(sop)
            for faq_id in sop.related_faq:
                self.sops_for_faq[faq_id].append(sop)
        # The SOPs, then the FAQ entries, that quote each plan's measures, in the order the plan page lists them:
        # looked up once here, not by going through every entry for each of a thousand plans.
        self.quoting: dict[str, list[tuple[str, Sop | FaqEntry]]] = defaultdict(list)
        for items in (sorted(self.c.sops.values(), key=lambda s: s.id), self.c.faqs.values()):
            for item in items:
                for ref in item.measures:
                    plan_id, measure_id = ref.split("#")
                    self.quoting[plan_id].append((measure_id, item))

    # URLs
    def faq_index_url(self) -> str:
        return page_url(self.lang, "faq")

    def faq_agency_url(self, agency_id: str) -> str:
        return page_url(self.lang, "faq", agency_id)

    def faq_category_url(self, category_id: str) -> str:
        return page_url(self.lang, "faq", "category", category_id)

    def faq_entry_url(self, entry_id: str) -> str:
        return self.faq_agency_url(self.c.faqs[entry_id].agency) + "#" + entry_id

    def sop_index_url(self) -> str:
        return page_url(self.lang, "sop")

    def sop_url(self, sop_id: str) -> str:
        return page_url(self.lang, "sop", sop_id)

    def measure_url(self, ref: str) -> str:
        plan_id, measure_id = ref.split("#")
        return page_url(self.lang, "plans", plan_id) + "#" + measure_id

    def _values(self) -> dict:
        return dict(faq_index_url=self.faq_index_url(), faq_agency_url=self.faq_agency_url,
                    faq_category_url=self.faq_category_url, faq_entry_url=self.faq_entry_url,
                    sop_index_url=self.sop_index_url(), sop_url=self.sop_url, measure_url=self.measure_url,
                    md=md_block, categories=self.c.faq_categories, agency_by_id=self.c.agencies, faqs=self.c.faqs,
                    sops=self.c.sops, sops_for_faq=self.sops_for_faq, measure_groups=self.measure_groups,
                    time_label=self.time_label, channel_name=lambda t: self._(CHANNEL_NAMES[t]),
                    format_name=lambda f: FORMAT_NAMES.get(f, f.upper()), size_label=self.size_label,
                    form_url=lambda name: FORMS_URL + name, clause_list=self.clause_list, fmt=self.fmt)

    def fmt(self, message: str, **values) -> Markup:
        """A translated message with HTML values (e.g. L.tx output) put in without being escaped twice."""
        return Markup(escape(self._(message))) % values

    def all(self):
        if self.c.faqs:
            yield self.faq_index()
            yield from self.faq_agency_pages()
            yield from self.faq_category_pages()
        if self.c.sops:
            yield self.sop_index()
            yield from self.sop_pages()

    def _agencies_with(self, mapping) -> list:
        return [a for a in self.lp._agencies_sorted() if mapping.get(a.id)]

    def faq_index(self) -> "SitePage":
        url = self.faq_index_url()
        title = self._("常見問答")
        agencies = [(a, len(self.by_agency[a.id])) for a in self._agencies_with(self.by_agency)]
        categories = [(cat, self.by_category.get(cat.id, [])) for cat in self.c.faq_categories.values()]
        jsonld = {"@context": "https://schema.org", "@type": "CollectionPage", "name": title,
                  "inLanguage": HTML_LANG[self.lang],
                  "hasPart": [{"@type": "FAQPage", "name": self._faq_agency_title(a), "url": relative(url, self.faq_agency_url(a.id))}
                              for a, _ in agencies]}
        return self.lp._page("faq-index", "faq", url, title, "faq_index.html", depends_on=[],
                             description=self._("各機關常見問答：依機關或分類瀏覽。"),
                             jsonld=[_json(jsonld)], agencies=agencies, faq_categories=categories,
                             trail=self.lp._trail((title, url)), **self._values())

    def _faq_agency_title(self, agency) -> str:
        return self._("%(agency)s常見問答", agency=self.lp._t(agency.short_name or agency.name))

    def faq_agency_pages(self):
        for agency in self._agencies_with(self.by_agency):
            url = self.faq_agency_url(agency.id)
            entries = self.by_agency[agency.id]
            groups = [(cat, [e for e in entries if e.category == cat.id]) for cat in self.c.faq_categories.values()]
            groups = [(cat, es) for cat, es in groups if es]
            title = self._faq_agency_title(agency)
            yield self.lp._page(
                "faq-agency", agency.id, url, title, "faq_agency.html", depends_on=self._plans_of(entries),
                description=self._("%(agency)s 的常見問答", agency=self.lp._t(agency.name)),
                updated=max(e.updated for e in entries), source=str(entries[0].file),
                jsonld=[self._faq_jsonld(title, url, entries)], agency=agency, groups=groups, count=len(entries),
                documents=sorted({e.source.document for e in entries}),
                trail=self.lp._trail((self._("常見問答"), self.faq_index_url()), (title, url)), **self._values())

    def faq_category_pages(self):
        for cat in self.c.faq_categories.values():
            url = self.faq_category_url(cat.id)
            entries = self.by_category.get(cat.id, [])
            groups = [(a, [e for e in entries if e.agency == a.id]) for a in self.lp._agencies_sorted()]
            groups = [(a, es) for a, es in groups if es]
            title = self._("常見問答：%(category)s", category=self.lp._t(cat.name))
            yield self.lp._page(
                "faq-category", cat.id, url, title, "faq_category.html", depends_on=self._plans_of(entries),
                description=self._("「%(category)s」分類的常見問答", category=self.lp._t(cat.name)),
                updated=max((e.updated for e in entries), default=None),
                jsonld=[self._faq_jsonld(title, url, entries)] if entries else [], category=cat, groups=groups,
                count=len(entries),
                trail=self.lp._trail((self._("常見問答"), self.faq_index_url()), (self.lp._t(cat.name), url)),
                **self._values())

    def _plans_of(self, items) -> list:
        """The plans whose measures FAQ entries or SOPs link to (with the start of each measure's text): what
        their pages are made from, for the render cache."""
        ids = sorted({ref.split("#")[0] for item in items for ref in item.measures})
        return [self.c.plans[i] for i in ids if i in self.c.plans]

    def _faq_jsonld(self, title: str, url: str, entries: list[FaqEntry]) -> str:
        data = {
            "@context": "https://schema.org", "@type": "FAQPage", "name": title, "inLanguage": HTML_LANG[self.lang],
            "mainEntity": [{
                "@type": "Question", "@id": "#" + e.id, "name": e.question.get(self.lang),
                "inLanguage": HTML_LANG[e.question.lang_of(self.lang)], "dateModified": e.updated,
                "acceptedAnswer": {"@type": "Answer", "text": markdown_html(e.answer.get(self.lang)),
                                   "inLanguage": HTML_LANG[e.answer.lang_of(self.lang)]},
            } for e in entries],
        }
        return _json(data)

    def sop_index(self) -> "SitePage":
        url = self.sop_index_url()
        title = self._("標準作業流程")
        groups = [(a, sorted(self.sops_by_agency[a.id], key=lambda s: s.id)) for a in self._agencies_with(self.sops_by_agency)]
        return self.lp._page("sop-index", "sop", url, title, "sop_index.html", depends_on=[],
                             description=self._("各機關申辦服務的標準作業流程：流程、期限、應備文件與表單。"),
                             groups=groups, trail=self.lp._trail((title, url)), **self._values())

    def sop_pages(self):
        for sop in sorted(self.c.sops.values(), key=lambda s: s.id):
            agency = self.c.agencies[sop.agency]
            url = self.sop_url(sop.id)
            title = self.lp._t(sop.title)
            steps = [FlowStep(s.text.get(self.lang), self.step_meta(s),
                              None if s.text.lang_of(self.lang) == self.lang else HTML_LANG["zh"],
                              None if all(t is None or t.lang_of(self.lang) == self.lang for t in (s.actor,))
                              else HTML_LANG["zh"])
                     for s in sop.steps]
            chart = flowchart(steps, svg_id="flowchart", title=self._("流程圖：%(title)s", title=title),
                              describedby="steps-list",
                              title_lang=None if sop.title.lang_of(self.lang) == self.lang else HTML_LANG["zh"]) \
                if steps else Markup("")
            related = [self.c.faqs[f] for f in sop.related_faq if f in self.c.faqs]
            yield self.lp._page(
                "sop", sop.id, url, title, "sop.html", depends_on=self._plans_of([sop]),
                description=self._("%(agency)s 標準作業流程：%(title)s", agency=self.lp._t(agency.name), title=title),
                updated=sop.updated, source=str(sop.file), sop=sop, agency=agency, chart=chart, related=related,
                trail=self.lp._trail((self._("標準作業流程"), self.sop_index_url()), (title, url)), **self._values())

    # Labels
    def time_label(self, limit: TimeLimit | None) -> str:
        if not limit:
            return ""
        if limit.amount == "1":  # English needs the singular: "1 working day", "1 hour"
            singular = TIME_UNITS[limit.unit] % {"n": 1}
            return self._(singular)
        return self._(TIME_UNITS[limit.unit], n=limit.amount)

    def step_meta(self, step) -> str:
        who = step.actor.get(self.lang) if step.actor else self._("請洽承辦單位")
        when = self.time_label(step.time_limit) if step.time_limit else self._("請洽承辦單位")
        return f"{self._('辦理者')}{self._('：')}{who}{self._('；')}{self._('時限')}{self._('：')}{when}"

    def size_label(self, size: int) -> str:
        if size >= 1024 * 1024:
            return f"{size / 1024 / 1024:.1f} MB"
        return f"{max(1, round(size / 1024))} KB"

    def clause_list(self, clauses) -> str:
        return self._("、").join(clauses)

    def measure_groups(self, L: Lang, refs) -> list[tuple[str, Markup, list[tuple[str, Markup]]]]:
        """Plan measures grouped by plan: [(plan url, plan title, [(measure url, start of its text)])]."""
        groups: dict[str, list[tuple[str, Markup]]] = {}
        limit = 40 if self.lang == "zh" else 90
        for ref in refs:
            plan_id, measure_id = ref.split("#")
            plan = self.c.plans[plan_id]
            measure = next(m for _, _, m in plan.measures() if m.id == measure_id)
            text = measure.label or measure.text
            short = " ".join(text.get(self.lang).split())
            short = short if len(short) <= limit else short[: limit - 1] + "…"
            groups.setdefault(plan_id, []).append(
                (self.measure_url(ref), L.tx(Text(short) if text.lang_of(self.lang) == "zh" else Text(short, short))))
        return [(page_url(self.lang, "plans", pid), L.tx(self.c.plans[pid].title), items) for pid, items in groups.items()]

    # Links from plan and agency pages
    def plan_links(self, plan, url: str) -> tuple[str, dict[str, str], int]:
        """(HTML for the plan page's top slot, {measure id: HTML}, untranslated count)."""
        L = Lang(self.lang)
        links: dict[str, list[str]] = defaultdict(list)
        for measure_id, item in self.quoting.get(plan.id, ()):
            if isinstance(item, Sop):
                links[measure_id].append(
                    f'{escape(self._("標準作業流程"))}{escape(self._("："))}'
                    f'<a href="{escape(relative(url, self.sop_url(item.id)))}">{L.tx(item.title)}</a>')
            else:
                links[measure_id].append(
                    f'{escape(self._("常見問答"))}{escape(self._("："))}'
                    f'<a href="{escape(relative(url, self.faq_entry_url(item.id)))}">{L.tx(item.question)}</a>')
        measure_links = {m: escape(self._("；")).join(Markup(x) for x in xs) for m, xs in links.items()}
        top = self.agency_box(plan.agency, url, L)
        return top, {k: str(v) for k, v in measure_links.items()}, L.untranslated

    def agency_links(self, agency_id: str, url: str) -> tuple[str, int]:
        """(HTML for the agency page's bottom slot, untranslated count)."""
        L = Lang(self.lang)
        return self.agency_box(agency_id, url, L), L.untranslated

    def agency_box(self, agency_id: str, url: str, L: Lang) -> str:
        faqs = self.by_agency.get(agency_id, [])
        sops = sorted(self.sops_by_agency.get(agency_id, []), key=lambda s: s.id)
        if not faqs and not sops:
            return ""
        items = []
        if faqs:
            items.append(f'<li><a href="{escape(relative(url, self.faq_agency_url(agency_id)))}">'
                         f'{escape(self._faq_agency_title(self.c.agencies[agency_id]))}</a> '
                         f'<span class="kcg-count">{escape(self._("%(n)s 則問答", n=len(faqs)))}</span></li>')
        for sop in sops:
            items.append(f'<li>{escape(self._("標準作業流程"))}{escape(self._("："))}'
                         f'<a href="{escape(relative(url, self.sop_url(sop.id)))}">{L.tx(sop.title)}</a></li>')
        return (f'<nav class="kcg-services" aria-labelledby="services">'
                f'<h2 id="services">{escape(self._("常見問答與申辦服務"))}</h2>'
                f'<ul class="kcg-link-list">{"".join(items)}</ul></nav>')


def _json(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> block: '<' escaped so no text can close the script."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026")
