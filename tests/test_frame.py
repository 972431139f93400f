"""The Taiwan-government frame on the built pages: header links, logo, language switch, search accesskey, footer
(agency, policy links, 更新日期, 編輯此頁), breadcrumbs, 網站導覽, 404, robots.txt, sitemap.xml, print style."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from support import ROOT, mkdocs_build
from sitehtml import html_pages, parse, resolve, url_of

from kcgplans.model import ContentErrors, load_content
from kcgplans.site_config import FileDates, load_site_config, tel_uri

SITE_URL = "https://example.kcg.gov.tw/service-plans/"
REPO_EDIT = "https://github.com/example/kcg-service-plans/edit/main/"


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT / "content")


def lang_of(url: str) -> str:
    return "en" if url.startswith("en/") else "zh"


def home_of(url: str) -> str:
    return "en/" if lang_of(url) == "en" else ""


def pages(site: Path) -> list[tuple[str, object]]:
    """(url, parsed tree) of every page (404.html aside)."""
    return [(url_of(site, p), parse(p)) for p in html_pages(site)]


def target(url: str, href: str) -> str:
    return resolve(url, href)[0]


def exists(site: Path, rel: str) -> bool:
    return (site / rel / "index.html").is_file() if rel == "" or rel.endswith("/") else (site / rel).is_file()


# Header ----------------------------------------------------------------------------------------------------------

def test_header_utility_links_logo_and_language_on_every_page(built_site):
    for url, tree in pages(built_site):
        home, lang = home_of(url), lang_of(url)
        utility = tree.xpath('//header//nav[contains(@class, "kcg-utility")]')
        assert utility, url
        links = {a.text_content().strip(): target(url, a.get("href")) for a in utility[0].xpath(".//a")}
        labels = ("回首頁", "網站導覽", "常見問答") if lang == "zh" else ("Home", "Site map", "FAQ")
        assert links[labels[0]] == home, url
        assert links[labels[1]] == home + "sitemap/", url
        assert links[labels[2]] == home + "faq/" and exists(built_site, home + "faq/"), url
        logo = tree.xpath('//header//a[contains(@class, "md-logo")]')[0]
        assert target(url, logo.get("href")) in (home, home.rstrip("/")), url
        assert logo.get("aria-label"), url
        search = tree.xpath('//input[@name="query"]')[0]
        assert search.get("accesskey") == "S"
        assert search.get("title") == ("網站搜尋" if lang == "zh" else "Site search")
        assert tree.xpath("//header//noscript"), url


def test_language_switch_leads_to_the_twin(built_site):
    for url, tree in pages(built_site):
        switch = tree.xpath('//header//a[contains(@class, "kcg-lang-switch__link")]')
        if not switch:
            continue
        twin = target(url, switch[0].get("href"))
        assert exists(built_site, twin), url
        assert lang_of(twin) != lang_of(url)
    for url in ("", "sitemap/", "data/", "privacy/", "plans/finance-bureau-113/"):
        assert parse(built_site / url / "index.html").xpath('//a[contains(@class, "kcg-lang-switch__link")]'), url


# Footer ----------------------------------------------------------------------------------------------------------

POLICY = {"zh": ["隱私權保護政策", "資訊安全政策", "政府網站資料開放宣告"],
          "en": ["Privacy Policy", "Information Security Policy", "Open Data Declaration"]}
POLICY_URLS = ["privacy/", "security/", "open-data-declaration/"]


def test_footer_agency_and_policy_links_on_every_page(built_site):
    for url, tree in pages(built_site):
        lang, home = lang_of(url), home_of(url)
        footer = tree.xpath('//footer[contains(@class, "md-footer")]')[0]
        name = footer.xpath('.//*[contains(@class, "kcg-footer__name")]')[0]
        assert [s.text_content() for s in name.xpath("./span")] == (
            ["高雄市政府", "Kaohsiung City Government"] if lang == "zh" else ["Kaohsiung City Government", "高雄市政府"])
        # only the name in the other language carries a lang attribute (the page's own is inherited)
        assert name.xpath('./span[1]/@lang') == [] and name.xpath('./span[2]/@lang') == (
            ["en"] if lang == "zh" else ["zh-Hant-TW"])
        links = {a.text_content().strip(): target(url, a.get("href")) for a in footer.xpath(".//nav//a")}
        for label, path in zip(POLICY[lang], POLICY_URLS):
            assert links[label] == home + path and exists(built_site, home + path), (url, label)
        # the demo's sources give no address, phone or e-mail: the footer leaves them out rather than invent
        assert not footer.xpath('.//a[starts-with(@href, "tel:")] | .//a[starts-with(@href, "mailto:")]')
        assert not footer.xpath('.//*[contains(@class, "kcg-footer__contact")]')


def test_policy_pages_follow_the_skeletons_and_say_they_are_templates(built_site):
    privacy = parse(built_site / "privacy" / "index.html")
    headings = [h.text_content().strip() for h in privacy.xpath("//article//h2")]
    assert headings == ["一、隱私權保護政策的適用範圍", "二、個人資料的蒐集、處理及利用方式", "三、資料之保護",
                        "四、網站對外的相關連結", "五、與第三人共用個人資料之政策", "六、Cookie 之使用",
                        "七、隱私權保護政策之修正"]
    declaration = parse(built_site / "open-data-declaration" / "index.html")
    items = declaration.xpath("//article/ol/li")
    assert len(items) == 5
    assert "授權方式及範圍" in items[0].text_content() and "應註明出處" in items[0].text_content()
    for url in ("privacy/", "security/", "open-data-declaration/"):
        for lang_url, marker in ((url, "由發布機關補充"), ("en/" + url, "to be completed by the publishing agency")):
            text = parse(built_site / lang_url / "index.html").xpath("//article")[0].text_content()
            assert "範本" in text or "template" in text, lang_url
            assert marker in text or "由發布機關確認後生效" in text or "confirmed by the publishing agency" in text


def test_every_page_has_its_updated_date(built_site, content):
    dates = FileDates(ROOT, "content")
    for url, tree in pages(built_site):
        time = tree.xpath('//footer//*[contains(@class, "kcg-updated")]/time')
        assert time, url
        iso = time[0].get("datetime")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso), url
        label = time[0].text_content()
        assert label == (iso.replace("-", "/") if lang_of(url) == "zh" else iso)
        assert ("更新日期" if lang_of(url) == "zh" else "Last updated") in time[0].getparent().text_content()
    for plan in content.plans.values():
        for prefix in ("", "en/"):
            tree = parse(built_site / prefix / "plans" / plan.id / "index.html")
            assert tree.xpath('//footer//time/@datetime') == [plan.updated or dates.of(plan.file)]
    privacy = ROOT / "content" / "pages" / "privacy" / "index.md"
    tree = parse(built_site / "privacy" / "index.html")
    assert tree.xpath('//footer//time/@datetime') == [dates.of(privacy)]


def test_updated_date_of_hand_written_pages_comes_from_git(tmp_path):
    repo = tmp_path / "repo"
    (repo / "content" / "pages").mkdir(parents=True)
    page = repo / "content" / "pages" / "a.md"
    page.write_text("# A\n", encoding="utf-8")
    env = {"GIT_AUTHOR_DATE": "2020-05-06T10:00:00+08:00", "GIT_COMMITTER_DATE": "2020-05-06T10:00:00+08:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-q", "-m", "a"]):
        subprocess.run(command, cwd=repo, env=env, check=True)
    untracked = repo / "content" / "pages" / "b.md"
    untracked.write_text("# B\n", encoding="utf-8")
    dates = FileDates(repo, "content")
    assert dates.of(page) == "2020-05-06"
    assert dates.of(untracked) not in (None, "2020-05-06")  # not in git yet: the file's own date
    assert FileDates(tmp_path / "not-a-repo", "content").of(page) is not None  # no git: mtime


def test_edit_links_point_at_the_source_files(built_site, content):
    for plan in content.plans.values():
        for prefix in ("", "en/"):
            tree = parse(built_site / prefix / "plans" / plan.id / "index.html")
            assert tree.xpath('//footer//a[contains(@class, "kcg-edit")]/@href') == [
                f"{REPO_EDIT}content/plans/{plan.file.name}"]
    for url, source in (("privacy/", "content/pages/privacy/index.md"),
                        ("en/security/", "content/pages/en/security/index.md"),
                        ("agencies/finance-bureau/", "content/agencies.yaml"),
                        ("en/framework/", "content/framework.yaml")):
        tree = parse(built_site / url / "index.html")
        link = tree.xpath('//footer//a[contains(@class, "kcg-edit")]')
        assert link and link[0].get("href") == REPO_EDIT + source, url
        assert link[0].text_content() == ("編輯此頁" if lang_of(url) == "zh" else "Edit this page")
        assert (ROOT / source).is_file()
    # every page has one: a file's edit view, or for pages gathered from many files their folder
    for url, tree in pages(built_site):
        href = tree.xpath('//footer//a[contains(@class, "kcg-edit")]/@href')
        assert len(href) == 1, url
        edit, view = "https://github.com/example/kcg-service-plans/edit/main/", \
            "https://github.com/example/kcg-service-plans/tree/main/"
        assert href[0].startswith((edit, view)), url
        path = ROOT / href[0].removeprefix(edit).removeprefix(view)
        assert path.is_file() if href[0].startswith(edit) else path.is_dir(), url
    assert parse(built_site / "years" / "113" / "index.html").xpath(
        '//footer//a[contains(@class, "kcg-edit")]/@href') == [
        "https://github.com/example/kcg-service-plans/tree/main/content/plans"]


def test_footer_shows_contact_fields_when_the_site_config_has_them(project, tmp_path):
    site_yaml = project / "content" / "site.yaml"
    site_yaml.write_text(yaml.safe_dump({"publisher": {
        "name": {"zh": "測試機關", "en": "Test Agency"}, "postcode": "80203",
        "address": {"zh": "高雄市測試區測試路1號", "en": "No. 1, Test Rd., Kaohsiung"},
        "phone": ["07-123-4567 分機 89"], "email": ["test@example.org"],
        "hours": {"zh": "週一至週五", "en": "Monday to Friday"}}}, allow_unicode=True), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      content_dir: content\n", "      content_dir: content\n      downloads_enabled: false\n"), encoding="utf-8")
    done = mkdocs_build(project, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    footer = parse(tmp_path / "site" / "en" / "index.html").xpath("//footer")[0]
    text = " ".join(footer.text_content().split())
    assert "Test Agency" in text and "測試機關" in text
    assert "80203 No. 1, Test Rd., Kaohsiung" in text
    assert footer.xpath('.//a[@href="tel:+886-7-123-4567;ext=89"]/text()') == ["07-123-4567 分機 89"]
    assert footer.xpath('.//a[@href="mailto:test@example.org"]')
    assert "Monday to Friday" in text
    # a wrong field is a content error naming the line
    site_yaml.write_text("publisher:\n  name: {zh: 測試機關}\n  phone: [\"call us\"]\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_site_config(project / "content")
    assert "site.yaml:3" in info.value.report()


def test_every_frame_string_has_an_english_translation():
    from kcgplans.site_config import FRAME_STRINGS
    from kcgplans.views import i18n
    catalog = i18n.catalog("en")
    assert sorted(m for m in FRAME_STRINGS.values() if m not in catalog) == []


def test_tel_uri():
    assert tel_uri("07-336-8333") == "tel:+886-7-336-8333"
    assert tel_uri("(07) 3368333 轉 123") == "tel:+886-7-3368333;ext=123"
    assert tel_uri("+886 7 336 8333") == "tel:+886-7-336-8333"
    assert tel_uri("1999") == "tel:1999"


# Breadcrumbs -------------------------------------------------------------------------------------------------------

def test_breadcrumbs_on_every_page_but_the_homes(built_site):
    for url, tree in pages(built_site):
        crumbs = tree.xpath('//article//nav[contains(@class, "kcg-breadcrumbs")]')
        if url in ("", "en/"):
            assert not crumbs
            continue
        assert len(crumbs) == 1, url
        items = crumbs[0].xpath(".//li")
        first = items[0].xpath(".//a")[0]
        assert target(url, first.get("href")) == home_of(url), url
        assert items[-1].xpath('.//*[@aria-current="page"]'), url
    tree = parse(built_site / "en" / "privacy" / "index.html")
    crumbs = [li.text_content().strip() for li in tree.xpath('//nav[contains(@class, "kcg-breadcrumbs")]//li')]
    assert crumbs == ["Home", "About this site", "Privacy Policy"]
    assert tree.xpath("//article/h1")[0].text_content().strip() == "Privacy Policy"


# 網站導覽 --------------------------------------------------------------------------------------------------------

def test_sitemap_page_links_every_page_of_its_language_and_every_plan_through_its_year_and_agency(built_site):
    site = dict(pages(built_site))
    for lang, home in (("zh", ""), ("en", "en/")):
        tree = site[home + "sitemap/"]
        structure = tree.xpath('//ul[contains(@class, "kcg-sitemap")]')[0]
        linked = {target(home + "sitemap/", a.get("href")) for a in structure.xpath(".//a")}
        every = {url for url in site if lang_of(url) == lang}
        plans = {url for url in every if url.startswith(home + "plans/")}
        assert plans and not plans & linked, lang
        assert every - plans - linked == set(), lang
        assert all(exists(built_site, url) for url in linked)
        # Each plan is one click further: on the page of its year and on the page of its agency
        for kind in ("years/", "agencies/"):
            reached = {target(url, a.get("href").split("#")[0]) for url in linked if url.startswith(home + kind)
                       for a in site[url].xpath("//article//a[@href]")}
            assert plans <= reached, (lang, kind, plans - reached)
        # browse indexes and FAQ are there
        for path in ("years/", "agencies/", "units/", "framework/", "faq/", "data/", "privacy/"):
            assert home + path in linked


def test_sitemap_documents_exactly_the_accesskeys_the_pages_carry(built_site):
    for lang, home in (("zh", ""), ("en", "en/")):
        carried: dict[str, set[str]] = {}
        for url, tree in pages(built_site):
            if lang_of(url) != lang:
                continue
            keys = {el.get("accesskey"): el.get("title") for el in tree.xpath("//*[@accesskey]")}
            assert set(keys) == {"U", "C", "Z", "S"}, url
            for key, title in keys.items():
                carried.setdefault(key, set()).add(title)
        assert all(len(titles) == 1 for titles in carried.values()), carried
        tree = parse(built_site / home / "sitemap" / "index.html")
        rows = tree.xpath("//tr[@data-accesskey]")
        documented = {row.get("data-accesskey"): row for row in rows}
        assert set(documented) == set(carried)
        for key, row in documented.items():
            cells = [c.text_content().strip() for c in row.xpath("./th|./td")]
            assert cells[0] == f"Alt+{key}"
            assert cells[1] == f"Shift+Alt+{key}"  # Firefox
            assert cells[3] == next(iter(carried[key])), (lang, key)
        text = tree.xpath("//article")[0].text_content()
        assert ("Firefox" in text) and (":::" in text)
        assert "Tab" in text and ("跳到主要內容" in text if lang == "zh" else "Skip to main content" in text)
        # the anchors really are where the table says
        page = parse(built_site / home / "index.html")
        assert page.xpath('//*[@accesskey="U"]')[0].get("href") == "#U"
        assert page.xpath('//*[@accesskey="C"]/@id') == ["C"]
        assert page.xpath('//*[@accesskey="Z"]/@id') == ["Z"]


# Site-wide files -------------------------------------------------------------------------------------------------

def test_404_page_speaks_both_languages(built_site):
    tree = parse(built_site / "404.html")
    text = tree.xpath("//article")[0].text_content()
    assert "找不到網頁" in text and "Page not found" in text
    en = tree.xpath('//section[@lang="en"]')[0]
    zh = tree.xpath('//section[@aria-labelledby="kcg-404-zh"]')[0]
    assert tree.get("lang") == "zh-Hant-TW" and zh.get("lang") is None
    assert en.xpath(".//a/@href")[0] == "/service-plans/en/"
    assert zh.xpath(".//a/@href")[0].rstrip("./") == "/service-plans"
    assert tree.xpath('//*[@accesskey="C"]')


def test_robots_and_sitemap_xml_list_both_languages(built_site):
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()
    xml = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", xml))
    for url, _ in pages(built_site):
        assert SITE_URL + url in locs, url
    assert any(loc.startswith(SITE_URL + "en/") for loc in locs)
    lastmods = re.findall(r"<lastmod>([^<]+)</lastmod>", xml)
    assert lastmods and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in lastmods)


def test_feeds_linked_from_every_head(built_site):
    for url, tree in pages(built_site):
        home = home_of(url)
        rss = tree.xpath('//head/link[@rel="alternate"][@type="application/rss+xml"]/@href')
        atom = tree.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
        assert [target(url, h) for h in rss] == [home + "feed.xml"], url
        assert [target(url, h) for h in atom] == [home + "atom.xml"], url


def test_print_style_hides_the_chrome_and_shows_external_urls(built_site):
    css = (built_site / "assets" / "stylesheets" / "frame.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print"):]
    for selector in (".md-header", ".md-sidebar", ".md-search", ".md-footer", ".kcg-utility", ".md-tabs"):
        assert selector in printed.split("display: none")[0], selector
    assert 'a[href^="https://"]::after' in printed and "attr(href)" in printed
    tree = parse(built_site / "index.html")
    assert any(h.endswith("assets/stylesheets/frame.css") for h in tree.xpath('//link[@rel="stylesheet"]/@href'))
