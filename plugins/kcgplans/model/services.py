"""FAQ (常見問答) and SOP (標準作業流程) content: typed objects, loading and the cross-file checks.

Files:
  content/faq-categories.yaml    the categories FAQ entries are filed under
  content/faq/<agency-id>.yaml   one agency's FAQ entries
  content/sop/<sop-id>.yaml      one service's standard operating procedure
  content/sop/forms/             the SOP forms offered for download

A fact the sources do not state is simply left out of a file; the pages then say 「請洽承辦單位」. The checks here
therefore never ask for a fact, only that what is written is consistent: known agency, unit, category, FAQ id,
plan measure and source document; unique ids; real dates; forms that exist and have an ODF or PDF twin.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import schema as _schema
from .errors import ContentError
from .types import Text
from .yamlsource import YamlDocument, format_path, load_yaml

if TYPE_CHECKING:  # pragma: no cover
    from .repository import Content

# Labels for "missing field" messages (schema.py names the fields of plans; these are the services' own).
_schema.FIELD_NAMES.update({k: v for k, v in {
    "entries": "問答", "categories": "分類", "clauses": "條次", "note": "說明", "description": "服務說明",
    "eligibility": "申請資格", "documents": "應備文件", "optional": "可免附", "reason": "免附原因",
    "channels": "申辦方式", "type": "類型", "url": "網址", "steps": "辦理流程", "actor": "辦理者",
    "time_limit": "處理期限", "value": "數值", "fees": "收費標準", "contact": "聯絡方式", "phone": "電話",
    "fax": "傳真", "email": "電子信箱", "address": "地址", "hours": "服務時間", "legal_basis": "法令依據",
    "forms": "表單", "files": "檔案", "example": "填寫範例", "progress_query": "進度查詢",
    "related_faq": "相關常見問答",
}.items() if k not in _schema.FIELD_NAMES})

CHANNEL_TYPES = ("counter", "phone", "fax", "online", "mobile", "mail", "outreach")
TIME_UNITS = ("working-days", "hours")
OFFICE_TWINS = {".doc": (".odt", ".pdf"), ".docx": (".odt", ".pdf"), ".xls": (".ods", ".pdf"),
                ".xlsx": (".ods", ".pdf"), ".ppt": (".odp", ".pdf"), ".pptx": (".odp", ".pdf")}
FORM_SUFFIXES = {".odt", ".ods", ".odp", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".txt",
                 ".csv", ".zip", ".jpg", ".png"}
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MEASURE_REF = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)#([a-z0-9]+(?:-[a-z0-9]+)*)$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()#\-]*(?:(?:ext\.?|分機|轉)\s*[0-9]+)?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
RESERVED_ANCHORS = {"top", "steps", "facts", "flowchart", "questions", "by-agency", "by-category"}


# Typed objects ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceRef:
    document: str
    clauses: tuple[str, ...] = ()
    note: Text | None = None


@dataclass(frozen=True)
class FaqCategory:
    id: str
    name: Text
    description: Text | None = None
    source: SourceRef | None = None


@dataclass(frozen=True)
class FaqEntry:
    id: str
    agency: str
    question: Text
    answer: Text          # Markdown
    category: str
    units: tuple[str, ...]
    updated: str
    source: SourceRef
    file: Path
    measures: tuple[str, ...] = ()

    def texts(self):
        yield self.question
        yield self.answer


@dataclass(frozen=True)
class TimeLimit:
    value: float
    unit: str             # working-days | hours

    @property
    def amount(self) -> str:
        return str(int(self.value)) if float(self.value).is_integer() else str(self.value)


@dataclass(frozen=True)
class RequiredDocument:
    name: Text
    optional: bool = False
    reason: Text | None = None


@dataclass(frozen=True)
class Channel:
    type: str
    note: Text | None = None
    url: str | None = None


@dataclass(frozen=True)
class Step:
    text: Text
    actor: Text | None = None
    time_limit: TimeLimit | None = None


@dataclass(frozen=True)
class Contact:
    phone: tuple[str, ...] = ()
    fax: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    address: Text | None = None
    hours: Text | None = None


@dataclass(frozen=True)
class FormFile:
    name: str
    path: Path

    @property
    def format(self) -> str:
        return self.path.suffix.lower().lstrip(".")

    @property
    def size(self) -> int:
        return self.path.stat().st_size if self.path.is_file() else 0


@dataclass(frozen=True)
class Form:
    title: Text
    files: tuple[FormFile, ...]
    example: bool = False


@dataclass(frozen=True)
class Sop:
    id: str
    file: Path
    title: Text
    description: Text     # Markdown
    agency: str
    units: tuple[str, ...]
    updated: str
    source: SourceRef
    eligibility: Text | None = None
    documents: tuple[RequiredDocument, ...] = ()
    channels: tuple[Channel, ...] = ()
    steps: tuple[Step, ...] = ()
    time_limit: TimeLimit | None = None
    fees: Text | None = None
    contact: Contact = field(default_factory=Contact)
    legal_basis: tuple[Text, ...] = ()
    forms: tuple[Form, ...] = ()
    progress_query: Text | None = None
    related_faq: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()

    def texts(self):
        """Every Text of the SOP, for translation coverage."""
        yield from (t for t in (self.title, self.description, self.eligibility, self.fees, self.progress_query,
                                self.contact.address, self.contact.hours, self.source.note) if t)
        for d in self.documents:
            yield from (t for t in (d.name, d.reason) if t)
        for c in self.channels:
            if c.note:
                yield c.note
        for s in self.steps:
            yield from (t for t in (s.text, s.actor) if t)
        yield from self.legal_basis
        for f in self.forms:
            yield f.title


# Builders from schema-valid data ---------------------------------------------------------------------------

def _source_of(data: dict | None, default_document: str | None = None) -> SourceRef | None:
    if data is None:
        return None
    return SourceRef(data.get("document") or default_document or "", tuple(data.get("clauses") or ()),
                     Text.of(data.get("note")))


def _time_of(data: dict | None) -> TimeLimit | None:
    return None if data is None else TimeLimit(data["value"], data["unit"])


def category_of(data: dict) -> FaqCategory:
    return FaqCategory(data["id"], Text.of(data["name"]), Text.of(data.get("description")), _source_of(data.get("source")))


def faq_entries_of(file: Path, data: dict) -> list[FaqEntry]:
    default = data["source"]["document"]
    return [FaqEntry(id=e["id"], agency=data["agency"], question=Text.of(e["question"]), answer=Text.of(e["answer"]),
                     category=e["category"], units=tuple(e["units"]), updated=e["updated"],
                     source=_source_of(e["source"], default), file=file, measures=tuple(e.get("measures") or ()))
            for e in data["entries"]]


def sop_of(sop_id: str, file: Path, data: dict, forms_dir: Path) -> Sop:
    contact = data.get("contact") or {}
    return Sop(
        id=sop_id, file=file, title=Text.of(data["title"]), description=Text.of(data["description"]),
        agency=data["agency"], units=tuple(data["units"]), updated=data["updated"],
        source=_source_of(data["source"]), eligibility=Text.of(data.get("eligibility")),
        documents=tuple(RequiredDocument(Text.of(d["name"]), bool(d.get("optional")), Text.of(d.get("reason")))
                        for d in data.get("documents") or ()),
        channels=tuple(Channel(c["type"], Text.of(c.get("note")), c.get("url")) for c in data.get("channels") or ()),
        steps=tuple(Step(Text.of(s["text"]), Text.of(s.get("actor")), _time_of(s.get("time_limit")))
                    for s in data.get("steps") or ()),
        time_limit=_time_of(data.get("time_limit")), fees=Text.of(data.get("fees")),
        contact=Contact(tuple(contact.get("phone") or ()), tuple(contact.get("fax") or ()),
                        tuple(contact.get("email") or ()), Text.of(contact.get("address")),
                        Text.of(contact.get("hours"))),
        legal_basis=tuple(Text.of(t) for t in data.get("legal_basis") or ()),
        forms=tuple(Form(Text.of(f["title"]), tuple(FormFile(n, forms_dir / n) for n in f["files"]),
                         bool(f.get("example"))) for f in data.get("forms") or ()),
        progress_query=Text.of(data.get("progress_query")), related_faq=tuple(data.get("related_faq") or ()),
        measures=tuple(data.get("measures") or ()),
    )


# Loading and checks ----------------------------------------------------------------------------------------

def load_services(root: Path, content: "Content", errors: list[ContentError]) -> None:
    """Load the FAQ categories, FAQ files and SOP files under ``root`` into ``content``; append every problem
    to ``errors`` (raised together with the plans' errors by load_content)."""
    from .repository import _load, file_id_ok  # the same loader as the plans: parse, schema-check

    faq_dir, sop_dir = root / "faq", root / "sop"
    faq_files = sorted(faq_dir.glob("*.yaml")) if faq_dir.is_dir() else []
    sop_files = sorted(sop_dir.glob("*.yaml")) if sop_dir.is_dir() else []
    categories_file = root / "faq-categories.yaml"
    if faq_files or categories_file.is_file():  # a content tree without FAQ needs no categories
        doc = _load(categories_file, "faq-categories.schema.json", errors)
        if doc:
            _check_categories(doc, content, errors)

    faq_ids: dict[str, tuple[YamlDocument, tuple]] = {}
    sop_docs: dict[str, YamlDocument] = {}
    unchecked_ids: set[str] = set()  # ids in FAQ files with errors of their own: not "unknown" to a SOP
    for file in faq_files:
        doc = _load(file, "faq.schema.json", errors)
        if doc is None:
            unchecked_ids.update(_raw_entry_ids(file))
            continue
        _check_faq_file(doc, content, faq_ids, errors)

    for file in sop_files:
        doc = _load(file, "sop.schema.json", errors)
        if doc is None:
            continue
        if not file_id_ok(file, "服務", "service's", "consumer-complaint.yaml", errors):
            continue
        sop = sop_of(file.stem, file, doc.data, sop_dir / "forms")
        if _check_sop(doc, sop, content, errors):
            content.sops[sop.id] = sop
            sop_docs[sop.id] = doc

    # Related FAQ ids are checked once every FAQ file is read (a SOP may name another agency's entry).
    for sop in list(content.sops.values()):
        for i, faq_id in enumerate(sop.related_faq):
            if faq_id in content.faqs or faq_id in faq_ids or faq_id in unchecked_ids:
                continue  # known (an entry whose file has errors of its own is reported there)
            errors.append(_unknown(sop_docs[sop.id], ("related_faq", i), faq_id, "常見問答識別碼", "FAQ entry id",
                                   sorted(faq_ids)))
            content.sops.pop(sop.id, None)


def _raw_entry_ids(file: Path) -> set[str]:
    """The entry ids of an FAQ file that failed its schema, as far as they can be read."""
    doc, _ = load_yaml(file)
    data = doc.data if doc is not None else None
    entries = data.get("entries") if isinstance(data, dict) else None
    return {e["id"] for e in entries or () if isinstance(e, dict) and isinstance(e.get("id"), str)} \
        if isinstance(entries, list) else set()


def _unknown(doc, path, value, what_zh, what_en, choices):
    from .repository import _unknown as unknown
    return unknown(doc, path, value, what_zh, what_en, choices)


def _duplicate(doc, path, value, first_doc: YamlDocument, first_path) -> ContentError:
    line, col = doc.position(path)
    where = f"第 {first_doc.position(first_path)[0]} 行" if first_doc is doc else \
        f"{first_doc.file.name} 第 {first_doc.position(first_path)[0]} 行"
    where_en = f"line {first_doc.position(first_path)[0]}" if first_doc is doc else \
        f"{first_doc.file.name} line {first_doc.position(first_path)[0]}"
    return ContentError(doc.file, line, col, format_path(path), f'"{value}"',
                        f"識別碼「{value}」重複（{where}已使用）。請改用另一個不重複的識別碼。",
                        f"The id '{value}' is already used ({where_en}). Choose another, unique id.")


def _error(doc: YamlDocument, path: tuple, found: str, zh: str, en: str) -> ContentError:
    line, col = doc.position(path)
    return ContentError(doc.file, line, col, format_path(path), found, zh, en)


def _check_date(doc: YamlDocument, path: tuple, value: str, errors: list[ContentError]) -> None:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(_error(doc, path, f'"{value}"', f"「{value}」不是存在的日期。請寫實際的日期，格式 YYYY-MM-DD（例如 2026-11-24）。",
                             f"'{value}' is not a real date. Write an actual date as YYYY-MM-DD (e.g. 2026-11-24)."))


def _check_source(doc: YamlDocument, path: tuple, document: str, root: Path, errors: list[ContentError]) -> None:
    sources = root / "sources"
    if not (sources / document).is_file():
        errors.append(_unknown(doc, path, document, "原始文件（content/sources/）", "source document (content/sources/)",
                               sorted(p.name for p in sources.glob("*")) if sources.is_dir() else []))


def _check_agency_units(doc, agency_path, agency_id, units_path, units, content, errors) -> bool:
    agency = content.agencies.get(agency_id)
    if agency is None:
        if content.agencies:
            errors.append(_unknown(doc, agency_path, agency_id, "機關", "agency", sorted(content.agencies)))
        return False
    ok = True
    for u, unit in enumerate(units):
        if agency.unit(unit) is None:
            ok = False
            errors.append(_unknown(doc, units_path + (u,), unit, f"機關 {agency.id} 的單位", f"unit of agency {agency.id}",
                                   [x.id for x in agency.units]))
    return ok


def _check_measures(doc, path, refs, content, errors) -> bool:
    ok = True
    for i, ref in enumerate(refs):
        here = path + (i,)
        match = MEASURE_REF.match(ref)
        if not match:
            ok = False
            errors.append(_error(doc, here, f'"{ref}"', "措施參照應寫成「計畫識別碼#措施識別碼」，例如 admin-intl-affairs-112#m1-2-6。",
                                 "A measure reference is written <plan-id>#<measure-id>, "
                                 "e.g. admin-intl-affairs-112#m1-2-6."))
            continue
        plan_id, measure_id = match.groups()
        plan = content.plans.get(plan_id)
        if plan is None:
            if (content.root / "plans" / f"{plan_id}.yaml").is_file():
                continue  # the plan exists but has errors of its own, reported there
            ok = False
            errors.append(_unknown(doc, here, plan_id, "計畫（content/plans/）", "plan (content/plans/)", sorted(content.plans)))
            continue
        ids = [m.id for _, _, m in plan.measures()]
        if measure_id not in ids:
            ok = False
            errors.append(_unknown(doc, here, measure_id, f"計畫 {plan_id} 的措施", f"measure of plan {plan_id}", ids))
    return ok


def _check_categories(doc: YamlDocument, content: "Content", errors: list[ContentError]) -> None:
    seen: dict[str, tuple] = {}
    for i, data in enumerate(doc.data["categories"]):
        path = ("categories", i, "id")
        if data["id"] in seen:
            errors.append(_duplicate(doc, path, data["id"], doc, seen[data["id"]]))
            continue
        seen[data["id"]] = path
        if data.get("source"):
            _check_source(doc, ("categories", i, "source", "document"), data["source"]["document"], content.root, errors)
        content.faq_categories[data["id"]] = category_of(data)


def _check_faq_file(doc: YamlDocument, content: "Content", faq_ids: dict, errors: list[ContentError]) -> None:
    data, file = doc.data, doc.file
    before = len(errors)
    if data["agency"] != file.stem:
        errors.append(_error(doc, ("agency",), f'"{data["agency"]}"',
                             f"常見問答檔名應與機關識別碼相同：本檔應命名為 {data['agency']}.yaml，或將 agency 改為 {file.stem}。",
                             f"An FAQ file is named after its agency: rename this file {data['agency']}.yaml, "
                             f"or change agency to {file.stem}."))
    if data["agency"] == "category":
        errors.append(_error(doc, ("agency",), '"category"', "機關識別碼 category 與分類頁網址衝突，請改用其他識別碼。",
                             "The agency id 'category' collides with the category pages' address; use another id."))
    known_agency = content.agencies.get(data["agency"]) is not None
    if not known_agency and content.agencies:
        errors.append(_unknown(doc, ("agency",), data["agency"], "機關", "agency", sorted(content.agencies)))
    _check_source(doc, ("source", "document"), data["source"]["document"], content.root, errors)
    entries = faq_entries_of(file, data)
    good: list[FaqEntry] = []
    for i, entry in enumerate(entries):
        epath = ("entries", i)
        mark = len(errors)
        if entry.id in faq_ids:
            first_doc, first_path = faq_ids[entry.id]
            errors.append(_duplicate(doc, epath + ("id",), entry.id, first_doc, first_path))
        else:
            faq_ids[entry.id] = (doc, epath + ("id",))
        if entry.id in RESERVED_ANCHORS:
            errors.append(_error(doc, epath + ("id",), f'"{entry.id}"',
                                 f"識別碼「{entry.id}」是頁面保留的錨點，請改用其他識別碼（例如 faq-{entry.id}）。",
                                 f"'{entry.id}' is an anchor the pages reserve; use another id (e.g. faq-{entry.id})."))
        if content.faq_categories and entry.category not in content.faq_categories:
            errors.append(_unknown(doc, epath + ("category",), entry.category, "常見問答分類（content/faq-categories.yaml）",
                                   "FAQ category (content/faq-categories.yaml)", sorted(content.faq_categories)))
        if known_agency:
            _check_agency_units(doc, ("agency",), data["agency"], epath + ("units",), entry.units, content, errors)
        _check_date(doc, epath + ("updated",), entry.updated, errors)
        if "document" in data["entries"][i]["source"]:
            _check_source(doc, epath + ("source", "document"), entry.source.document, content.root, errors)
        _check_measures(doc, epath + ("measures",), entry.measures, content, errors)
        if len(errors) == mark:
            good.append(entry)
    if len(errors) == before:
        for entry in good:
            content.faqs[entry.id] = entry


def _check_sop(doc: YamlDocument, sop: Sop, content: "Content", errors: list[ContentError]) -> bool:
    before = len(errors)
    _check_agency_units(doc, ("agency",), sop.agency, ("units",), sop.units, content, errors)
    _check_date(doc, ("updated",), sop.updated, errors)
    _check_source(doc, ("source", "document"), sop.source.document, content.root, errors)
    _check_measures(doc, ("measures",), sop.measures, content, errors)
    data = doc.data
    for path, limit in [(("time_limit",), data.get("time_limit"))] + [
            (("steps", i, "time_limit"), s.get("time_limit")) for i, s in enumerate(data.get("steps") or ())]:
        if limit is not None and not limit["value"] > 0:
            errors.append(_error(doc, path + ("value",), repr(limit["value"]),
                                 "期限應為大於 0 的數字（例如 3）。原文未載明期限者，請刪除此欄位。",
                                 "A time limit is a number above 0 (e.g. 3). If the source states none, remove the field."))
    for kind, pattern, zh, en in (
            ("phone", PHONE, "電話號碼只能含數字、空白、連字號、括號與分機（例如 07-3368333 轉 1234）。",
             "A phone number holds digits, spaces, hyphens, brackets and an extension (e.g. 07-3368333 ext. 1234)."),
            ("fax", PHONE, "傳真號碼只能含數字、空白、連字號與括號（例如 07-3368333）。",
             "A fax number holds digits, spaces, hyphens and brackets (e.g. 07-3368333)."),
            ("email", EMAIL, "電子信箱格式不符（例如 service@kcg.gov.tw）。",
             "Not an e-mail address (e.g. service@kcg.gov.tw).")):
        for i, value in enumerate((data.get("contact") or {}).get(kind) or ()):
            if not isinstance(value, str) or not pattern.match(value.strip()):
                errors.append(_error(doc, ("contact", kind, i), repr(value), zh, en))
    for f, form in enumerate(sop.forms):
        names = [x.name for x in form.files]
        suffixes = {Path(n).suffix.lower() for n in names}
        for n, name in enumerate(names):
            here = ("forms", f, "files", n)
            suffix = Path(name).suffix.lower()
            if not FILE_NAME.match(name) or suffix not in FORM_SUFFIXES:
                errors.append(_error(doc, here, f'"{name}"',
                                     "表單檔名只能用英文字母、數字、底線、點與連字號，並以副檔名結尾"
                                     f"（{'、'.join(sorted(FORM_SUFFIXES))}），例如 venue-application.odt；檔案放在 content/sop/forms/。",
                                     "A form's file name uses letters, digits, underscores, dots and hyphens and ends "
                                     f"with a known extension ({', '.join(sorted(FORM_SUFFIXES))}), e.g. "
                                     "venue-application.odt; the file goes in content/sop/forms/."))
                continue
            if not form.files[n].path.is_file():
                present = sorted(p.name for p in form.files[n].path.parent.glob("*")) if form.files[n].path.parent.is_dir() else []
                errors.append(_unknown(doc, here, name, "表單檔案（content/sop/forms/）", "form file (content/sop/forms/)",
                                       present))
            twins = OFFICE_TWINS.get(suffix)
            if twins and not suffixes.intersection(twins):
                stem = Path(name).stem
                errors.append(_error(doc, here, f'"{name}"',
                                     f"{suffix} 為商用辦公軟體格式，須同時提供開放文件格式或 PDF：請在 files 加上 "
                                     f"{stem}{twins[0]} 或 {stem}.pdf（以 LibreOffice 轉存，檔案放在 content/sop/forms/）。",
                                     f"{suffix} is a proprietary office format; offer an ODF or PDF twin as well: add "
                                     f"{stem}{twins[0]} or {stem}.pdf to files (save it with LibreOffice into "
                                     "content/sop/forms/)."))
    return len(errors) == before
