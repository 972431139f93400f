"""Load every content file, validate each against its schema and all of them against each other.

Every error of a run is collected and raised together (``ContentErrors``), so an editor fixes them in one go.
"""
from __future__ import annotations

import difflib
import gc
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from .coverage import FileCoverage, file_coverage
from .errors import ContentError, ContentErrors, shorten
from .schema import check_schema
from .types import Agency, Framework, Plan, agency_of, framework_of, plan_of
from .yamlsource import YamlDocument, format_path, load_yaml
from .services import FaqCategory, FaqEntry, Sop, load_services  # noqa: E402  (services imports this module lazily)

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TITLE_YEAR = re.compile(r"(\d{2,3})\s*年度")
# Translation coverage gathered while files are loaded (each file is parsed once per run).
_COVERAGE: ContextVar[list | None] = ContextVar("coverage", default=None)
# The ParseCache of this run, if the caller keeps one (mkdocs serve: a rebuild re-parses only edited files).
_PARSED: ContextVar["ParseCache | None"] = ContextVar("parsed", default=None)


class ParseCache:
    """Parsed and schema-checked files of earlier runs, reused while a file's size and mtime are unchanged.

    Parsing with line numbers and checking the schema is most of the load time (1,000 plans: about 7 s). The
    checks across files (ids, references) run again, except a plan's, which is skipped while the plan and what
    it is checked against are unchanged (``checked``). Cached documents are only read, never changed.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[tuple[int, int], tuple]] = {}
        self._derived: dict[int, tuple[YamlDocument, object]] = {}
        self._checked: dict[int, tuple[YamlDocument, tuple]] = {}
        self.hits = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, file: Path, schema: str, stamp: tuple[int, int]) -> tuple | None:
        entry = self._entries.get((str(file), schema))
        if entry is None or entry[0] != stamp:
            return None
        self.hits += 1
        return entry[1]

    def put(self, file: Path, schema: str, stamp: tuple[int, int], value: tuple) -> None:
        old = self._entries.get((str(file), schema))
        if old is not None:  # what was made from the replaced document goes with it
            self._derived.pop(id(old[1][0]), None)
            self._checked.pop(id(old[1][0]), None)
        self._entries[(str(file), schema)] = (stamp, value)

    def checked(self, doc: YamlDocument, against: tuple) -> bool:
        """Whether this very document passed the checks across files against the same ``against`` (what they
        compare it with) in an earlier run: then they would pass again."""
        entry = self._checked.get(id(doc))
        return entry is not None and entry[0] is doc and entry[1] == against

    def passed(self, doc: YamlDocument, against: tuple) -> None:
        self._checked[id(doc)] = (doc, against)

    def derived(self, doc: YamlDocument, make):
        """``make()``, once per cached document (the typed objects are frozen, so they can be shared)."""
        entry = self._derived.get(id(doc))
        if entry is None or entry[0] is not doc:
            entry = self._derived[id(doc)] = (doc, make())
        return entry[1]


def _stamp(file: Path) -> tuple[int, int]:
    stat = file.stat()
    return stat.st_mtime_ns, stat.st_size


@dataclass
class Content:
    root: Path
    agencies: dict[str, Agency] = field(default_factory=dict)
    frameworks: dict[str, Framework] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    # FAQ and SOP (model/services.py): categories, entries by id (file order), SOPs by id
    faq_categories: dict[str, "FaqCategory"] = field(default_factory=dict)
    faqs: dict[str, "FaqEntry"] = field(default_factory=dict)
    sops: dict[str, "Sop"] = field(default_factory=dict)
    coverage: list[FileCoverage] = field(default_factory=list)

    def plans_of_agency(self, agency_id: str) -> list[Plan]:
        return sorted((p for p in self.plans.values() if p.agency == agency_id), key=plan_sort_key)

    def sorted_plans(self) -> list[Plan]:
        return sorted(self.plans.values(), key=plan_sort_key)


def plan_sort_key(plan: Plan) -> tuple:
    # Newest first; a plan whose year is not stated goes last within its agency.
    return (-(plan.year or 0), plan.agency, plan.id)


@contextmanager
def _collector_paused():
    """Loading allocates millions of small objects and makes no reference cycles (YAML node trees, plain data,
    frozen dataclasses): the cyclic collector would only walk the growing model again and again (1,000 plans:
    about 1.5 s of the load). Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_content(root: Path, cache: ParseCache | None = None) -> Content:
    """Read ``root`` (the content/ folder); raise ContentErrors listing every problem found."""
    with _collector_paused():
        return _load_content(Path(root), cache)


def _load_content(root: Path, cache: ParseCache | None) -> Content:
    errors: list[ContentError] = []
    content = Content(root)
    token = _COVERAGE.set(content.coverage)
    parsed_token = _PARSED.set(cache)

    agencies_doc = _load(root / "agencies.yaml", "agencies.schema.json", errors)
    framework_doc = _load(root / "framework.yaml", "framework.schema.json", errors)
    if agencies_doc:
        _check_agencies(agencies_doc, content, errors)
    if framework_doc:
        _check_frameworks(framework_doc, content, errors)

    plan_files = sorted((root / "plans").glob("*.yaml")) if (root / "plans").is_dir() else []
    for file in plan_files:
        doc = _load(file, "plan.schema.json", errors)
        if doc is None:
            continue
        if not file_id_ok(file, "計畫", "plan's", "finance-bureau-113.yaml", errors):
            continue
        plan = (cache.derived(doc, lambda: plan_of(file.stem, file, doc.data)) if cache is not None
                else plan_of(file.stem, file, doc.data))
        if cache is None:
            if _check_plan(doc, plan, content, errors):
                content.plans[plan.id] = plan
            continue
        # A plan is checked against its agency, its framework and its source document: an unchanged plan file
        # whose agency and framework are unchanged need not be gone through again (1,000 plans: 0.2 s a rebuild).
        against = (content.agencies.get(plan.agency), content.frameworks.get(plan.framework), bool(content.agencies),
                   bool(content.frameworks), (root / "sources" / plan.source_document).is_file())
        if cache.checked(doc, against) or _check_plan(doc, plan, content, errors):
            content.plans[plan.id] = plan
            cache.passed(doc, against)
    _check_duplicate_plans(content, errors)
    load_services(root, content, errors)  # FAQ and SOP files, after the plans their measures refer to

    _COVERAGE.reset(token)
    _PARSED.reset(parsed_token)
    if errors:
        raise ContentErrors(errors, root.parent)
    content.coverage.sort(key=lambda c: str(c.file))
    return content


def file_id_ok(file: Path, what_zh: str, what_en: str, example: str, errors: list[ContentError]) -> bool:
    """A plan's or SOP's id is its file name, so the name must be a valid id."""
    if ID_PATTERN.match(file.stem):
        return True
    errors.append(ContentError(file, 0, 0, "", file.name,
                               f"檔名即{what_zh}識別碼，只能用小寫英文字母、數字與連字號，例如 {example}。",
                               f"The file name is the {what_en} id: lowercase letters, digits and hyphens only, "
                               f"e.g. {example}."))
    return False


def _load(file: Path, schema: str, errors: list[ContentError]) -> YamlDocument | None:
    """Parse and schema-check one file; None when it cannot be used further."""
    cache = _PARSED.get()
    if cache is None or not file.is_file():
        return _parse(file, schema, errors)
    stamp = _stamp(file)
    hit = cache.get(file, schema, stamp)
    if hit is None:
        found: list[ContentError] = []
        coverage: list[FileCoverage] = []
        token = _COVERAGE.set(coverage)
        try:
            doc = _parse(file, schema, found)
        finally:
            _COVERAGE.reset(token)
        hit = (doc, found, coverage)
        cache.put(file, schema, stamp, hit)
    doc, found, coverage = hit
    errors.extend(found)
    collected = _COVERAGE.get()
    if collected is not None:
        collected.extend(coverage)
    return doc


def _parse(file: Path, schema: str, errors: list[ContentError]) -> YamlDocument | None:
    if not file.is_file():
        errors.append(ContentError(file, 0, 0, "", "（檔案不存在 no such file）",
                                   f"找不到必要的檔案 {file.name}。", f"The required file {file.name} is missing."))
        return None
    doc, problems = load_yaml(file)
    errors.extend(problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        errors.append(ContentError(file, 1, 1, "", shorten(doc.data), "檔案內容應為欄位對應（key: value），目前不是。",
                                   "The file should hold a mapping of fields (key: value); it does not."))
        return None
    schema_errors = check_schema(doc, schema)
    errors.extend(schema_errors)
    collected = _COVERAGE.get()
    if collected is not None and not schema_errors:
        cov = file_coverage(doc)
        if cov.texts:
            collected.append(cov)
    return None if schema_errors else doc


def _unknown(doc: YamlDocument, path: tuple, value: str, what_zh: str, what_en: str, choices: list[str]) -> ContentError:
    line, col = doc.position(path)
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    listing = ", ".join(close or choices[:12]) + ("" if close or len(choices) <= 12 else ", …")
    zh_hint = f"您是不是要寫：{listing}？" if close else f"可用的值：{listing or '（無 none）'}。"
    en_hint = f"Did you mean: {listing}?" if close else f"Known values: {listing or '(none)'}."
    return ContentError(doc.file, line, col, format_path(path), f'"{value}"',
                        f"找不到{what_zh}「{value}」。{zh_hint}", f"Unknown {what_en} '{value}'. {en_hint}")


def _duplicate(doc: YamlDocument, path: tuple, value: str, first: tuple) -> ContentError:
    line, col = doc.position(path)
    first_line = doc.position(first)[0]
    return ContentError(doc.file, line, col, format_path(path), f'"{value}"',
                        f"識別碼「{value}」重複（第 {first_line} 行已使用）。請改用另一個不重複的識別碼。",
                        f"The id '{value}' is used twice (first on line {first_line}). Choose another, unique id.")


def _check_agencies(doc: YamlDocument, content: Content, errors: list[ContentError]) -> None:
    seen: dict[str, tuple] = {}
    for i, data in enumerate(doc.data["agencies"]):
        path = ("agencies", i, "id")
        if data["id"] in seen:
            errors.append(_duplicate(doc, path, data["id"], seen[data["id"]]))
            continue
        seen[data["id"]] = path
        units: dict[str, tuple] = {}
        for j, unit in enumerate(data.get("units") or ()):
            upath = ("agencies", i, "units", j, "id")
            if unit["id"] in units:
                errors.append(_duplicate(doc, upath, unit["id"], units[unit["id"]]))
            units.setdefault(unit["id"], upath)
        content.agencies[data["id"]] = agency_of(data)
    for i, data in enumerate(doc.data["agencies"]):
        parent = data.get("parent")
        if parent and (parent not in content.agencies or parent == data["id"]):
            errors.append(_unknown(doc, ("agencies", i, "parent"), parent, "上級機關", "parent agency",
                                   [a for a in content.agencies if a != data["id"]]))


def _check_frameworks(doc: YamlDocument, content: Content, errors: list[ContentError]) -> None:
    for i, data in enumerate(doc.data["frameworks"]):
        if data["id"] in content.frameworks:
            errors.append(_duplicate(doc, ("frameworks", i, "id"), data["id"], ("frameworks",)))
            continue
        ids: dict[str, tuple] = {}
        for j, area in enumerate(data["areas"]):
            apath = ("frameworks", i, "areas", j, "id")
            if area["id"] in ids:
                errors.append(_duplicate(doc, apath, area["id"], ids[area["id"]]))
            ids.setdefault(area["id"], apath)
            for k, sub in enumerate(area.get("subitems") or ()):
                spath = ("frameworks", i, "areas", j, "subitems", k, "id")
                if sub["id"] in ids:
                    errors.append(_duplicate(doc, spath, sub["id"], ids[sub["id"]]))
                ids.setdefault(sub["id"], spath)
                if sub["id"].split(".")[0] != area["id"]:
                    line, col = doc.position(spath)
                    errors.append(ContentError(doc.file, line, col, format_path(spath), f'"{sub["id"]}"',
                                               f"子項目編號應以所屬要項編號開頭，例如 \"{area['id']}.1\"。",
                                               f"A sub-item id starts with its area's id, e.g. \"{area['id']}.1\"."))
        content.frameworks[data["id"]] = framework_of(data)


def _check_plan(doc: YamlDocument, plan: Plan, content: Content, errors: list[ContentError]) -> bool:
    before = len(errors)
    agency = content.agencies.get(plan.agency)
    if content.agencies and agency is None:
        errors.append(_unknown(doc, ("agency",), plan.agency, "機關", "agency", sorted(content.agencies)))
    framework = content.frameworks.get(plan.framework)
    if content.frameworks and framework is None:
        errors.append(_unknown(doc, ("framework",), plan.framework, "架構", "framework", sorted(content.frameworks)))
    source = content.root / "sources" / plan.source_document
    if not source.is_file():
        errors.append(_unknown(doc, ("source", "document"), plan.source_document, "原始文件（content/sources/）",
                               "source document (content/sources/)",
                               sorted(p.name for p in (content.root / "sources").glob("*")) if (content.root / "sources").is_dir() else []))
    stated = TITLE_YEAR.search(plan.title.zh)
    if stated and plan.year is not None and int(stated.group(1)) != plan.year:
        line, col = doc.position(("year",))
        errors.append(ContentError(doc.file, line, col, "year", str(plan.year),
                                   f"年度 {plan.year} 與標題中的「{stated.group(0)}」不一致。請核對原始文件並修正其一。",
                                   f"Year {plan.year} disagrees with the title's '{stated.group(0)}'. "
                                   "Check the source and correct one of them."))
    measure_ids: dict[str, tuple] = {}
    for a, area in enumerate(plan.areas):
        apath = ("content", "areas", a)
        if framework and framework.area(area.area) is None:
            errors.append(_unknown(doc, apath + ("area",), area.area, f"架構 {framework.id} 的執行要項",
                                   f"area of framework {framework.id}", [x.id for x in framework.areas]))
        for f, point in enumerate(area.focus_points):
            fpath = apath + ("focus_points", f)
            if framework and point.subitem and framework.subitem(point.subitem) is None:
                errors.append(_unknown(doc, fpath + ("subitem",), point.subitem, f"架構 {framework.id} 的子項目",
                                       f"sub-item of framework {framework.id}",
                                       [s.id for x in framework.areas for s in x.subitems]))
            for m, measure in enumerate(point.measures):
                mpath = fpath + ("measures", m)
                if measure.id in measure_ids:
                    errors.append(_duplicate(doc, mpath + ("id",), measure.id, measure_ids[measure.id]))
                measure_ids.setdefault(measure.id, mpath + ("id",))
                for u, unit in enumerate(measure.units):
                    if agency and agency.unit(unit) is None:
                        errors.append(_unknown(doc, mpath + ("units", u), unit, f"機關 {agency.id} 的單位",
                                               f"unit of agency {agency.id}", [x.id for x in agency.units]))
    return len(errors) == before


def _check_duplicate_plans(content: Content, errors: list[ContentError]) -> None:
    seen: dict[tuple, Plan] = {}
    for plan in sorted(content.plans.values(), key=lambda p: p.file.name):
        if plan.year is None:
            continue
        key = (plan.agency, plan.year)
        if key in seen:
            errors.append(ContentError(plan.file, 0, 0, "year", f"{plan.agency} {plan.year}",
                                       f"機關 {plan.agency} 的 {plan.year} 年度計畫已有另一個檔案：{seen[key].file.name}。"
                                       "一個機關每年只能有一份計畫。",
                                       f"Agency {plan.agency} already has a {plan.year} plan in {seen[key].file.name}. "
                                       "An agency has one plan a year."))
        seen.setdefault(key, plan)
