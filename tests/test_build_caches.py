"""The caches `mkdocs serve` keeps between rebuilds, one by one: parsed content files (model/repository.py),
rendered page bodies (views/render_cache.py), the link check (linkcheck.IncrementalCheck) and the search
segmentation cache. tests/test_incremental.py checks the whole rebuild against clean builds."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from support import ROOT

from kcgplans import linkcheck
from kcgplans.mkdocs_plugin.search_index import Segmenter
from kcgplans.mkdocs_plugin.serve_inputs import Inputs, skip_unchanged
from kcgplans.model import ContentErrors, load_content
from kcgplans.model.repository import ParseCache
from kcgplans.views import build_pages
from kcgplans.views.render_cache import RenderCache


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    dest = tmp_path / "content"
    shutil.copytree(ROOT / "content", dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_parse_cache_reuses_unchanged_files_and_their_plans(content_dir: Path) -> None:
    cache = ParseCache()
    first = load_content(content_dir, cache)
    assert cache.hits == 0
    edit(content_dir / "plans" / "finance-bureau-113.yaml", "具體規劃為民服務工作。", "具體規劃為民服務工作（修訂）。")
    second = load_content(content_dir, cache)
    assert len(cache) > 10 and cache.hits == len(cache) - 1  # every file but the edited one
    assert second.plans["neimen-district-office-102"] is first.plans["neimen-district-office-102"]
    assert second.plans["finance-bureau-113"] is not first.plans["finance-bureau-113"]
    assert any("（修訂）" in point.title.zh for _, point, _ in second.plans["finance-bureau-113"].measures())
    assert second.coverage == load_content(content_dir).coverage  # translation coverage of cached files kept


def test_a_cached_file_with_errors_reports_them_on_every_run(content_dir: Path) -> None:
    cache = ParseCache()
    edit(content_dir / "plans" / "finance-bureau-113.yaml", "focus_points:", "focus_pointz:")
    for _ in range(2):
        with pytest.raises(ContentErrors) as caught:
            load_content(content_dir, cache)
        assert "finance-bureau-113.yaml" in caught.value.report()
    assert cache.hits > 0


def test_an_unchanged_plan_is_checked_again_when_its_agency_changes(content_dir: Path) -> None:
    cache = ParseCache()
    load_content(content_dir, cache)
    load_content(content_dir, cache)  # every plan has passed its checks once, unchanged since
    edit(content_dir / "agencies.yaml", "    - id: tobacco-alcohol", "    - id: tobacco-and-alcohol")
    with pytest.raises(ContentErrors) as caught:
        load_content(content_dir, cache)
    report = caught.value.report()
    assert "finance-bureau-113.yaml" in report and "tobacco-alcohol" in report
    edit(content_dir / "agencies.yaml", "    - id: tobacco-and-alcohol", "    - id: tobacco-alcohol")
    (content_dir / "sources" / load_content(content_dir, cache).plans["finance-bureau-113"].source_document).unlink()
    with pytest.raises(ContentErrors) as caught:  # its source document is gone
        load_content(content_dir, cache)
    assert "finance-bureau-113.yaml" in caught.value.report()


def test_render_cache_renders_only_pages_made_from_the_edited_plan(content_dir: Path) -> None:
    parse, cache = ParseCache(), RenderCache()
    build_pages(load_content(content_dir, parse), cache=cache)
    assert cache.reused == 0 and cache.rendered > 100
    total = cache.rendered
    build_pages(load_content(content_dir, parse), cache=cache)
    assert (cache.rendered, cache.reused) == (0, total)

    edit(content_dir / "plans" / "neimen-district-office-102.yaml", "zh: ", "zh: （修訂）")
    content = load_content(content_dir, parse)
    cached = {(p.kind, p.key, p.lang): p for p in build_pages(content, cache=cache)}
    fresh = {(p.kind, p.key, p.lang): p for p in build_pages(content)}
    assert 0 < cache.rendered < total / 2
    assert ("plan", "finance-bureau-113", "zh") not in {k for k, p in cached.items() if p.fingerprint is None}
    for key, page in fresh.items():  # the same pages as without the cache
        assert (cached[key].body, cached[key].toc, cached[key].untranslated) == (page.body, page.toc,
                                                                                page.untranslated), key


def test_render_cache_redoes_the_pages_that_show_the_edited_plan_and_only_those(content_dir: Path) -> None:
    parse, cache = ParseCache(), RenderCache()
    before = {(p.kind, p.key, p.lang): p.fingerprint for p in build_pages(load_content(content_dir, parse), cache=cache)}
    # Measure m2-2-2, which an FAQ entry of the same agency quotes
    edit(content_dir / "plans" / "admin-intl-affairs-112.yaml", 'zh: "於本處網站常見問答提供', 'zh: "（修訂）於本處網站常見問答提供')
    content = load_content(content_dir, parse)
    after = {(p.kind, p.key, p.lang): p for p in build_pages(content, cache=cache)}
    redone = {key for key, page in after.items() if page.fingerprint != before[key]}
    quotes = lambda item: any(ref.startswith("admin-intl-affairs-112#") for ref in item.measures)  # noqa: E731
    quoting_sops = {sop.id for sop in content.sops.values() if quotes(sop)}
    quoting_faqs = {entry.agency for entry in content.faqs.values() if quotes(entry)}
    assert quoting_sops and quoting_faqs == {"admin-intl-affairs"}
    edited = next(m for _, _, m in content.plans["admin-intl-affairs-112"].measures() if m.text.zh.startswith("（修訂）"))
    units = {f"admin-intl-affairs/{unit}" for unit in edited.units}
    assert units
    for lang in ("zh", "en"):
        # Unit pages: those of the edited measure's units, no other unit of the agency
        assert {key[1] for key in redone if key[0] == "unit" and key[2] == lang} == units
        assert {("plan", "admin-intl-affairs-112", lang), ("faq-agency", "admin-intl-affairs", lang)} <= redone
        assert ("plan", "finance-bureau-113", lang) not in redone  # another agency's plan
        assert {key[1] for key in redone if key[0] == "sop" and key[2] == lang} == quoting_sops
        assert {key[1] for key in redone if key[0] == "faq-agency" and key[2] == lang} == quoting_faqs
        assert not {key for key in redone if key[0] in ("faq-index", "sop-index") and key[2] == lang}
        # Lists of plans show titles, years and counts, which a measure's text does not change
        assert not {key for key in redone if key[0] in LISTS}
    same_as_without_cache(content, after)


# Pages that show plans only as list entries (title, year, agency, counts)
LISTS = ("home", "agencies", "agency", "units", "years", "year", "frameworks", "area")


def same_as_without_cache(content, cached: dict) -> None:
    for page in build_pages(content):
        assert cached[(page.kind, page.key, page.lang)].body == page.body, (page.kind, page.key, page.lang)


def titles_redone(content_dir: Path, plan_id: str) -> tuple[set, object, dict]:
    """Edit one plan's Chinese title with a render cache; the (kind, key, lang) of the pages rendered again."""
    parse, cache = ParseCache(), RenderCache()
    before = {(p.kind, p.key, p.lang): p.fingerprint for p in build_pages(load_content(content_dir, parse), cache=cache)}
    plan = content_dir / "plans" / f"{plan_id}.yaml"
    text = plan.read_text(encoding="utf-8")
    title = text[text.index("title:"):]
    start = title.index("zh: ")
    old = title[start:title.index("\n", start)]
    edit(plan, old, old[:-1] + "（草案）" + old[-1])
    content = load_content(content_dir, parse)
    after = {(p.kind, p.key, p.lang): p for p in build_pages(content, cache=cache)}
    same_as_without_cache(content, after)
    return {key for key, page in after.items() if page.fingerprint != before[key]}, content, after


def test_a_title_edit_redoes_the_pages_that_show_the_title_and_only_those(content_dir: Path) -> None:
    redone, content, _ = titles_redone(content_dir, "admin-intl-affairs-112")
    for lang in ("zh", "en"):
        for key in [("plan", "admin-intl-affairs-112"), ("year", "112"), ("agency", "admin-intl-affairs")]:
            assert (*key, lang) in redone, key
        # Unit and strategy-area pages name a plan by its year (the agency's only plan of 112); the home page
        # lists only the latest year's plans (113); index pages show counts and links.
        assert not {key for key in redone if key[0] in ("unit", "area", "home") and key[2] == lang}
        for key in [("frameworks", "frameworks"), ("units", "units"), ("years", "years"), ("agencies", "agencies")]:
            assert (*key, lang) not in redone, key


def test_a_latest_year_plan_title_is_on_the_home_page(content_dir: Path) -> None:
    redone, content, after = titles_redone(content_dir, "finance-bureau-113")
    assert max(p.year or 0 for p in content.plans.values()) == 113
    assert {("home", "home", "zh"), ("home", "home", "en")} <= redone
    assert "（草案）" in after[("home", "home", "zh")].body


def test_a_plan_without_a_year_is_named_by_its_title_on_unit_and_area_pages(content_dir: Path) -> None:
    # The Yancheng plan states no year: its units' and areas' pages name it by title, so they follow the edit
    redone, content, after = titles_redone(content_dir, "yancheng-district-office")
    plan = content.plans["yancheng-district-office"]
    units = {f"yancheng-district-office/{u}" for _, _, m in plan.measures() for u in m.units}
    areas = {f"{plan.framework}/{a.area}" for a in plan.areas}
    assert {key[1] for key in redone if key[0] == "unit" and key[2] == "zh"} == units
    assert {key[1] for key in redone if key[0] == "area" and key[2] == "zh"} == areas
    some_area = after[("area", sorted(areas)[0], "zh")].body
    assert f">{plan.title.zh}</a>" in some_area


def test_a_removed_measure_redoes_the_count_pages(content_dir: Path) -> None:
    parse, cache = ParseCache(), RenderCache()
    plan = content_dir / "plans" / "admin-intl-affairs-112.yaml"
    before = {(p.kind, p.key, p.lang): p.fingerprint for p in build_pages(load_content(content_dir, parse), cache=cache)}
    text = plan.read_text(encoding="utf-8")
    start = text.index("            - id: m6-3-2")
    plan.write_text(text[:start] + text[text.index("            - id: m6-3-3"):], encoding="utf-8")
    content = load_content(content_dir, parse)
    after = {(p.kind, p.key, p.lang): p for p in build_pages(content, cache=cache)}
    redone = {key for key, page in after.items() if page.fingerprint != before[key]}
    for key in [("agency", "admin-intl-affairs"), ("units", "units"), ("frameworks", "frameworks"), ("area", "six-areas/6")]:
        assert (*key, "en") in redone, key
    same_as_without_cache(content, after)


def site_with(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for rel, html in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html, encoding="utf-8")
    return site


def test_incremental_link_check_rechecks_pages_that_point_into_changed_ids(tmp_path: Path) -> None:
    site = site_with(tmp_path, {
        "index.html": '<a href="a/#part">a</a> <a href="b/">b</a>',
        "a/index.html": '<h2 id="part">Part</h2>',
        "b/index.html": '<p id="x">b</p> <a href="../a/">a</a>',
    })
    check = linkcheck.IncrementalCheck()
    assert check.run(site) == [] and check.checked == 3
    assert check.run(site) == [] and check.checked == 0
    # a/ loses the id index.html points to: a/ and index.html are checked again, b/ is not.
    (site / "a" / "index.html").write_text('<h2 id="other">Part</h2>', encoding="utf-8")
    broken = check.run(site)
    assert [(b.page, b.link) for b in broken] == [("index.html", "a/#part")] and check.checked == 2
    # b/ changes without changing its ids: only b/ itself.
    (site / "b" / "index.html").write_text('<p id="x">b, edited</p> <a href="../a/">a</a>', encoding="utf-8")
    assert len(check.run(site)) == 1 and check.checked == 1
    # A file removed: everything again, and b/'s link to a/ breaks.
    shutil.rmtree(site / "a")
    broken = check.run(site)
    assert check.checked == 2 and {(b.page, b.link) for b in broken} == {("index.html", "a/#part"),
                                                                         ("b/index.html", "../a/")}


def test_segmenter_writes_only_when_it_segmented_something(tmp_path: Path) -> None:
    segment = Segmenter(tmp_path, None)
    assert segment("高雄市政府") and segment.new == 1
    segment.save()
    saved = json.loads((tmp_path / "search-segments.json").read_text(encoding="utf-8"))
    assert len(saved) == 1

    again = Segmenter(tmp_path, None)
    again("高雄市政府")
    (tmp_path / "search-segments.json").unlink()
    again.save()  # everything came from the cache: nothing to write
    assert not (tmp_path / "search-segments.json").exists()

    serving = Segmenter(tmp_path, None)
    serving.cache = {**saved}
    serving("財政局")
    serving.save(keep_all=True)  # a serve rebuild: runs of pages reused from EntryCache stay in the cache
    assert len(json.loads((tmp_path / "search-segments.json").read_text(encoding="utf-8"))) == 2


def test_lazy_pages_render_on_demand_and_let_go(content_dir: Path) -> None:
    content = load_content(content_dir)
    eager = {(p.kind, p.key, p.lang): p for p in build_pages(content)}
    lazy = {(p.kind, p.key, p.lang): p for p in build_pages(content, lazy=True)}
    assert all(p.body is None for p in lazy.values() if p.kind == "plan")
    for key, page in lazy.items():
        for _ in range(2):  # rendered, let go, rendered again: the same page, untranslated counted once
            page.ensure()
            assert (page.body, page.untranslated, page.toc) == (eager[key].body, eager[key].untranslated,
                                                                eager[key].toc), key
            page.release()
    assert lazy[("plan", "finance-bureau-113", "en")].body is None


def test_datasets_moved_to_files_are_written_the_same(tmp_path: Path) -> None:
    from kcgplans import opendata
    content = load_content(ROOT / "content")
    kept = opendata.build_datasets(content, "https://example.org/")
    spilled = opendata.build_datasets(content, "https://example.org/")
    spilled.spill(tmp_path / "spill")
    assert all(d.parts == [] and d.file.is_file() for d in spilled.items)
    whole = {d.name: b"".join(d.parts) for d in kept.items}
    assert [d.size for d in spilled.items] == [len(whole[d.name]) for d in kept.items]
    opendata.write_datasets(kept, tmp_path / "a")
    opendata.write_datasets(spilled, tmp_path / "b")
    for d in kept.items:
        name = Path(opendata.DATA_PATH) / d.name
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes() == whole[d.name]
    assert spilled.catalog == kept.catalog


def test_overwrite_leaves_exactly_the_new_bytes(tmp_path: Path) -> None:
    from kcgplans.overwrite import overwrite
    target = tmp_path / "sub" / "index.json"
    assert overwrite(target, [b"abc", b"", b"def"]) == 6 and target.read_bytes() == b"abcdef"  # a new file
    assert overwrite(target, [b"xy"]) == 2 and target.read_bytes() == b"xy"  # shorter: the old tail is cut off
    assert overwrite(target, [b"0123456789"]) == 10 and target.read_bytes() == b"0123456789"


def test_qr_codes_made_ahead_by_a_worker_are_the_codes_the_build_makes(tmp_path: Path, monkeypatch) -> None:
    from kcgplans.exports.qr import qr_img
    from kcgplans.mkdocs_plugin.downloads import QrCodes
    from kcgplans.model.types import HTML_LANG
    monkeypatch.setattr(QrCodes, "PREFETCH_MIN", 1)
    pages = [(f"https://example.org/plans/p{i}/", "zh" if i % 2 else "en") for i in range(6)]
    codes = QrCodes(tmp_path)
    codes.prefetch(pages)
    assert codes.worker is not None  # a separate process
    codes.close()
    assert len(list((tmp_path / "qr").glob("*.img"))) == 6 and not list((tmp_path / "qr").glob("*.json"))
    for url, lang in pages:  # read from what the worker wrote, equal to what the build would have made
        assert codes.img(url, lang) == qr_img(url, lang=HTML_LANG[lang])
    again = QrCodes(tmp_path)
    again.prefetch(pages)
    assert again.worker is None  # every code cached: no worker

    # A failed build stops the worker and removes its list
    stopped = QrCodes(tmp_path / "other")
    stopped.prefetch([(f"https://example.org/p{i}/", "zh") for i in range(300)])
    worker = stopped.worker
    stopped.close(cancel=True)
    assert worker.poll() is not None and stopped.worker is None
    assert not list((tmp_path / "other" / "qr").glob("*.json"))


def test_serve_inputs_digest_follows_the_bytes_not_the_dates(tmp_path: Path) -> None:
    folder, config = tmp_path / "content", tmp_path / "mkdocs.yml"
    (folder / "plans").mkdir(parents=True)
    plan = folder / "plans" / "a.yaml"
    plan.write_text("id: a\n", encoding="utf-8")
    config.write_text("site_name: x\n", encoding="utf-8")
    inputs, paths = Inputs(), [str(folder), str(config)]
    first = inputs.digest(paths)
    os.utime(plan, (1, 1))  # touched, same bytes
    (folder / "plans" / ".a.yaml.swp").write_bytes(b"editor scratch")
    (folder / "plans" / "a.yaml~").write_bytes(b"backup")
    assert inputs.digest(paths) == first
    plan.write_text("id: b\n", encoding="utf-8")
    assert inputs.digest(paths) != first
    plan.write_text("id: a\n", encoding="utf-8")
    assert inputs.digest(paths) == first
    (folder / "plans" / "b.yaml").write_text("id: a\n", encoding="utf-8")  # a new file, same bytes as another
    assert inputs.digest(paths) != first
    (folder / "plans" / "b.yaml").unlink()
    config.unlink()
    assert inputs.digest(paths) != first

    # The server's builder runs when the digest differs from the last successful build's, or when none is known
    calls, last = [], {"digest": None}
    builder = skip_unchanged(lambda config=None: calls.append(config), inputs, lambda: paths, lambda: last["digest"])
    assert builder() is True and len(calls) == 1
    last["digest"] = inputs.digest(paths)
    assert builder() is False and len(calls) == 1
    assert builder("a config") is True and calls[-1] == "a config"  # the server's first build is never skipped
    plan.write_text("id: c\n", encoding="utf-8")
    assert builder() is True and len(calls) == 3


def test_a_second_build_in_one_process_keeps_every_segmentation(project: Path, tmp_path: Path, monkeypatch) -> None:
    """MkDocs keeps one plugin object for every build of a process (the plugin defines on_startup). A plain build
    after another must still record the segmentation of every text it indexes: otherwise its cache file misses
    the texts of pages whose entries it reused, and the next build segments them all again."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace(
        "      content_dir: content\n", "      content_dir: content\n      downloads_enabled: false\n"), encoding="utf-8")
    monkeypatch.chdir(project)
    kept = {}
    for run in ("first", "second"):  # each with a cold cache of its own
        monkeypatch.setenv("KCGPLANS_CACHE_DIR", str(tmp_path / run))
        build(load_config(str(config_file), site_dir=str(tmp_path / f"site-{run}")))
        kept[run] = json.loads((tmp_path / run / "search" / "search-segments.json").read_text(encoding="utf-8"))
    assert len(kept["first"]) > 1000
    assert kept["second"] == kept["first"]
