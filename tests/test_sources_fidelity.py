"""Every sentence of every source plan appears on its plan page, clause by clause.

The sources are text extracts of PDF/Word tables with debris: list numbers, unit names from a separate column,
table headers, rules and page-break fragments. Those are turned into clause boundaries; every piece of text
left between boundaries must then occur, whole, in the text of the rendered Chinese plan page.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from support import ROOT

from kcgplans.model import load_content

SEEDS = ROOT / "content" / "sources"
SHARED = ROOT.parent / "shared" / "seeds"

# Table headers of the sources' 計畫內容 tables (whitespace removed): layout, not plan text.
TABLE_HEADERS = [
    "執行要項(內容/同本實施計畫具體措施)執行重點執行單位",
    "執行要項執行重點執行單位",
    "工作要項工作重點業務單位",
    "實施要項執行重點執行作法備註",
]
NUMBERING = re.compile(
    r"(?<![\d.])\d{1,2}\s*[.、]"              # 1.  2、  19.1950…
    r"|(?<![\d.])\d{1,2}(?=[\u4e00-\u9fff])"  # 2提升… (a number the source forgot the dot after)
    r"|[一二三四五六七八九十]+[、.]"         # 一、 三.
    r"|[（(][一二三四五六七八九十]+[)）]"     # (一) （二）
    r"|[壹貳參叁肆伍陸柒]、"                  # 壹、
    r"|-{2,}"                               # table rules
)
BOUNDARY = re.compile(r"[|。；：:？！\-]+")
# Adjacent table cells (a focus point's title, then a measure's label, then its text) run together in the
# extract with nothing between them; a segment may therefore be covered by a few pieces of the page.
MAX_PIECES = 3
MIN_PIECE = 4


def page_text(site: Path, plan_id: str) -> str:
    tree = lxml_html.parse(str(site / "plans" / plan_id / "index.html"))
    article = tree.xpath("//article")[0]
    return re.sub(r"\s+", "", article.text_content())


def source_segments(source: str, unit_names: list[str]) -> list[str]:
    text = re.sub(r"<[^>]+>", "", source)
    text = re.sub(r"\s+", "", text)
    for header in TABLE_HEADERS:
        text = text.replace(header, "|")
    for name in sorted(unit_names, key=len, reverse=True):
        text = text.replace(name, "|")
    text = NUMBERING.sub("|", text)
    return [s for s in BOUNDARY.split(text) if s]


def covered(segment: str, page: str) -> bool:
    """True when ``segment`` is at most MAX_PIECES consecutive pieces, each found on the page (greedy
    longest match; every piece but a final remainder is at least MIN_PIECE characters)."""
    pieces, start = 0, 0
    while start < len(segment):
        lo, hi = start, len(segment)  # the longest prefix of segment[start:] found on the page
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if segment[start:mid] in page:
                lo = mid
            else:
                hi = mid - 1
        if lo == start or (lo - start < MIN_PIECE and lo < len(segment)):
            return False
        pieces, start = pieces + 1, lo
    return pieces <= MAX_PIECES


def plans():
    content = load_content(ROOT / "content")
    return [(p, content.agencies[p.agency]) for p in content.sorted_plans()]


@pytest.mark.parametrize("plan,agency", plans(), ids=lambda v: getattr(v, "id", ""))
def test_every_clause_of_the_source_is_on_the_plan_page(built_site, plan, agency):
    source = (SEEDS / plan.source_document).read_text(encoding="utf-8")
    page = page_text(built_site, plan.id)
    units = [u.name.zh for u in agency.units]
    segments = source_segments(source, units)
    missing = [s for s in segments if not covered(s, page)]
    assert len(segments) > 50, "the source was not read"
    assert not missing, f"{len(missing)} of {len(segments)} source clauses are not on the page: {missing[:10]}"


def test_a_clause_missing_from_the_page_is_reported(built_site):
    """The check itself can fail: a sentence the page does not have is found missing."""
    plan, agency = plans()[0]
    page = page_text(built_site, plan.id)
    segments = source_segments("1.本句不在任何計畫中。", [])
    assert [s for s in segments if not covered(s, page)] == ["本句不在任何計畫中"]
    # Two real clauses glued together are covered; a real clause with one word changed is not.
    first = next(m.text.zh for _, _, m in plan.measures())
    assert covered(first[:12] + first[12:], page)
    assert not covered(first[:6] + "錯字" + first[8:], page) or len(first) < 10


# sha256 of the five source extracts as given in ../shared/seeds (2026-11-24). Recorded here so that the check
# runs wherever the repository is cloned (CI has no ../shared); beside ../shared it is compared with it too.
SEED_SHA256 = {
    "000_e29583780d682208.txt": "809f3fca408ea22165bbdb7d7a15ff973190a8089bd8dcc4c97c62ea7c87c1ae",
    "001_e01e5a8d35095d7e.txt": "d5450f2676b51e6d5eff29e5d74d3437852299a1acfb0741943b9648f0a00c7f",
    "002_eaa8df098b30e4bb.txt": "5b4d9744e98a54599ab2c3a7c2cfbad997875cc378089e5f9af581cf01997953",
    "003_98fc27fd5953ff5a.txt": "54aa0a964ceb321c9c869ae8a2feb0b85f27570279c54005eba59a84bbb306d3",
    "004_e7fc613ba9ba81f0.txt": "0ad2251d1c54cbc797c8b46519b4ec75c81a4d8f2823357e87d37fefd509f6f4",
}


def test_sources_are_the_seeds_unchanged():
    found = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in SEEDS.glob("*.txt")}
    assert found == SEED_SHA256
    if SHARED.is_dir():
        assert {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in SHARED.glob("*.txt")} == SEED_SHA256
