"""A synthetic corpus shaped like the real one: N plans copied from the five source plans (so sizes, nesting and
both languages match), spread over agencies that each publish one plan a year, with FAQ and SOP in proportion.

Used by scripts/bench.py; the texts are the real plans' texts, the agencies and years are synthetic.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
YEARS = list(range(104, 114))  # ten years per agency


def make_project(dest: Path, n_plans: int, *, root: Path = ROOT, downloads: bool = True) -> Path:
    """Write a complete site project (mkdocs.yml, theme, content) with ``n_plans`` synthetic plans (plus the
    five real ones, which the FAQ and SOP files refer to) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if not downloads:
        config = config.replace("  - kcgplans:\n", "  - kcgplans:\n      downloads_enabled: false\n", 1)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(root / "theme", dest / "theme", dirs_exist_ok=True)
    content = dest / "content"
    shutil.copytree(root / "content", content, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("plans", "agencies.yaml", "faq", "sop"))
    real_agencies = yaml.safe_load((root / "content" / "agencies.yaml").read_text(encoding="utf-8"))["agencies"]
    by_id = {a["id"]: a for a in real_agencies}
    templates = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "content" / "plans").glob("*.yaml"))]
    agencies = [a for a in real_agencies]  # keep the real ones (parents, names)
    plans_dir = content / "plans"
    plans_dir.mkdir(parents=True, exist_ok=True)
    for real in (root / "content" / "plans").glob("*.yaml"):
        shutil.copy(real, plans_dir / real.name)
    for i in range(n_plans):
        template = templates[(i // len(YEARS)) % len(templates)]
        number, year = i // len(YEARS), YEARS[i % len(YEARS)]
        agency_id = f"agency-{number:03d}"
        if i % len(YEARS) == 0:
            base = by_id[template["agency"]]
            agencies.append({
                "id": agency_id,
                "name": {"zh": f"{base['name']['zh']}（合成 {number:03d}）", "en": f"{base['name']['en']} (synthetic {number:03d})"},
                "kind": base["kind"],
                "units": base.get("units", []),
            })
        plan = dict(template, agency=agency_id, year=year)
        plan["title"] = {k: v.replace(str(template.get("year", "")), str(year)) if template.get("year") else v
                         for k, v in template["title"].items()}
        (plans_dir / f"{agency_id}-{year}.yaml").write_text(
            yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    (content / "agencies.yaml").write_text(
        yaml.safe_dump({"agencies": agencies}, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    _copy_services(root, content, agencies, n_plans)
    return dest


def _copy_services(root: Path, content: Path, agencies: list[dict], n_plans: int) -> None:
    """FAQ and SOP files in the same proportion to plans as in the real content, re-pointed at synthetic agencies."""
    for kind in ("faq", "sop"):
        src = root / "content" / kind
        if not src.is_dir():
            continue
        shutil.copytree(src, content / kind, dirs_exist_ok=True)
