"""FAQ pages (常見問答), built for real from the complete test content in tests/fixtures/services/ and from the
repository's content: every field on the page, anchors that show the answer without JavaScript, FAQPage JSON-LD
equal to the entries, English pages marking untranslated text, and the links from plan pages."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitehtml import resolve

# Not imported from conftest: with tests/exports/conftest.py in the tree, "conftest" may name either file.
ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "services" / "content"
ZH = "zh-Hant-TW"

pytestmark = pytest.mark.xdist_group("services-site")


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    """A real `mkdocs build` of ``project`` into ``site``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site)], cwd=project, env=env, capture_output=True, text=True)


def fixture_project(base: Path, content: Path = FIXTURE) -> Path:
    """The repository's mkdocs.yml and theme with the test content, in ``base``/project."""
    project = base / "project"
    project.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(content, project / "content")
    # The hand-written pages and site settings the site frame links to (policy pages, footer) come from the
    # repository, so the test site is framed exactly like the real one.
    shutil.rmtree(project / "content" / "pages")
    shutil.copytree(ROOT / "content" / "pages", project / "content" / "pages")
    for name in ("site.yaml",):
        if (ROOT / "content" / name).is_file():
            shutil.copy2(ROOT / "content" / name, project / "content" / name)
    return project


def build_fixture_site(base: Path) -> Path:
    """A real `mkdocs build` of the test content."""
    project = fixture_project(base)
    site = base / "site"
    done = mkdocs_build(project, site)
    assert done.returncode == 0, done.stderr
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("faq"))


def soup(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html"
    assert path.is_file(), f"missing page {url}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def text(node) -> str:
    return " ".join(node.get_text().split())


def squash(value: str) -> str:
    return "".join(value.split())


def entry(page: BeautifulSoup, entry_id: str):
    heading = page.find(id=entry_id)
    assert heading is not None, f"no element with id {entry_id}"
    return heading, heading.find_parent("section")


def jsonld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def faq_blocks(page: BeautifulSoup) -> list[dict]:
    return [d for d in jsonld(page) if d.get("@type") == "FAQPage"]


# Pages ------------------------------------------------------------------------------------------------------

FAQ_URLS = ["faq/", "faq/example-bureau/", "faq/example-district-office/", "faq/category/documents-archives/",
            "faq/category/public-service/", "faq/category/empty-category/"]


@pytest.mark.parametrize("url", FAQ_URLS)
def test_every_faq_page_exists_in_both_languages(site, url):
    for lang_prefix, html_lang in (("", ZH), ("en/", "en")):
        page = soup(site, lang_prefix + url)
        assert page.html["lang"] == html_lang
        assert page.find("h1") is not None


def test_navigation_has_the_faq_index(site):
    nav = soup(site, "").find("nav", class_="md-nav")
    assert any(a.get_text(strip=True) == "常見問答" for a in nav.find_all("a"))
    nav_en = soup(site, "en/").find("nav", class_="md-nav")
    assert any(a.get_text(strip=True) == "FAQ" for a in nav_en.find_all("a"))


def test_every_field_of_an_entry_renders(site):
    page = soup(site, "faq/example-bureau/")
    heading, section = entry(page, "full-entry")
    assert heading.name == "h3" and text(heading) == "申請書如何下載？"
    answer = section.find(class_="kcg-faq__answer")
    assert answer.find("strong").get_text() == "表單下載"
    assert [li.get_text() for li in answer.find_all("li")] == ["可編輯：ODT", "不可編輯：PDF"]
    meta = {text(dt): dd for dt, dd in zip(section.find_all("dt"), section.find_all("dd"))}
    assert set(meta) == {"承辦單位", "分類", "更新日期", "相關標準作業流程", "相關措施", "資料來源"}
    assert "檔案室" in text(meta["承辦單位"]) and "服務台" in text(meta["承辦單位"])
    assert text(meta["分類"]) == "文書、檔案管理"
    assert meta["更新日期"].find("time")["datetime"] == "2026-11-20"
    assert text(meta["相關標準作業流程"]) == "範例申請服務"
    assert "example-source.txt" in text(meta["資料來源"]) and "一(一)2、一(一)1" in text(meta["資料來源"])
    links = {a["href"] for a in meta["相關措施"].find_all("a")}
    assert any(h.endswith("plans/example-bureau-115/#m1-1-2") for h in links)
    # The entry sits under its category heading
    assert heading.find_previous("h2").get_text(strip=True) == "文書、檔案管理"


def test_links_on_faq_pages_resolve(site):
    for url in FAQ_URLS:
        page = soup(site, url)
        for a in page.find("article").find_all("a", href=True):
            href = a["href"]
            if href.startswith(("http", "mailto:", "tel:")):
                continue
            target, fragment = resolve(url, href)
            path = site / target / "index.html" if target.endswith("/") or not target else site / target
            assert path.is_file(), f"{url}: {href}"
            if fragment:
                assert BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").find(id=fragment), f"{url}: {href}"


def test_answers_are_reachable_by_anchor_without_javascript(site):
    """A link to #id lands on the question heading; the answer is the next element, shown (not collapsed)."""
    for url, ids in (("faq/example-bureau/", ["full-entry", "untranslated-entry"]),
                     ("faq/category/public-service/", ["untranslated-entry", "district-hours"])):
        page = soup(site, url)
        for entry_id in ids:
            heading, section = entry(page, entry_id)
            assert heading.name in ("h2", "h3")
            answer = heading.find_next_sibling()
            assert "kcg-faq__answer" in answer["class"]
            for node in [answer, section, *answer.find_parents()]:
                assert node.name != "details" and not node.has_attr("hidden")
                assert "display:none" not in (node.get("style") or "").replace(" ", "")
    # The index links every question to its answer's anchor
    index = soup(site, "faq/")
    hrefs = [a["href"] for a in index.find("section", attrs={"aria-labelledby": "by-category"}).find_all("a")]
    assert "example-bureau/#full-entry" in hrefs and "example-district-office/#district-hours" in hrefs


def test_category_pages_group_by_agency(site):
    page = soup(site, "faq/category/public-service/")
    assert [text(h) for h in page.find("article").find_all("h2")] == ["高雄市政府範例局", "高雄市範例區公所"]
    empty = soup(site, "faq/category/empty-category/")
    assert "此分類目前沒有問答。" in text(empty.find("article"))
    assert not faq_blocks(empty)


@pytest.mark.parametrize("url", ["faq/example-bureau/", "en/faq/example-bureau/", "faq/category/public-service/",
                                 "en/faq/category/public-service/", "faq/example-district-office/"])
def test_jsonld_is_a_faqpage_equal_to_the_entries(site, url):
    page = soup(site, url)
    blocks = faq_blocks(page)
    assert len(blocks) == 1
    data = blocks[0]
    assert data["@context"] == "https://schema.org"
    questions = data["mainEntity"]
    headings = [h for h in page.find("article").find_all("h3") if h.find_parent("section", class_="kcg-faq")]
    assert [q["name"] for q in questions] == [text(h) for h in headings]
    for question, heading in zip(questions, headings):
        assert question["@type"] == "Question" and question["@id"] == "#" + heading["id"]
        answer_html = question["acceptedAnswer"]["text"]
        assert question["acceptedAnswer"]["@type"] == "Answer"
        on_page = heading.find_next_sibling(class_="kcg-faq__answer")
        assert squash(BeautifulSoup(answer_html, "lxml").get_text()) == squash(on_page.get_text())


def test_the_index_describes_its_faq_pages(site):
    data = jsonld(soup(site, "faq/"))
    assert data and data[0]["@type"] == "CollectionPage"
    assert {p["url"] for p in data[0]["hasPart"]} == {"example-bureau/", "example-district-office/"}


def test_english_pages_mark_untranslated_text(site):
    page = soup(site, "en/faq/example-bureau/")
    heading, section = entry(page, "untranslated-entry")
    assert heading.find(attrs={"lang": ZH}) is not None and text(heading) == "服務台在哪裡？"
    assert section.find(class_="kcg-faq__answer")["lang"] == ZH
    translated, tsection = entry(page, "full-entry")
    assert text(translated) == "How do I download the application form?"
    assert translated.find(attrs={"lang": True}) is None
    assert not tsection.find(class_="kcg-faq__answer").has_attr("lang")
    # The JSON-LD says which language each text is in
    questions = {q["@id"]: q for q in faq_blocks(page)[0]["mainEntity"]}
    assert questions["#untranslated-entry"]["inLanguage"] == ZH
    assert questions["#full-entry"]["inLanguage"] == "en"
    # An untranslated category name is marked on the index
    index = soup(site, "en/faq/")
    cat = index.find(id="cat-empty-category")
    assert cat.find(attrs={"lang": ZH}) is not None


def test_plan_page_links_to_its_agency_faq(site):
    page = soup(site, "plans/example-bureau-115/")
    box = page.find("nav", class_="kcg-services")
    hrefs = [a["href"] for a in box.find_all("a")]
    assert "../../faq/example-bureau/" in hrefs
    related = page.find(id="m1-1-2").find(class_="kcg-related")
    assert related.find("a")["href"] == "../../faq/example-bureau/#full-entry"
    assert text(related.find("a")) == "申請書如何下載？"


def test_markdown_answers_cannot_inject_html():
    from kcgplans.views.services import markdown_html
    out = markdown_html('<script>alert(1)</script> **粗體** <b onclick="x">b</b>')
    assert "<script>" not in out and "<b " not in out and "<strong>粗體</strong>" in out


# The repository's own content ---------------------------------------------------------------------------------

def test_real_faq_has_the_entries_the_source_names(built_site):
    page = soup(built_site, "faq/admin-intl-affairs/")
    assert text(page.find(id="archive-copy-fees")) == "申請檔案複製之費用為何？"
    assert text(page.find(id="gazette-subscription")) == "如何訂閱市府電子公報？"
    # The five categories of source 000 二(二)5, each with its page
    index = soup(built_site, "faq/")
    names = [text(h.find("a")) for h in index.find("section", attrs={"aria-labelledby": "by-category"}).find_all("h3")]
    assert names == ["文書、檔案管理", "國際事務", "場地管理", "人事、政風", "為民服務"]
    for cat in ("documents-archives", "international-affairs", "venue-management", "personnel-ethics", "public-service"):
        assert faq_blocks(soup(built_site, f"faq/category/{cat}/"))


def test_real_faq_answers_do_not_invent_fees(built_site):
    """The source gives no amount: the answer says so and points to the responsible unit."""
    _, section = entry(soup(built_site, "faq/admin-intl-affairs/"), "archive-copy-fees")
    answer = text(section.find(class_="kcg-faq__answer"))
    assert "請洽承辦單位" in answer and "元" not in answer
    _, section = entry(soup(built_site, "en/faq/admin-intl-affairs/"), "archive-copy-fees")
    assert "contact the responsible unit" in text(section.find(class_="kcg-faq__answer"))
