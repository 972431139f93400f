"""The built site has every page the content calls for, and the pages are structured for screen readers."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from support import ROOT
from sitehtml import article, html_pages, page, resolve, url_of

from kcgplans.model import load_content

CONTENT = load_content(ROOT / "content")
LANGS = {"zh": "", "en": "en/"}


@pytest.mark.parametrize("lang", LANGS)
def test_every_content_object_has_its_page(built_site, lang):
    p = LANGS[lang]
    expected = [p, p + "years/", p + "agencies/", p + "units/", p + "framework/"]
    expected += [f"{p}plans/{plan}/" for plan in CONTENT.plans]
    expected += [f"{p}agencies/{a}/" for a in CONTENT.agencies]
    expected += [f"{p}units/{a.id}/{u.id}/" for a in CONTENT.agencies.values() for u in a.units]
    expected += [f"{p}years/{plan.year or 'undated'}/" for plan in CONTENT.plans.values()]
    expected += [f"{p}framework/{fw.id}/{area.id}/" for fw in CONTENT.frameworks.values() for area in fw.areas]
    missing = [u for u in expected if not (built_site / u / "index.html").is_file()]
    assert not missing


@pytest.mark.parametrize("plan_id", sorted(CONTENT.plans))
def test_plan_page_has_the_whole_plan_with_anchored_measures(built_site, plan_id):
    plan = CONTENT.plans[plan_id]
    tree = page(built_site, f"plans/{plan_id}/")
    body = article(tree)
    agency = CONTENT.agencies[plan.agency]
    assert [h.text_content().strip() for h in body.xpath(".//h1")] == [plan.title.zh]
    for area, point, measure in plan.measures():
        item = body.xpath(f".//li[@id='{measure.id}']")
        assert len(item) == 1, measure.id
        text = re.sub(r"\s+", "", item[0].text_content())
        assert re.sub(r"\s+", "", measure.text.zh) in text
        units = item[0].xpath(".//p[contains(@class,'kcg-units')]")[0]
        names = "、".join(agency.unit(u).name.zh for u in measure.units) or "原計畫未載明"
        assert units.text_content() == "執行單位：" + names
        assert not units.xpath(".//a"), measure.id  # named here, linked once in the facts (below)
        # Every link in a measure goes somewhere else: no "#" link to itself (a Tab stop per measure that only
        # repeats the address; axe cannot tell whether "#" is in its accessible name).
        assert not [a for a in item[0].xpath(".//a/@href") if a.startswith("#")], measure.id
    # The facts link every unit the measures name, each once, to its page
    facts = body.xpath(".//dl[@class='kcg-facts']")[0]
    dd = facts.xpath("dt[.='執行單位']/following-sibling::dd[1]")[0]
    named = list(dict.fromkeys(u for _, _, m in plan.measures() for u in m.units))
    assert [(a.text_content(), a.get("href")) for a in dd.xpath("a")] == [
        (agency.unit(u).name.zh, f"../../units/{plan.agency}/{u}/") for u in named]
    h4 = [h.text_content().strip() for h in body.xpath(".//h4")]
    assert h4 == [p.title.zh for a in plan.areas for p in a.focus_points]


def test_a_plan_without_a_year_says_so(built_site):
    undated = [p for p in CONTENT.plans.values() if p.year is None]
    assert undated, "the content has a plan whose source states no year"
    for plan in undated:
        facts = page(built_site, f"plans/{plan.id}/").xpath("//dl[@class='kcg-facts']")[0].text_content()
        assert "原計畫未載明年度" in facts
        en = page(built_site, f"en/plans/{plan.id}/").xpath("//dl[@class='kcg-facts']")[0].text_content()
        assert "does not state its year" in en


@pytest.mark.parametrize("path", ["", "plans/finance-bureau-113/", "framework/", "units/finance-bureau/secretariat/",
                                  "en/plans/yancheng-district-office/", "en/framework/six-areas/1/"])
def test_headings_form_an_outline(built_site, path):
    tree = page(built_site, path)
    levels = [int(h.tag[1]) for h in tree.xpath("//article//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5]")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels


def test_framework_matrix_counts_measures_and_links_to_them(built_site):
    tree = page(built_site, "framework/")
    tables = tree.xpath("//table[contains(@class,'kcg-matrix')]")
    assert len(tables) == len(CONTENT.frameworks)
    checked = 0
    for table in tables:
        assert table.xpath("./caption")
        assert all(th.get("scope") in ("col", "row") for th in table.xpath(".//th"))
        fw_id = table.xpath("./caption/@id")[0].removeprefix("cap-")
        area_ids = [a.id for a in CONTENT.frameworks[fw_id].areas]
        for row in table.xpath("./tbody/tr"):
            agency_id = row.xpath("./th/a/@href")[0].rstrip("/").rsplit("/", 1)[-1]
            expected = Counter(area.area for p in CONTENT.plans_of_agency(agency_id) if p.framework == fw_id
                               for area, _, _ in p.measures())
            cells = row.xpath("./td")[:-1]
            for area_id, cell in zip(area_ids, cells):
                assert int(cell.text_content()) == expected.get(area_id, 0)
                for href in cell.xpath("./a/@href"):
                    assert measures_reached(built_site, "framework/", href) == expected[area_id], href
                    checked += 1
            assert int(row.xpath("./td")[-1].text_content()) == sum(expected.values())
    assert checked > 20


def measures_reached(site, from_url: str, href: str) -> int:
    """Measures a count's link leads to: a plan's area section directly, or an area page listing the agency's
    plans, each linking to its area section."""
    target, fragment = resolve(from_url, href)
    tree = page(site, target)
    assert tree.xpath(f"//*[@id='{fragment}']"), href
    if target.startswith("plans/"):
        return len(tree.xpath(f"//section[@aria-labelledby='{fragment}']//ol[contains(@class,'kcg-measures')]/li"))
    return sum(measures_reached(site, target, link)
               for link in tree.xpath(f"//section[@aria-labelledby='{fragment}']//li/a/@href"))


def test_unit_pages_list_the_units_measures_and_link_back(built_site):
    for agency in CONTENT.agencies.values():
        for unit in agency.units:
            url = f"units/{agency.id}/{unit.id}/"
            links = page(built_site, url).xpath("//article//a[contains(@class,'kcg-more')]/@href")
            expected = {(p.id, m.id) for p in CONTENT.plans_of_agency(agency.id) for _, _, m in p.measures()
                        if unit.id in m.units}
            found = set()
            for href in links:
                target, fragment = resolve(url, href)
                assert page(built_site, target).xpath(f"//li[@id='{fragment}']"), href
                found.add((target.split("/")[1], fragment))
            assert found == expected, url


def test_every_internal_link_resolves(built_site):
    broken = []
    for path in html_pages(built_site):
        url = url_of(built_site, path)
        for href in page(built_site, url).xpath("//article//a/@href"):
            if re.match(r"^[a-z]+:", href):
                continue
            target, fragment = resolve(url, href)
            file = built_site / target / "index.html" if target.endswith("/") or not target else built_site / target
            if not file.is_file():
                broken.append((url, href))
            elif fragment and file.suffix == ".html" and not page(built_site, target).xpath(f"//*[@id='{fragment}']"):
                broken.append((url, href))
    assert not broken


THIRD_PARTY = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//(?!example\.kcg\.gov\.tw)""", re.I)
CSS_REMOTE = re.compile(r"""url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)


def test_no_request_to_any_other_host(built_site):
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix == ".html":
            tree = page(built_site, url_of(built_site, path)) if path.name == "index.html" else None
            if tree is None:
                continue
            for el in tree.xpath("//script[@src]|//link[@href]|//img[@src]|//iframe[@src]|//source[@src]"):
                ref = el.get("src") or el.get("href")
                rel = (el.get("rel") or "")
                if re.match(r"^(https?:)?//", ref) and "alternate" not in rel and "canonical" not in rel:
                    offenders.append((str(path.relative_to(built_site)), ref))
        elif path.suffix == ".css" and CSS_REMOTE.search(path.read_text(encoding="utf-8", errors="ignore")):
            offenders.append((str(path.relative_to(built_site)), "remote url() or @import"))
    assert not offenders


def test_matrix_counts_lead_to_the_measures_when_an_agency_has_several_plans(project, tmp_path):
    from support import mkdocs_build
    plans = project / "content" / "plans"
    text = (plans / "finance-bureau-113.yaml").read_text(encoding="utf-8")
    (plans / "finance-bureau-112.yaml").write_text(text.replace("year: 113", "year: 112").replace("113年度", "112年度"),
                                                  encoding="utf-8")
    site = tmp_path / "out"
    done = mkdocs_build(project, site)
    assert done.returncode == 0, done.stderr
    row = next(r for r in page(site, "framework/").xpath("//table[contains(@class,'kcg-matrix')]/tbody/tr")
               if r.xpath("./th/a/@href")[0].rstrip("/").endswith("finance-bureau"))
    plan = load_content(project / "content").plans["finance-bureau-113"]
    per_area = Counter(area.area for area, _, _ in plan.measures())
    areas = [a.id for a in CONTENT.frameworks["six-areas"].areas]
    for area_id, cell in zip(areas, row.xpath("./td")[:-1]):
        assert int(cell.text_content()) == 2 * per_area.get(area_id, 0)
        for href in cell.xpath("./a/@href"):
            assert "/framework/six-areas/" in "/" + resolve("framework/", href)[0]
            assert measures_reached(site, "framework/", href) == 2 * per_area[area_id]
