"""開放資料: every plan (and FAQ/SOP once the content has them) as JSON and CSV at stable URLs under data/,
with the JSON Schemas they follow under data/schema/ and a catalog page (data/ and en/data/).

Stable URLs (relative to site_url):
  data/plans.json        every plan: {"plans": [{"id", "url", "plan": <plan.schema.json>}]}
  data/measures.csv      one row per measure, with plan / agency / year / area / unit columns (UTF-8 with BOM)
  data/agencies.json     content/agencies.yaml as JSON (agencies.schema.json)
  data/framework.json    content/framework.yaml as JSON (framework.schema.json)
  data/faqs.json, data/faqs.csv, data/sops.json   when the content has FAQ / SOP
  data/catalog.json      the list of the above (title, format, URL, schema, licence, records, modified)
  data/schema/*.json     the content schemas (plugins/kcgplans/model/schemas/) and plans-dataset.schema.json

Released under 政府資料開放授權條款－第1版 (Open Government Data License, version 1.0).
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path


from .model.schema import SCHEMA_DIR
from .model.types import Text
from .overwrite import joined, overwrite
from .site_config import DATA_PATH, POLICY_PAGES, breadcrumbs_html, escape, newest
from .views import SitePage, TocEntry, i18n
from .views.urls import page_url, relative


LICENSE = {
    "name": "政府資料開放授權條款－第1版",
    "name_en": "Open Government Data License, version 1.0",
    "url": "https://data.gov.tw/license",
}
DATASET_SCHEMA = "plans-dataset.schema.json"
CSV_ENCODING = "utf-8-sig"  # with a BOM, so spreadsheet programs read the Chinese correctly

MEASURE_COLUMNS = [
    "plan_id", "plan_title_zh", "plan_title_en", "agency_id", "agency_zh", "agency_en", "agency_kind",
    "year_roc", "year_ad", "framework_id", "area_id", "area_zh", "area_en", "subitem_id",
    "focus_point_zh", "focus_point_en", "measure_id", "measure_label_zh", "measure_label_en",
    "measure_zh", "measure_en", "unit_ids", "units_zh", "units_en", "updated", "url_zh", "url_en",
]
FAQ_COLUMNS = ["faq_id", "agency_id", "agency_zh", "agency_en", "category_id", "category_zh", "category_en",
               "question_zh", "question_en", "answer_zh", "answer_en", "unit_ids", "updated"]


@dataclass
class Dataset:
    name: str                  # file name under data/
    title: str                 # Chinese msgid (translated on the catalog page)
    description: str           # Chinese msgid
    media_type: str
    parts: list[bytes]         # the file's bytes in pieces, never joined (1,000 plans: over 100 MB); [] once spilled
    records: int
    schema: str | None = None  # file name under data/schema/
    modified: str | None = None
    file: Path | None = None   # where spill() moved the data
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = sum(len(part) for part in self.parts)


@dataclass
class Datasets:
    site_url: str
    items: list[Dataset] = field(default_factory=list)
    schemas: dict[str, bytes] = field(default_factory=dict)
    modified: str | None = None
    catalog: bytes = b""

    def get(self, name: str) -> Dataset | None:
        return next((d for d in self.items if d.name == name), None)

    def spill(self, folder: Path) -> None:
        """Move the datasets' bytes to files in ``folder`` until write_datasets: 1,000 plans' datasets are
        about 110 MB, held from the start of a build to its end otherwise."""
        folder.mkdir(parents=True, exist_ok=True)
        for d in self.items:
            d.file = folder / d.name
            overwrite(d.file, d.parts)
            d.parts = []


# Plain data in the shape of the content schemas -------------------------------------------------------------------

def text(t: Text | None) -> dict | None:
    if t is None:
        return None
    return {"zh": t.zh, "en": t.en} if t.en else {"zh": t.zh}


def _compact(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None and v != [] and v != ()}


def _items(items) -> list[dict]:
    return [_compact({"text": text(i.text), "items": _items(i.items) or None}) for i in items]


def section(s) -> dict | None:
    if s is None:
        return None
    return _compact({"heading": text(s.heading), "intro": text(s.intro), "items": _items(s.items) or None})


def plan_data(plan) -> dict:
    """A plan as plan.schema.json describes it (the same fields as its YAML file)."""
    return _compact({
        "agency": plan.agency, "year": plan.year, "framework": plan.framework, "title": text(plan.title),
        "updated": plan.updated,
        "source": _compact({"document": plan.source_document, "note": text(plan.source_note)}),
        "basis": section(plan.basis), "goals": section(plan.goals), "scope": section(plan.scope),
        "content": _compact({"heading": text(plan.content_heading), "areas": [
            {"area": a.area, "title": text(a.title), "focus_points": [
                _compact({"subitem": f.subitem, "title": text(f.title), "measures": [
                    _compact({"id": m.id, "label": text(m.label), "text": text(m.text), "units": list(m.units) or None})
                    for m in f.measures]})
                for f in a.focus_points]}
            for a in plan.areas]}),
        "management": section(plan.management), "other": section(plan.other),
    })


def agencies_data(agencies) -> dict:
    return {"agencies": [_compact({
        "id": a.id, "name": text(a.name), "short_name": text(a.short_name), "kind": a.kind, "parent": a.parent,
        "units": [_compact({"id": u.id, "name": text(u.name), "collective": True if u.collective else None})
                  for u in a.units] or None}) for a in agencies.values()]}


def frameworks_data(frameworks) -> dict:
    return {"frameworks": [_compact({
        "id": f.id, "title": text(f.title), "description": text(f.description),
        "areas": [_compact({"id": a.id, "title": text(a.title),
                            "subitems": [{"id": s.id, "title": text(s.title)} for s in a.subitems] or None})
                  for a in f.areas]}) for f in frameworks.values()]}


def plain(value, root: Path | None = None):
    """Any content object (FAQ, SOP…) as JSON data: Text -> {zh, en}; paths relative to the content folder;
    empty and absent fields left out."""
    if isinstance(value, Text):
        return text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _compact({f.name: plain(getattr(value, f.name), root) for f in dataclasses.fields(value)})
    if isinstance(value, (list, tuple)):
        return [plain(v, root) for v in value]
    if isinstance(value, dict):
        return {k: plain(v, root) for k, v in value.items()}
    if isinstance(value, Path):
        try:
            return value.resolve().relative_to(root.resolve()).as_posix() if root else value.name
        except ValueError:
            return value.name
    return value


# The datasets ------------------------------------------------------------------------------------------------------

def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _csv(columns: list[str], rows: list[dict]) -> bytes:
    """CSV with a header (the encoding's BOM first: more rows may follow, encoded as UTF-8)."""
    return _csv_rows(columns, rows, header=True).encode(CSV_ENCODING)


def _json_item(value, depth: int) -> bytes:
    """``value`` as _json writes it ``depth`` levels down (indent=1: indentation only adds up)."""
    pad = " " * depth
    return (pad + json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + pad)).encode("utf-8")


def _json_with_list(data: dict, key: str, items: list[bytes]) -> list[bytes]:
    """_json(data), in pieces, with the list ``data[key]`` (empty in ``data``) made of items encoded by
    _json_item(depth=2)."""
    if not items:
        return [_json(data)]
    marker = "\u0000kcg-items\u0000"
    head, tail = _json({**data, key: [marker]}).split(json.dumps(marker).encode("utf-8"))
    # head ends with the list's indentation before the marker; the items carry their own
    return [head.rstrip(b" "), *joined(items, b",\n"), tail]


def _csv_rows(columns: list[str], rows: list[dict], *, header: bool = False) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _measure_rows(content, plan, date, abs_url) -> list[dict]:
    """measures.csv rows of one plan."""
    rows = []
    agency = content.agencies[plan.agency]
    framework = content.frameworks.get(plan.framework)
    for area, point, measure in plan.measures():
        fw_area = framework.area(area.area) if framework else None
        units = [agency.unit(u) for u in measure.units]
        rows.append({
            "plan_id": plan.id, "plan_title_zh": plan.title.zh, "plan_title_en": plan.title.en or "",
            "agency_id": agency.id, "agency_zh": agency.name.zh, "agency_en": agency.name.en or "",
            "agency_kind": agency.kind, "year_roc": plan.year or "", "year_ad": plan.year + 1911 if plan.year else "",
            "framework_id": plan.framework, "area_id": area.area,
            "area_zh": (fw_area.title if fw_area else area.title).zh,
            "area_en": (fw_area.title if fw_area else area.title).en or "",
            "subitem_id": point.subitem or "", "focus_point_zh": point.title.zh, "focus_point_en": point.title.en or "",
            "measure_id": measure.id, "measure_label_zh": measure.label.zh if measure.label else "",
            "measure_label_en": (measure.label.en or "") if measure.label else "",
            "measure_zh": measure.text.zh, "measure_en": measure.text.en or "",
            "unit_ids": ";".join(measure.units), "units_zh": "、".join(u.name.zh for u in units if u),
            "units_en": "; ".join(u.name.en or u.name.zh for u in units if u), "updated": date or "",
            "url_zh": abs_url(page_url("zh", "plans", plan.id)) + "#" + measure.id,
            "url_en": abs_url(page_url("en", "plans", plan.id)) + "#" + measure.id,
        })
    return rows


def build_datasets(content, site_url: str, *, plan_date=lambda plan: plan.updated, memo: dict | None = None,
                   plan_key=None) -> Datasets:
    """Every dataset of the content, in memory (written by write_datasets after the pages).

    ``memo`` with ``plan_key(plan)``: each plan's data and CSV rows kept between the rebuilds of mkdocs serve,
    under a key that changes with anything they are made from (the plan file, agencies, frameworks, date)."""
    out = Datasets(site_url)
    abs_url = lambda url: site_url + url  # noqa: E731
    plans = content.sorted_plans()
    dates = [plan_date(p) for p in plans]
    plans_modified = newest(*dates)

    # Each plan's part of plans.json and measures.csv is made and encoded on its own, so the whole archive is
    # never one Python string (1,000 plans: a few hundred MB at the build's peak).
    fresh: dict = {}
    per_plan = []
    for plan, date in zip(plans, dates):
        key = (plan.id, plan_key(plan), date, site_url) if memo is not None and plan_key is not None else None
        made = memo.get(key) if key is not None else None
        if made is None:
            rows = _measure_rows(content, plan, date, abs_url)
            entry = {"id": plan.id, "url": {lang: abs_url(page_url(lang, "plans", plan.id)) for lang in ("zh", "en")},
                     "plan": plan_data(plan)}
            made = (_json_item(entry, depth=2), _csv_rows(MEASURE_COLUMNS, rows).encode("utf-8"), len(rows))
        if key is not None:
            fresh[key] = made
        per_plan.append(made)
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    plans_json = _json_with_list({"license": LICENSE, "modified": plans_modified, "plans": []}, "plans",
                                 [made[0] for made in per_plan])
    out.items.append(Dataset("plans.json", "提升服務執行計畫（完整內容）",
                             "每份計畫的完整內容：計畫依據、目標、實施對象、執行要項、執行重點、措施與執行單位。",
                             "application/json", plans_json, len(plans), DATASET_SCHEMA, plans_modified))

    out.items.append(Dataset("measures.csv", "措施一覽（每列一項措施）",
                             "每列一項措施，含計畫、機關、年度、執行要項、子項目、執行重點與執行單位欄位。",
                             "text/csv", [_csv(MEASURE_COLUMNS, []), *(made[1] for made in per_plan)],
                             sum(made[2] for made in per_plan), None, plans_modified))
    out.items.append(Dataset("agencies.json", "機關與單位", "各機關的名稱、類別、上級機關與所屬單位。",
                             "application/json", [_json(agencies_data(content.agencies))], len(content.agencies),
                             "agencies.schema.json", plans_modified))
    out.items.append(Dataset("framework.json", "提升服務實施計畫架構", "市府實施計畫的執行要項與子項目。",
                             "application/json", [_json(frameworks_data(content.frameworks))],
                             len(content.frameworks), "framework.schema.json", plans_modified))

    faqs = list(getattr(content, "faqs", {}).values())
    if faqs:
        modified = newest(*(f.updated for f in faqs))
        categories = getattr(content, "faq_categories", {})
        out.items.append(Dataset("faqs.json", "常見問答", "各機關的常見問答：問題、答覆、分類、承辦單位與更新日期。",
                                 "application/json",
                                 [_json({"license": LICENSE, "modified": modified,
                                         "faqs": [plain(f, content.root) for f in faqs]})],
                                 len(faqs), None, modified))
        faq_rows = []
        for f in faqs:
            agency = content.agencies.get(f.agency)
            category = categories.get(f.category)
            faq_rows.append({
                "faq_id": f.id, "agency_id": f.agency, "agency_zh": agency.name.zh if agency else "",
                "agency_en": (agency.name.en or "") if agency else "", "category_id": f.category,
                "category_zh": category.name.zh if category else "",
                "category_en": (category.name.en or "") if category else "",
                "question_zh": f.question.zh, "question_en": f.question.en or "", "answer_zh": f.answer.zh,
                "answer_en": f.answer.en or "", "unit_ids": ";".join(f.units), "updated": f.updated})
        out.items.append(Dataset("faqs.csv", "常見問答（試算表）", "每列一則常見問答。", "text/csv",
                                 [_csv(FAQ_COLUMNS, faq_rows)], len(faq_rows), None, modified))
    sops = list(getattr(content, "sops", {}).values())
    if sops:
        modified = newest(*(s.updated for s in sops))
        out.items.append(Dataset("sops.json", "標準作業流程", "各項申辦服務的標準作業流程：應備文件、申辦方式、辦理流程、處理期限等。",
                                 "application/json",
                                 [_json({"license": LICENSE, "modified": modified,
                                         "sops": [dict(plain(s, content.root), id=s.id) for s in sops]})],
                                 len(sops), None, modified))

    for path in sorted(SCHEMA_DIR.glob("*.json")):
        out.schemas[path.name] = path.read_bytes()
    out.schemas[DATASET_SCHEMA] = _json(dataset_schema())
    out.modified = newest(*(d.modified for d in out.items))
    catalog = {
        "title": {"zh": "高雄市政府提升服務執行計畫開放資料", "en": "Kaohsiung City Government service-improvement plans: open data"},
        "license": LICENSE, "modified": out.modified,
        "datasets": [_compact({
            "name": d.name, "title": {"zh": d.title, "en": i18n.gettext("en")(d.title)},
            "description": {"zh": d.description, "en": i18n.gettext("en")(d.description)},
            "url": abs_url(f"{DATA_PATH}/{d.name}"), "mediaType": d.media_type, "records": d.records,
            "bytes": d.size, "modified": d.modified,
            "schema": abs_url(f"{DATA_PATH}/schema/{d.schema}") if d.schema else None,
            "encoding": "UTF-8 (BOM)" if d.media_type == "text/csv" else "UTF-8"}) for d in out.items],
    }
    out.catalog = _json(catalog)
    return out


def dataset_schema() -> dict:
    """The schema of data/plans.json: a list of plans, each as plan.schema.json with its id and page URLs."""
    url = {"type": "string", "format": "uri"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": DATASET_SCHEMA,
        "title": "提升服務執行計畫開放資料 / Service-improvement plans, open data (data/plans.json)",
        "type": "object",
        "properties": {
            "license": {"type": "object", "properties": {"name": {"type": "string"}, "name_en": {"type": "string"},
                                                          "url": url}, "required": ["name", "url"]},
            "modified": {"type": ["string", "null"], "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
            "plans": {"type": "array", "items": {
                "type": "object",
                "properties": {
                    "id": {"$ref": "common.schema.json#/$defs/id"},
                    "url": {"type": "object", "properties": {"zh": url, "en": url}, "required": ["zh", "en"],
                            "additionalProperties": False},
                    "plan": {"$ref": "plan.schema.json"},
                },
                "required": ["id", "url", "plan"],
                "additionalProperties": False}},
        },
        "required": ["license", "plans"],
        "additionalProperties": False,
    }


def write_datasets(data: Datasets, site_dir: Path) -> None:
    folder = Path(site_dir) / DATA_PATH
    (folder / "schema").mkdir(parents=True, exist_ok=True)
    for d in data.items:
        if d.file is not None:
            try:  # moved, not copied: 1,000 plans' datasets are over 100 MB, written once already by spill()
                os.replace(d.file, folder / d.name)
            except OSError:  # the staging folder is on another file system
                shutil.copyfile(d.file, folder / d.name)
            d.file = folder / d.name
        else:
            overwrite(folder / d.name, d.parts)
    for name, body in data.schemas.items():
        (folder / "schema" / name).write_bytes(body)
    (folder / "catalog.json").write_bytes(data.catalog)


# The catalog page ---------------------------------------------------------------------------------------------------

def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


FORMATS = {"application/json": "JSON", "text/csv": "CSV"}


def catalog_page(data: Datasets, lang: str) -> SitePage:
    _ = i18n.gettext(lang)
    url = page_url(lang, DATA_PATH)
    title = _("開放資料")
    link = lambda path: escape(relative(url, path))  # noqa: E731
    h = [breadcrumbs_html([(_("首頁"), page_url(lang)), (title, url)], url, _("導覽路徑")),
         f'<h1 id="top">{escape(title)}</h1>',
         "<p>" + escape(_("本網站的計畫資料以開放格式提供下載，網址固定不變，每次更新網站時一併更新。")) + "</p>",
         f'<h2 id="datasets">{escape(_("資料集"))}</h2>',
         '<div class="kcg-table-scroll kcg-datasets"><table>',
         f"<caption>{escape(_('資料集一覽'))}</caption><thead><tr>"
         + "".join(f'<th scope="col">{escape(_(c))}</th>' for c in ("資料集", "說明", "格式", "筆數", "大小"))
         + "</tr></thead><tbody>"]
    for d in data.items:
        fmt = FORMATS.get(d.media_type, d.media_type)
        schema = (f'<br>{escape(_("結構描述："))}<a href="{link(f"{DATA_PATH}/schema/{d.schema}")}">{escape(d.schema)}</a>'
                  if d.schema else "")
        h.append(f'<tr><th scope="row"><a href="{link(f"{DATA_PATH}/{d.name}")}">{escape(_(d.title))}</a>'
                 f'<br><code>{escape(DATA_PATH)}/{escape(d.name)}</code></th>'
                 f"<td>{escape(_(d.description))}{schema}</td><td>{fmt}</td><td>{d.records}</td>"
                 f'<td class="kcg-nowrap">{_size(d.size)}</td></tr>')
    h.append("</tbody></table></div>")
    h.append(f'<p>{escape(_("資料集清單（機器可讀）："))}<a href="{link(f"{DATA_PATH}/catalog.json")}">'
             f"<code>{DATA_PATH}/catalog.json</code></a>{escape(_('。'))}</p>")
    h.append(f"<p>{escape(_('JSON 結構描述（JSON Schema 2020-12）：'))}"
             + escape(_("、")).join(f'<a href="{link(f"{DATA_PATH}/schema/{name}")}"><code>{escape(name)}</code></a>'
                                    for name in sorted(data.schemas)) + f"{escape(_('。'))}</p>")
    h.append(f'<h2 id="formats">{escape(_("格式說明"))}</h2><ul>')
    for note in ("JSON 檔以 UTF-8 編碼；每個 JSON 檔的結構描述列於上表，計畫內容的欄位與網站原始 YAML 檔相同。",
                 "CSV 檔以含 BOM 的 UTF-8 編碼，可直接以試算表軟體開啟；第一列為欄位名稱。",
                 "措施一覽的欄位：計畫識別碼與名稱、機關識別碼與名稱、民國及西元年度、執行要項、子項目、執行重點、措施、執行單位、更新日期及網頁連結；中、英文各一欄，英文尚未翻譯者留空。",
                 "多個執行單位以分號分隔識別碼（unit_ids），以頓號分隔中文名稱。"):
        h.append(f"<li>{escape(_(note))}</li>")
    h.append("</ul>")
    declaration = page_url(lang, POLICY_PAGES["declaration"])
    h.append(f'<h2 id="license">{escape(_("授權"))}</h2>')
    h.append("<p>" + escape(_("本網站開放資料依「政府資料開放授權條款－第1版」釋出，您可無償、非專屬地利用，惟應註明出處。"))
             + f' <a href="{escape(LICENSE["url"])}">{escape(_("政府資料開放授權條款－第1版"))}</a>'
             + escape(_("；詳見")) + f'<a href="{link(declaration)}">{escape(_("政府網站資料開放宣告"))}</a>'
             + escape(_("。")) + "</p>")
    toc = [TocEntry(2, "datasets", _("資料集")), TocEntry(2, "formats", _("格式說明")), TocEntry(2, "license", _("授權"))]
    return SitePage(url, lang, "data", "data", title, "\n".join(h) + "\n",
                    description=_("本網站計畫資料的 JSON 與 CSV 開放資料下載與授權說明。"), updated=data.modified, toc=toc)
