"""Scaffold a new plan file: `make new-plan AGENCY=<agency id> YEAR=<ROC year> [FROM=<plan id>] [SOURCE=<file>]`.

新增一份計畫草稿 content/plans/<agency>-<year>.yaml，並通過內容檢查：
- 預設依市府實施計畫架構（該機關最近一份計畫所用者，否則全站最新者）列出每個執行要項與子項目，每個子項目一項措施，
  措施文字暫以架構子項目原文代入、執行單位暫填該機關第一個單位；計畫依據與目標取自採用同一架構的最新計畫；
- FROM=<計畫識別碼> 則以該機關較早的一份計畫為底稿（例如沿用去年計畫再修改）；
- SOURCE=<檔案> 將原始計畫文件的文字檔複製為 content/sources/<agency>-<year>.txt；未指定時建立一個說明檔，
  請將原始文件文字貼入。
未知的機關、不合理的年度、已存在的計畫或檔案，一律拒絕並說明原因（中英文），不寫入任何檔案。

Writes a draft that passes validation: the framework's areas and sub-items, one measure per sub-item worded as
the sub-item and given the agency's first unit, basis and goals from the newest plan of the same framework. The
editor then rewrites the measures from the agency's approved plan. Refuses (exit 2) an unknown agency, an
implausible year, or a plan or source file that already exists, writing nothing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import difflib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import yaml  # noqa: E402

from kcgplans.model import ContentErrors, load_content  # noqa: E402
from kcgplans.opendata import plan_data, text  # noqa: E402

SCHEMA_LINE = "# yaml-language-server: $schema=../../plugins/kcgplans/model/schemas/plan.schema.json\n"
HEADER_FRAMEWORK = """\
# 草稿：由 `make new-plan` 依「{framework}」產生，尚未反映貴機關的計畫內容。發布前請：
#   1. 依機關核定的計畫原文，逐項改寫每個執行重點下的措施（text），必要時加上措施標題（label）；
#      措施文字目前暫以架構子項目原文代入，執行單位（units）暫填本機關第一個單位「{unit}」，請改為實際單位；
#   2. 刪除計畫未採用的子項目，或在同一子項目下增列措施（識別碼 id 不可重複，例如 m1-1-2）；
#   3. 核對計畫依據（basis）、計畫目標（goals）與實施對象（scope）：依據與目標取自 {basis_from}；
#   4. 將原始文件的文字放入 content/sources/{source}，並更新 updated 日期；英文（en）可日後補上。
# Draft made by `make new-plan` from the framework: {framework_en}.
# It does not yet say what the agency's plan says. Before publishing:
#   1. rewrite every measure's text from the approved plan (for now it is the framework sub-item's text) and
#      set its units (for now the agency's first unit: {unit_en});
#   2. delete the sub-items the plan skips, or add measures under a sub-item (ids must be unique);
#   3. check basis, goals and scope (basis and goals come from {basis_from});
#   4. put the source document's text in content/sources/{source} and update `updated`. English can follow.
"""
HEADER_FROM = """\
# 草稿：由 `make new-plan` 以 {base} 為底稿產生。發布前請依機關核定的 {year} 年度計畫逐項核對、修改，
# 將原始文件的文字放入 content/sources/{source}，並更新 updated 日期。
# Draft made by `make new-plan` from {base}. Before publishing, check and change every part against the
# agency's approved plan for {year}, put the source document's text in content/sources/{source} and update
# `updated`.
"""
SOURCE_PLACEHOLDER = """\
請以原始計畫文件（{agency} {year} 年度提升服務執行計畫）的全文取代本檔內容（純文字，UTF-8）。
Replace this file's content with the full text of the source plan ({agency_en}, ROC year {year}), as plain UTF-8 text.
"""


class Refusal(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh}\n{en}")
        self.zh, self.en = zh, en


def _plan_year_title(agency, year: int) -> dict:
    zh = f"{agency.name.zh}{year}年度提升服務執行計畫"
    title = {"zh": zh}
    if agency.name.en:
        title["en"] = f"{agency.name.en}: {year + 1911} (ROC {year}) Service Improvement Plan"
    return title


def _latest(plans):
    return max(plans, key=lambda p: (p.year or 0, p.id), default=None)


def scaffold(content, agency_id: str, year: int, *, base_id: str | None = None, today: str | None = None) -> tuple[str, dict]:
    """(plan id, plan data) of the new plan; raises Refusal when it cannot be made."""
    today = today or dt.date.today().isoformat()
    agency = content.agencies.get(agency_id)
    if agency is None:
        close = difflib.get_close_matches(agency_id, list(content.agencies), n=3, cutoff=0.5)
        known = ", ".join(close or sorted(content.agencies))
        raise Refusal(f"找不到機關「{agency_id}」。{'您是不是要寫' if close else '可用的機關識別碼'}：{known}。"
                      "新機關請先加入 content/agencies.yaml。",
                      f"Unknown agency '{agency_id}'. {'Did you mean' if close else 'Known agencies'}: {known}. "
                      "Add a new agency to content/agencies.yaml first.")
    if not 90 <= year <= 200:
        raise Refusal(f"年度 {year} 不合理：請寫民國年度，例如 114。",
                      f"Year {year} is implausible: write the ROC year, e.g. 114.")
    plan_id = f"{agency_id}-{year}"
    existing = next((p for p in content.plans.values() if p.agency == agency_id and p.year == year), None)
    if existing is not None or plan_id in content.plans:
        found = existing or content.plans[plan_id]
        raise Refusal(f"機關 {agency_id} 的 {year} 年度計畫已存在：content/plans/{found.file.name}。請直接編輯該檔。",
                      f"Agency {agency_id} already has a {year} plan: content/plans/{found.file.name}. Edit that file.")

    if base_id:
        base = content.plans.get(base_id)
        if base is None or base.agency != agency_id:
            mine = ", ".join(p.id for p in content.plans_of_agency(agency_id)) or "（無 none）"
            raise Refusal(f"找不到機關 {agency_id} 的計畫「{base_id}」。此機關的計畫：{mine}。",
                          f"Agency {agency_id} has no plan '{base_id}'. Its plans: {mine}.")
        data = plan_data(base)
        data["year"] = year
        data["title"] = _plan_year_title(agency, year)
        data["updated"] = today
        data["source"] = {"document": f"{plan_id}.txt"}
        return plan_id, data

    own = _latest(content.plans_of_agency(agency_id))
    newest = _latest(content.plans.values())
    framework = content.frameworks.get(own.framework if own else newest.framework if newest else "") \
        or next(iter(content.frameworks.values()))
    model = _latest([p for p in content.plans.values() if p.framework == framework.id])
    unit = agency.units[0] if agency.units else None
    areas = []
    for area in framework.areas:
        points = []
        for sub in area.subitems:
            a, _, s = sub.id.partition(".")
            measure = {"id": f"m{a}-{s or 1}-1", "text": text(sub.title)}
            if unit:
                measure["units"] = [unit.id]
            points.append({"subitem": sub.id, "title": text(sub.title), "measures": [measure]})
        if not points:
            measure = {"id": f"m{area.id}-1", "text": text(area.title)}
            if unit:
                measure["units"] = [unit.id]
            points.append({"title": text(area.title), "measures": [measure]})
        areas.append({"area": area.id, "title": text(area.title), "focus_points": points})
    scope_name = (agency.short_name or agency.name)
    data = {
        "agency": agency_id, "year": year, "framework": framework.id, "title": _plan_year_title(agency, year),
        "updated": today, "source": {"document": f"{plan_id}.txt"},
        "basis": _section_or(model.basis if model else None, {"items": [{"text": text(framework.title)}]}),
        "goals": _section_or(model.goals if model else None, {"items": [{"text": text(framework.title)}]}),
        "scope": {"intro": {"zh": f"{scope_name.zh}各單位。",
                            **({"en": f"All units of the {scope_name.en}."} if scope_name.en else {})}},
        "content": {"areas": areas},
    }
    return plan_id, data


def _section_or(section, default: dict) -> dict:
    from kcgplans.opendata import section as section_data
    return section_data(section) if section is not None else default


def render(plan_id: str, data: dict, header: str) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)
    return SCHEMA_LINE + header + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="new-plan", description="新增計畫草稿 / Scaffold a new plan file")
    parser.add_argument("agency", help="機關識別碼（content/agencies.yaml）/ agency id")
    parser.add_argument("year", help="民國年度，例如 114 / ROC year, e.g. 114")
    parser.add_argument("--from", dest="base", metavar="PLAN_ID", help="以此計畫為底稿 / start from this plan")
    parser.add_argument("--source", type=Path, help="原始文件的文字檔 / the source document as a text file")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="內容目錄 / content folder")
    args = parser.parse_args(argv)

    try:
        content = load_content(args.content)
    except ContentErrors as exc:
        print(exc.report())
        print("請先修正現有內容的錯誤，再新增計畫。 Fix the existing content errors before adding a plan.")
        return 1
    try:
        try:
            year = int(str(args.year).strip())
        except ValueError:
            raise Refusal(f"年度「{args.year}」不是數字：請寫民國年度，例如 114。",
                          f"Year '{args.year}' is not a number: write the ROC year, e.g. 114.") from None
        plan_id, data = scaffold(content, args.agency.strip(), year, base_id=args.base)
        plan_file = args.content / "plans" / f"{plan_id}.yaml"
        source_file = args.content / "sources" / f"{plan_id}.txt"
        for file in (plan_file, source_file):
            if file.exists():
                raise Refusal(f"檔案已存在，未寫入任何檔案：{file}。",
                              f"The file already exists; nothing was written: {file}.")
        if args.source is not None and not args.source.is_file():
            raise Refusal(f"找不到原始文件 {args.source}。", f"No such source document: {args.source}.")
    except Refusal as refusal:
        print(f"未新增計畫：{refusal.zh}\nNo plan was added: {refusal.en}", file=sys.stderr)
        return 2

    agency = content.agencies[args.agency.strip()]
    unit = agency.units[0] if agency.units else None
    if args.base:
        header = HEADER_FROM.format(base=args.base, year=year, source=source_file.name)
    else:
        fw = content.frameworks[data["framework"]]
        basis_from = next((p.id for p in sorted(content.plans.values(), key=lambda p: (-(p.year or 0), p.id))
                           if p.framework == fw.id), "the framework")
        header = HEADER_FRAMEWORK.format(framework=fw.title.zh, framework_en=fw.title.en or fw.title.zh,
                                         unit=unit.name.zh if unit else "（無）",
                                         unit_en=(unit.name.en or unit.name.zh) if unit else "(none)",
                                         basis_from=basis_from, source=source_file.name)
    plan_file.parent.mkdir(parents=True, exist_ok=True)
    source_file.parent.mkdir(parents=True, exist_ok=True)
    if args.source is not None:
        shutil.copyfile(args.source, source_file)
    else:
        source_file.write_text(SOURCE_PLACEHOLDER.format(agency=agency.name.zh, agency_en=agency.name.en or agency.name.zh,
                                                         year=year), encoding="utf-8")
    plan_file.write_text(render(plan_id, data, header), encoding="utf-8")
    try:
        load_content(args.content)
    except ContentErrors as exc:  # the scaffold must validate: never leave a broken file behind
        plan_file.unlink()
        source_file.unlink()
        print(exc.report(), file=sys.stderr)
        print("草稿未通過內容檢查，已刪除。 The draft failed validation and was removed.", file=sys.stderr)
        return 1
    print(f"已新增計畫草稿 Plan draft created: {plan_file}\n"
          f"原始文件 Source document: {source_file}\n"
          "下一步：依檔案開頭的說明改寫內容，執行 make validate，再依 CONTRIBUTING.md 提出合併請求。\n"
          "Next: edit it as its opening comment says, run `make validate`, then open a pull request (CONTRIBUTING.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
