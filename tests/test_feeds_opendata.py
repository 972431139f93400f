"""RSS/Atom feeds and the open data (JSON, CSV, schemas, catalog) of the built site, checked against the
content they come from."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from support import ROOT
from sitehtml import parse, resolve

from kcgplans.model import load_content
from kcgplans.model.yamlsource import load_yaml
from kcgplans.site_config import FileDates

SITE_URL = "https://example.kcg.gov.tw/service-plans/"
ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMAS = ROOT / "plugins" / "kcgplans" / "model" / "schemas"
FEEDS_LIMIT = 50


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT / "content")


def plan_date(plan) -> str:
    return plan.updated or FileDates(ROOT, "content").of(plan.file)


def expected_items(content, lang: str) -> list[tuple[str, str, str]]:
    """(title, url, date) of every dated item of the content, newest first, as the feeds should list them."""
    prefix = "en/" if lang == "en" else ""
    items = [(plan_date(p), "plan", p.id, p.title.get(lang), f"{SITE_URL}{prefix}plans/{p.id}/")
             for p in content.plans.values()]
    items += [(f.updated, "faq", f.id, f.question.get(lang), None) for f in getattr(content, "faqs", {}).values()]
    items += [(s.updated, "sop", s.id, s.title.get(lang), None) for s in getattr(content, "sops", {}).values()]
    items.sort(key=lambda i: (i[0], i[1], i[2]), reverse=True)
    return [(title, url, date) for date, _kind, _key, title, url in items][:FEEDS_LIMIT]


# Feeds -------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rss_feed_lists_new_and_updated_items(built_site, content, lang):
    prefix = "en/" if lang == "en" else ""
    root = ET.parse(built_site / prefix / "feed.xml").getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("link") == SITE_URL + prefix
    assert channel.findtext("language") == ("zh-TW" if lang == "zh" else "en")
    assert ("新增與更新" in channel.findtext("title")) if lang == "zh" else ("new and updated" in channel.findtext("title"))
    items = channel.findall("item")
    expected = expected_items(content, lang)
    assert [i.findtext("title") for i in items] == [title for title, _, _ in expected]
    for item, (title, url, date) in zip(items, expected):
        if url:
            assert item.findtext("link") == url
        assert item.findtext("link").startswith(SITE_URL + prefix)
        published = parsedate_to_datetime(item.findtext("pubDate"))
        assert published.date().isoformat() == date and published.utcoffset().total_seconds() == 8 * 3600
        assert item.find("guid").get("isPermaLink") == "false" and date in item.findtext("guid")
        assert item.findtext("description")
    plans = [i for i in items if "/plans/" in i.findtext("link")]
    assert len(plans) == len(content.plans)
    if getattr(content, "faqs", None):
        assert any("/faq/" in i.findtext("link") for i in items)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_atom_feed_matches_the_rss_feed(built_site, content, lang):
    prefix = "en/" if lang == "en" else ""
    root = ET.parse(built_site / prefix / "atom.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    self_link = [l.get("href") for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
    assert self_link == [SITE_URL + prefix + "atom.xml"]
    entries = root.findall(f"{ATOM}entry")
    expected = expected_items(content, lang)
    assert [e.findtext(f"{ATOM}title") for e in entries] == [title for title, _, _ in expected]
    for entry, (_title, url, date) in zip(entries, expected):
        assert entry.findtext(f"{ATOM}updated").startswith(date + "T")
        assert entry.findtext(f"{ATOM}id").startswith(f"tag:example.kcg.gov.tw,{date}:/service-plans/")
        link = entry.find(f"{ATOM}link").get("href")
        if url:
            assert link == url
    assert root.findtext(f"{ATOM}updated").startswith(expected[0][2])


def test_feed_links_reach_existing_pages(built_site):
    for prefix in ("", "en/"):
        channel = ET.parse(built_site / prefix / "feed.xml").getroot().find("channel")
        for item in channel.findall("item"):
            path, _, fragment = item.findtext("link")[len(SITE_URL):].partition("#")
            page = built_site / path / "index.html"
            assert page.is_file(), path
            if fragment:
                assert parse(page).xpath(f'//*[@id="{fragment}"]'), item.findtext("link")


# Open data -----------------------------------------------------------------------------------------------------------

def published_validator(built_site: Path, name: str) -> Draft202012Validator:
    registry = Registry()
    for path in (built_site / "data" / "schema").glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    schema = json.loads((built_site / "data" / "schema" / name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry)


def test_schemas_are_published_unchanged(built_site):
    for path in SCHEMAS.glob("*.json"):
        assert (built_site / "data" / "schema" / path.name).read_bytes() == path.read_bytes(), path.name
    assert (built_site / "data" / "schema" / "plans-dataset.schema.json").is_file()


def _normalise(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def test_plans_json_is_the_content_and_follows_its_schema(built_site, content):
    data = json.loads((built_site / "data" / "plans.json").read_text(encoding="utf-8"))
    errors = list(published_validator(built_site, "plans-dataset.schema.json").iter_errors(data))
    assert errors == [], errors[:3]
    assert data["license"]["url"] == "https://data.gov.tw/license"
    assert {p["id"] for p in data["plans"]} == set(content.plans)
    for entry in data["plans"]:
        plan = content.plans[entry["id"]]
        assert entry["url"] == {"zh": f"{SITE_URL}plans/{plan.id}/", "en": f"{SITE_URL}en/plans/{plan.id}/"}
        doc, problems = load_yaml(plan.file)
        assert not problems
        assert entry["plan"] == _normalise(doc.data), plan.id  # exactly what the YAML file says


def test_agencies_and_framework_json_are_the_content_files(built_site):
    for name, source, schema in (("agencies.json", "agencies.yaml", "agencies.schema.json"),
                                 ("framework.json", "framework.yaml", "framework.schema.json")):
        data = json.loads((built_site / "data" / name).read_text(encoding="utf-8"))
        assert list(published_validator(built_site, schema).iter_errors(data)) == []
        doc, _ = load_yaml(ROOT / "content" / source)
        assert data == _normalise(doc.data), name


def test_measures_csv_has_one_row_per_measure(built_site, content):
    raw = (built_site / "data" / "measures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, for spreadsheet programs
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    for column in ("plan_id", "agency_id", "agency_zh", "year_roc", "year_ad", "area_id", "area_zh", "subitem_id",
                   "measure_id", "measure_zh", "measure_en", "unit_ids", "units_zh", "url_zh", "url_en"):
        assert column in rows[0], column
    expected = [(plan, area, point, measure) for plan in content.sorted_plans()
                for area, point, measure in plan.measures()]
    assert len(rows) == len(expected)
    for row, (plan, area, point, measure) in zip(rows, expected):
        agency = content.agencies[plan.agency]
        assert (row["plan_id"], row["measure_id"], row["agency_id"]) == (plan.id, measure.id, plan.agency)
        assert row["agency_zh"] == agency.name.zh
        assert row["year_roc"] == (str(plan.year) if plan.year else "")
        assert row["year_ad"] == (str(plan.year + 1911) if plan.year else "")
        assert row["area_id"] == area.area and row["subitem_id"] == (point.subitem or "")
        assert row["area_zh"] == content.frameworks[plan.framework].area(area.area).title.zh
        assert row["measure_zh"] == measure.text.zh and row["measure_en"] == (measure.text.en or "")
        assert row["unit_ids"].split(";") == (list(measure.units) or [""])
        assert row["units_zh"] == "、".join(agency.unit(u).name.zh for u in measure.units)
        assert row["url_zh"] == f"{SITE_URL}plans/{plan.id}/#{measure.id}"


def test_faq_and_sop_datasets_when_the_content_has_them(built_site, content):
    faqs = list(getattr(content, "faqs", {}).values())
    sops = list(getattr(content, "sops", {}).values())
    if not faqs and not sops:
        pytest.skip("no FAQ or SOP content")
    if faqs:
        data = json.loads((built_site / "data" / "faqs.json").read_text(encoding="utf-8"))
        assert [f["id"] for f in data["faqs"]] == [f.id for f in faqs]
        assert all(f["question"]["zh"] == faq.question.zh for f, faq in zip(data["faqs"], faqs))
        rows = list(csv.DictReader(io.StringIO((built_site / "data" / "faqs.csv").read_text(encoding="utf-8-sig"))))
        assert [r["faq_id"] for r in rows] == [f.id for f in faqs]
        assert [r["updated"] for r in rows] == [f.updated for f in faqs]
    if sops:
        data = json.loads((built_site / "data" / "sops.json").read_text(encoding="utf-8"))
        assert [s["id"] for s in data["sops"]] == [s.id for s in sops]
        assert all(s["title"]["zh"] == sop.title.zh and s["updated"] == sop.updated for s, sop in zip(data["sops"], sops))


def test_catalog_json_and_pages_list_every_dataset(built_site):
    catalog = json.loads((built_site / "data" / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["license"]["name"] == "政府資料開放授權條款－第1版"
    names = {d["name"] for d in catalog["datasets"]}
    assert {"plans.json", "measures.csv", "agencies.json", "framework.json"} <= names
    for d in catalog["datasets"]:
        path = built_site / d["url"][len(SITE_URL):]
        assert path.is_file() and path.stat().st_size == d["bytes"], d["name"]
        if "schema" in d:
            assert (built_site / d["schema"][len(SITE_URL):]).is_file()
    for prefix in ("", "en/"):
        url = prefix + "data/"
        tree = parse(built_site / url / "index.html")
        hrefs = tree.xpath("//article//a/@href")
        links = {resolve(url, h)[0] for h in hrefs if "://" not in h}
        assert {f"data/{name}" for name in names} <= links, prefix
        assert "https://data.gov.tw/license" in hrefs
        assert prefix + "open-data-declaration/" in links
