"""Every generated page of the site, in both languages, as plain data (HTML body + metadata).

The MkDocs plugin turns these into MkDocs pages; another generator could write them out just as well.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from ..model import Content
from ..model.types import LANGS, Agency, Plan
from . import i18n
from .render import render, year_label
from .render_cache import RenderCache, digest
from .services import ServicePages
from .urls import page_url

KIND_ORDER = ["局處", "所屬機關", "區公所"]
HEADING = re.compile(r'<h([2-4]) id="([^"]+)">(.*?)</h\1>', re.S)
TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    title: str


@dataclass
class SitePage:
    url: str                   # site-root-relative, e.g. "en/plans/finance-bureau-113/"
    lang: str                  # "zh" or "en"
    kind: str                  # home, plan, agency, unit, year, years, agencies, units, frameworks, area
    key: str                   # the same for a page and its twin in the other language
    title: str
    body: str | None           # None: not rendered yet (lazy pages, see ensure())
    description: str = ""
    updated: str | None = None
    untranslated: int = 0      # texts shown in Chinese on an English page
    toc: list[TocEntry] = field(default_factory=list)
    source: str | None = None  # content file the page comes from (for 編輯此頁)
    jsonld: list[str] = field(default_factory=list)  # JSON-LD blocks for <head> (FAQPage on FAQ pages)
    fingerprint: str | None = None  # of the body's inputs, when built with a RenderCache
    # A page built with lazy=True has body None until ensure() renders (body, untranslated count, toc) with this
    render: Callable[[], tuple[str, int, list[TocEntry]]] | None = field(default=None, repr=False, compare=False)

    def ensure(self) -> "SitePage":
        """Render the body of a lazy page if it is not in memory; body, untranslated and toc are then set."""
        if self.body is None and self.render is not None:
            self.body, self.untranslated, toc = self.render()
            self.toc = list(toc)
        return self

    def release(self) -> None:
        """Let a lazy page's body go once it is written: a large archive's bodies need not all stay in memory."""
        if self.render is not None:
            self.body = None


# Extra HTML a caller wants in a page (downloads, FAQ links…): (page kind, key, lang) -> {slot: html}
Extras = Callable[[str, str, str, str], dict[str, str]]


def no_extras(kind: str, key: str, lang: str, url: str) -> dict[str, str]:
    return {}


class _Urls:
    """URL builders handed to templates (site-root-relative)."""

    def __init__(self, lang: str):
        self.lang = lang

    def plan(self, plan_id: str) -> str:
        return page_url(self.lang, "plans", plan_id)

    def agency(self, agency_id: str) -> str:
        return page_url(self.lang, "agencies", agency_id)

    def unit(self, agency_id: str, unit_id: str) -> str:
        return page_url(self.lang, "units", agency_id, unit_id)

    def year(self, year: int | None) -> str:
        return page_url(self.lang, "years", str(year) if year else "undated")

    def framework_area(self, framework_id: str, area_id: str) -> str:
        return page_url(self.lang, "framework", framework_id, area_id)

    def plan_area(self, plan: Plan, area_id: str) -> str:
        """The section of a plan page that holds its measures of one strategy area."""
        index = next(i for i, a in enumerate(plan.areas, 1) if a.area == area_id)
        return self.plan(plan.id) + f"#area-{index}"

    def common(self) -> dict:
        return dict(plan_url=self.plan, agency_url=self.agency, unit_url=self.unit, year_url=self.year,
                    area_url=self.framework_area, plan_area_url=self.plan_area, home_url=page_url(self.lang),
                    units_url=page_url(self.lang, "units"), framework_index_url=page_url(self.lang, "framework"),
                    years_url=page_url(self.lang, "years"), agencies_url=page_url(self.lang, "agencies"))


def build_pages(content: Content, *, extras: Extras = no_extras, home_intro: dict[str, str] | None = None,
                langs: tuple[str, ...] = LANGS, audit_summary: dict | None = None,
                cache: RenderCache | None = None, lazy: bool = False) -> list[SitePage]:
    """Every generated page; with a ``cache`` from an earlier build, only pages whose inputs changed are
    rendered again. ``lazy``: bodies are rendered on ``SitePage.ensure()`` (not in the cache: rendered now)."""
    pages: list[SitePage] = []
    if cache is not None and cache.index_memo is None:
        cache.index_memo = IndexMemo()
    index = _Index(content, cache.index_memo if cache is not None else None)
    if cache is not None:
        cache.start(content.root, {plan.id: plan.file for plan in index.plans}, home_intro, langs)
    for lang in langs:
        lang_pages = _LangPages(content, index, lang, extras, (home_intro or {}).get(lang, ""), cache, lazy)
        pages.extend(lang_pages.all())
        pages.append(lang_pages.statement(audit_summary))
    return pages


class _Index:
    """Cross-references computed once for both languages."""

    def __init__(self, content: Content, memo: "IndexMemo | None" = None):
        # memo: kept by the render cache between builds; a build without one fills a memo of its own
        self.memo = memo = memo if memo is not None else IndexMemo()
        self.plans = content.sorted_plans()
        self.by_agency: dict[str, list[Plan]] = defaultdict(list)
        self.by_year: dict[int | None, list[Plan]] = defaultdict(list)
        self.unit_measures: dict[tuple[str, str], list[tuple[Plan, list]]] = defaultdict(list)
        self.area_measures: dict[tuple[str, str], dict[str, list[tuple[Plan, list]]]] = defaultdict(lambda: defaultdict(list))
        self.area_counts: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        for plan in self.plans:
            self.by_agency[plan.agency].append(plan)
            self.by_year[plan.year].append(plan)
            per_unit, per_area = memo.of(plan)
            for unit, measures in per_unit.items():
                self.unit_measures[(plan.agency, unit)].append((plan, measures))
            for area_id, measures in per_area.items():
                self.area_measures[(plan.framework, area_id)][plan.agency].append((plan, measures))
                self.area_counts[plan.framework][plan.agency][area_id] += len(measures)
        memo.keep(self.plans)

    def listing(self, plans: list[Plan]) -> str:
        """Fingerprint of what lists of these plans show (``_listing``), in their order."""
        return digest([self.memo.listing(p) for p in plans])


def _measures_of(plan: Plan) -> tuple[dict[str, list], dict[str, list]]:
    """A plan's measures by responsible unit and by strategy area: [(area, focus point, measure)]."""
    per_unit: dict[str, list] = defaultdict(list)
    per_area: dict[str, list] = defaultdict(list)
    for area, point, measure in plan.measures():
        for unit in measure.units:
            per_unit[unit].append((area, point, measure))
        per_area[area.area].append((area, point, measure))
    return dict(per_unit), dict(per_area)


def _listing(plan: Plan, parts: tuple[dict[str, list], dict[str, list]]) -> str:
    """What a list of plans by title shows of one plan (the home, year and agency pages): its id, title, year,
    agency and framework, its areas in order and how many measures each area and each unit has. Editing a
    measure's text leaves it unchanged, so those lists are not rendered again."""
    per_unit, per_area = parts
    return digest(plan.id, plan.title.zh, plan.title.en, plan.year, plan.agency, plan.framework,
                  [(a.area, len(per_area.get(a.area, []))) for a in plan.areas],
                  sorted((unit, len(measures)) for unit, measures in per_unit.items()))


def _unit_view(plan: Plan, measures: list) -> str:
    """What a unit page shows of one plan's measures: the plan's id, and the id, label and text of the unit's
    measures (the plan itself is named by _LangPages._plan_label, which the page's fingerprint takes apart)."""
    text = lambda t: None if t is None else (t.zh, t.en)  # noqa: E731
    return digest(plan.id, [(m.id, text(m.label), text(m.text)) for _, _, m in measures])


@dataclass
class _PlanIndex:
    """One plan's cross-references (_measures_of), with the digests of what lists and unit pages show of it."""
    plan: Plan
    per_unit: dict[str, list]
    per_area: dict[str, list]
    listing: str | None = None  # made when first asked for
    unit_views: dict[str, str] = field(default_factory=dict)


class IndexMemo:
    """A ``_PlanIndex`` per plan object, kept between the builds of `mkdocs serve`: the content loader hands back
    the same (frozen) plan object while its file is unchanged, so only edited plans are gone through."""

    def __init__(self) -> None:
        self._plans: dict[int, _PlanIndex] = {}

    def _entry(self, plan: Plan) -> _PlanIndex:
        entry = self._plans.get(id(plan))
        if entry is None or entry.plan is not plan:
            entry = self._plans[id(plan)] = _PlanIndex(plan, *_measures_of(plan))
        return entry

    def of(self, plan: Plan) -> tuple[dict[str, list], dict[str, list]]:
        entry = self._entry(plan)
        return entry.per_unit, entry.per_area

    def listing(self, plan: Plan) -> str:
        entry = self._entry(plan)
        if entry.listing is None:
            entry.listing = _listing(plan, (entry.per_unit, entry.per_area))
        return entry.listing

    def unit_view(self, plan: Plan, unit_id: str) -> str:
        """What a unit page shows of one plan (_unit_view): editing another unit's measure leaves it unchanged."""
        entry = self._entry(plan)
        view = entry.unit_views.get(unit_id)
        if view is None:
            view = entry.unit_views[unit_id] = _unit_view(plan, entry.per_unit.get(unit_id, []))
        return view

    def keep(self, plans: list[Plan]) -> None:
        """Forget plans that are no longer in the content."""
        live = {id(p) for p in plans}
        self._plans = {k: v for k, v in self._plans.items() if k in live}


class _LangPages:
    def __init__(self, content: Content, index: _Index, lang: str, extras: Extras, home_intro: str,
                 cache: RenderCache | None = None, lazy: bool = False):
        self.c, self.ix, self.lang, self.extras, self.home_intro = content, index, lang, extras, home_intro
        self.cache, self.lazy = cache, lazy
        self.u = _Urls(lang)
        self._ = i18n.gettext(lang)
        self._plan_labels: dict[int, str] = {}
        self.services = ServicePages(self)

    def all(self):
        yield self.home()
        yield from self.plan_pages()
        yield self.agencies_index()
        yield from self.agency_pages()
        yield self.units_index()
        yield from self.unit_pages()
        yield self.years_index()
        yield from self.year_pages()
        yield self.frameworks_index()
        yield from self.area_pages()
        yield from self.services.all()

    # Helpers ------------------------------------------------------------------------------------------------
    def _page(self, kind: str, key: str, url: str, title: str, template: str, *, description: str = "",
              updated: str | None = None, source: str | None = None, jsonld: list[str] | None = None,
              add_top: tuple[str, int] = ("", 0), add_bottom: tuple[str, int] = ("", 0),
              depends_on: list[Plan] | None = None, listed: list[Plan] | None = None, shows: object = None,
              **values) -> SitePage:
        # add_top/add_bottom: (HTML, untranslated count) this module adds to the slots (FAQ/SOP links).
        # depends_on: the plans the body is made from (None: all of them), for the render cache; listed: plans
        # the body only lists (title, year, counts: see _listing), which it depends on only through those;
        # shows: what the body shows of the plans, for pages that depend on them only through that (counts,
        # labels and links, or _unit_view digests), compared by its text.
        extra = self.extras(kind, key, self.lang, url)
        top, bottom = extra.get("top", "") + add_top[0], add_bottom[0] + extra.get("bottom", "")
        fingerprint = cached = None
        if self.cache is not None:
            plan_ids = None if depends_on is None else [p.id for p in depends_on]
            listing = self.ix.listing(listed) if listed is not None else None
            fingerprint = self.cache.fingerprint(plan_ids, kind, key, self.lang, url, title, template, description,
                                                 top, bottom, listing, shows)
            cached = self.cache.get((kind, key, self.lang), fingerprint)
        slots = add_top[1] + add_bottom[1]

        def make() -> tuple[str, int, list[TocEntry]]:
            body, untranslated = render(template, self.lang, url, extra_top=top, extra_bottom=bottom,
                                        **{**self.u.common(), **values})
            toc = [TocEntry(int(lv), id_, TAGS.sub("", text).strip()) for lv, id_, text in HEADING.findall(body)]
            made = (body, untranslated, toc)
            if self.cache is not None:
                self.cache.put((kind, key, self.lang), fingerprint, made)
            return made

        if cached is None and self.lazy:
            def lazy() -> tuple[str, int, list[TocEntry]]:
                body, untranslated, toc = make()
                return body, untranslated + slots, toc
            return SitePage(url, self.lang, kind, key, title, None, description, updated, slots, [], source,
                            list(jsonld or ()), fingerprint, render=lazy)
        body, untranslated, toc = cached if cached is not None else make()
        return SitePage(url, self.lang, kind, key, title, body, description, updated, untranslated + slots,
                        list(toc), source, list(jsonld or ()), fingerprint)

    def _t(self, text) -> str:
        return text.get(self.lang) if text else ""

    def _trail(self, *crumbs: tuple[str, str]) -> list[tuple[str, str]]:
        return [(self._("首頁"), page_url(self.lang)), *crumbs]

    def _agency(self, agency_id: str) -> Agency:
        return self.c.agencies[agency_id]

    def _with_agency(self, plans: list[Plan]) -> list[tuple[Plan, Agency]]:
        return [(p, self._agency(p.agency)) for p in plans]

    def _year_label(self, year: int | None) -> str:
        return year_label(self.lang, year)

    def _plan_label(self, plan: Plan) -> str | None:
        """How pages that are already about one agency (its units) or list plans under their agency (strategy
        areas) name a plan: by its year (validation allows an agency one plan a year); None, for a plan that
        states no year: by its title (the template shows it with L.tx). Those pages then name a decade of plans
        in a few words each, and do not change when a title does."""
        if not plan.year:
            return None
        label = self._plan_labels.get(plan.year)
        if label is None:  # asked for each plan of each unit and area page: one translation a year
            label = self._plan_labels[plan.year] = self._("%(year)s計畫", year=self._year_label(plan.year))
        return label

    @staticmethod
    def _label_shown(plan: Plan, label: str | None) -> object:
        """What a page shows to name a plan, for its fingerprint: the label, or the title it stands for."""
        return label if label is not None else (plan.title.zh, plan.title.en)

    # Pages --------------------------------------------------------------------------------------------------
    def home(self) -> SitePage:
        """Intro, the latest year's plans, every year and every agency with its count: a home page of bounded
        size however many years the archive holds (each year's page lists that year's plans)."""
        url = page_url(self.lang)
        years = [(y, len(ps)) for y, ps in sorted(self.ix.by_year.items(), key=lambda kv: -(kv[0] or 0))]
        latest = years[0][0] if years else None
        latest_plans = self.ix.by_year.get(latest, [])
        agencies = [(a, len(self.ix.by_agency.get(a.id, []))) for a in self._agencies_sorted()]
        return self._page("home", "home", url, self._("高雄市政府提升服務執行計畫"), "home.html",
                          depends_on=[], listed=latest_plans, shows=(years, [(a.id, n) for a, n in agencies]),
                          description=self._("高雄市政府各機關提升服務執行計畫：目標、執行要項、措施與執行單位。"),
                          latest=latest, plans=self._with_agency(latest_plans), years=years, agencies=agencies,
                          intro=self.home_intro)

    def plan_pages(self):
        for plan in self.ix.plans:
            agency = self._agency(plan.agency)
            url = self.u.plan(plan.id)
            framework = self.c.frameworks[plan.framework]
            trail = self._trail((self._("依機關瀏覽"), self.u.common()["agencies_url"]),
                                (self._t(agency.name), self.u.agency(agency.id)), (self._t(plan.title), url))
            services_top, measure_links, services_untranslated = self.services.plan_links(plan, url)
            yield self._page(
                "plan", plan.id, url, self._t(plan.title), "plan.html", depends_on=[plan],
                description=self._("%(agency)s 的提升服務執行計畫", agency=self._t(agency.name)),
                updated=plan.updated, source=str(plan.file), plan=plan, agency=agency, framework=framework,
                agency_page=self.u.agency(agency.id), year_page=self.u.year(plan.year),
                framework_url=page_url(self.lang, "framework") + "#fw-" + framework.id,
                area_page=lambda area_id, fw=framework.id: self.u.framework_area(fw, area_id),
                measure_count=plan.measure_count(), trail=trail, measure_links=measure_links,
                add_top=(services_top, services_untranslated))

    def _agencies_sorted(self) -> list[Agency]:
        return sorted(self.c.agencies.values(),
                      key=lambda a: (KIND_ORDER.index(a.kind) if a.kind in KIND_ORDER else 9, a.id))

    def agencies_index(self) -> SitePage:
        by_kind = []
        for kind in KIND_ORDER:
            agencies = [(a, len(self.ix.by_agency.get(a.id, []))) for a in self._agencies_sorted() if a.kind == kind]
            if agencies:
                by_kind.append((kind, agencies))
        url = page_url(self.lang, "agencies")
        return self._page("agencies", "agencies", url, self._("依機關瀏覽"), "agencies.html", by_kind=by_kind,
                          depends_on=[], shows=[(kind, [(a.id, n) for a, n in agencies]) for kind, agencies in by_kind],
                          trail=self._trail((self._("依機關瀏覽"), url)))

    def _unit_counts(self, agency: Agency):
        return [(u, sum(len(ms) for _, ms in self.ix.unit_measures.get((agency.id, u.id), []))) for u in agency.units]

    def agency_pages(self):
        for agency in self._agencies_sorted():
            url = self.u.agency(agency.id)
            children = [a for a in self._agencies_sorted() if a.parent == agency.id]
            yield self._page("agency", agency.id, url, self._t(agency.name), "agency.html", agency=agency,
                             depends_on=[], listed=self.ix.by_agency.get(agency.id, []),
                             add_bottom=self.services.agency_links(agency.id, url),
                             parent=self.c.agencies.get(agency.parent) if agency.parent else None, children=children,
                             plans=self._with_agency(self.ix.by_agency.get(agency.id, [])),
                             units=self._unit_counts(agency),
                             trail=self._trail((self._("依機關瀏覽"), page_url(self.lang, "agencies")),
                                               (self._t(agency.name), url)))

    def units_index(self) -> SitePage:
        url = page_url(self.lang, "units")
        by_agency = [(a, self._unit_counts(a)) for a in self._agencies_sorted() if a.units]
        return self._page("units", "units", url, self._("依執行單位瀏覽"), "units.html", by_agency=by_agency,
                          depends_on=[], shows=[(a.id, [(u.id, n) for u, n in units]) for a, units in by_agency],
                          trail=self._trail((self._("依執行單位瀏覽"), url)))

    def unit_pages(self):
        for agency in self._agencies_sorted():
            for unit in agency.units:
                url = self.u.unit(agency.id, unit.id)
                groups = [(plan, self._plan_label(plan), measures)
                          for plan, measures in self.ix.unit_measures.get((agency.id, unit.id), [])]
                title = f"{self._t(agency.short_name or agency.name)} {self._t(unit.name)}"
                yield self._page("unit", f"{agency.id}/{unit.id}", url, title, "unit.html", agency=agency,
                                 depends_on=[], shows=[(self._label_shown(plan, label), self.ix.memo.unit_view(plan, unit.id))
                                                       for plan, label, _ in groups],
                                 unit=unit, groups=groups, total=sum(len(ms) for _, _, ms in groups),
                                 trail=self._trail((self._("依執行單位瀏覽"), page_url(self.lang, "units")),
                                                   (self._t(agency.name), self.u.agency(agency.id)), (title, url)))

    def years_index(self) -> SitePage:
        url = page_url(self.lang, "years")
        years = [(y, len(ps)) for y, ps in sorted(self.ix.by_year.items(), key=lambda kv: -(kv[0] or 0))]
        return self._page("years", "years", url, self._("依年度瀏覽"), "years.html", years=years,
                          depends_on=[], shows=years,
                          trail=self._trail((self._("依年度瀏覽"), url)))

    def year_pages(self):
        for year, plans in self.ix.by_year.items():
            url = self.u.year(year)
            title = self._year_label(year)
            yield self._page("year", str(year or "undated"), url, title, "year.html", heading=title,
                             depends_on=[], listed=plans, plans=self._with_agency(plans),
                             trail=self._trail((self._("依年度瀏覽"), page_url(self.lang, "years")), (title, url)))

    def frameworks_index(self) -> SitePage:
        url = page_url(self.lang, "framework")
        tables = []
        for fw in self.c.frameworks.values():
            counts = self.ix.area_counts.get(fw.id, {})
            rows = [(a, counts[a.id], sum(counts[a.id].values()), self._cell_links(fw.id, a.id))
                    for a in self._agencies_sorted() if a.id in counts]
            tables.append((fw, rows))
        return self._page("frameworks", "frameworks", url, self._("依執行要項瀏覽"), "frameworks.html", tables=tables,
                          depends_on=[], shows=[(fw.id, [(a.id, sorted(counts.items()), total, sorted(links.items()))
                                                         for a, counts, total, links in rows]) for fw, rows in tables],
                          trail=self._trail((self._("依執行要項瀏覽"), url)))

    def statement(self, summary: dict | None) -> SitePage:
        """無障礙聲明, from the summary of the last accessibility audit (content/accessibility-audit.json)."""
        url = page_url(self.lang, "accessibility")
        title = self._("無障礙聲明")
        return self._page("statement", "statement", url, title, "statement.html", s=summary, depends_on=[],
                          updated=summary["date"] if summary else None, trail=self._trail((title, url)))

    def _cell_links(self, framework_id: str, agency_id: str) -> dict[str, str]:
        """Where each count of the matrix leads: straight to the measures when one plan holds them all, else to
        the strategy area's page, which lists the agency's plans."""
        links = {}
        for area_id in self.ix.area_counts[framework_id][agency_id]:
            plans = self.ix.area_measures[(framework_id, area_id)].get(agency_id, [])
            links[area_id] = (self.u.plan_area(plans[0][0], area_id) if len(plans) == 1
                              else self.u.framework_area(framework_id, area_id) + "#" + agency_id)
        return links

    def area_pages(self):
        """Each strategy area: its agencies, each with its plans named by year (_plan_label) and the number of
        their measures in the area, linking to that section of the plan."""
        for fw in self.c.frameworks.values():
            for area in fw.areas:
                url = self.u.framework_area(fw.id, area.id)
                per_agency = self.ix.area_measures.get((fw.id, area.id), {})
                by_agency = [(a, [(plan, self._plan_label(plan), self.u.plan_area(plan, area.id), len(measures))
                                  for plan, measures in per_agency[a.id]])
                             for a in self._agencies_sorted() if a.id in per_agency]
                title = f"{self._('要項 %(id)s', id=area.id)}{self._('：')}{self._t(area.title)}"
                yield self._page("area", f"{fw.id}/{area.id}", url, title, "area.html", fw=fw, area=area,
                                 depends_on=[], by_agency=by_agency,
                                 shows=[(a.id, [(self._label_shown(plan, label), href, n) for plan, label, href, n in plans])
                                        for a, plans in by_agency],
                                 trail=self._trail((self._("依執行要項瀏覽"), page_url(self.lang, "framework")),
                                                   (self._t(fw.title), page_url(self.lang, "framework") + "#fw-" + fw.id),
                                                   (title, url)))
