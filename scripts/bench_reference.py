"""The reference for scripts/bench.py: the same plans as plain Markdown pages, built by MkDocs + Material with
mkdocs-static-i18n (suffix structure, navigation.prune) — how the site would be made without the plugin.
Plans are grouped in one folder per agency (docs/plans/<agency>/), so navigation.prune keeps each page's
navigation to its own agency's section, as a hand-made site of 1,000 plans would be organised."""
from __future__ import annotations

from pathlib import Path

import yaml


CONFIG = """site_name: reference
site_url: https://example.kcg.gov.tw/reference/
theme:
  name: material
  language: zh-TW
  font: false
  features: [navigation.prune]
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: zh-TW, default: true, name: 中文, build: true}
        - {locale: en, name: English, build: true}
"""


def _text(t: dict | None, lang: str) -> str:
    return "" if not t else (t.get(lang) or t["zh"]).replace("\n\n", " ").replace("|", "／")


def plan_markdown(data: dict, lang: str) -> str:
    out = [f"# {_text(data['title'], lang)}", ""]
    for key in ("basis", "goals", "scope", "management", "other"):
        sec = data.get(key) or {}
        if sec.get("intro"):
            out += [_text(sec["intro"], lang), ""]
        for item in sec.get("items") or []:
            out.append(f"1. {_text(item['text'], lang)}")
        out.append("")
    for area in data["content"]["areas"]:
        out += [f"## {_text(area['title'], lang)}", ""]
        for point in area["focus_points"]:
            out += [f"### {_text(point['title'], lang)}", "", "| 措施 | 執行單位 |", "|---|---|"]
            for m in point["measures"]:
                out.append(f"| {_text(m['text'], lang)} | {', '.join(m.get('units') or [])} |")
            out.append("")
    return "\n".join(out)


def make_reference(dest: Path, n_plans: int) -> Path:
    from bench_corpus import make_project
    corpus = make_project(dest / "corpus", n_plans, downloads=False)
    docs = dest / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# 首頁\n", encoding="utf-8")
    (docs / "index.en.md").write_text("# Home\n", encoding="utf-8")
    for file in sorted((corpus / "content" / "plans").glob("*.yaml")):
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        folder = docs / "plans" / data["agency"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{file.stem}.md").write_text(plan_markdown(data, "zh"), encoding="utf-8")
        (folder / f"{file.stem}.en.md").write_text(plan_markdown(data, "en"), encoding="utf-8")
    return dest


def edit_reference_plan(dest: Path, mark: str = "（修訂）") -> None:
    """The reference's counterpart of editing one plan: one line of its Chinese page."""
    page = sorted((dest / "docs" / "plans").glob("*/*.md"))[0]
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("# ", "# " + mark, 1), encoding="utf-8")
