"""Every page exists in zh-TW and English, each links to its twin, and languages are marked for screen readers."""
from __future__ import annotations


from sitehtml import html_pages, page, resolve, url_of

SITE_URL = "https://example.kcg.gov.tw/service-plans/"


def twin_url(url: str) -> str:
    return url[3:] if url.startswith("en/") else "en/" + url


def test_every_page_has_its_twin(built_site):
    urls = {url_of(built_site, p) for p in html_pages(built_site)}
    zh = {u for u in urls if not u.startswith("en/")}
    en = {u for u in urls if u.startswith("en/")}
    assert len(zh) > 50
    assert {twin_url(u) for u in zh} == en


def test_switcher_hreflang_and_lang_on_every_page(built_site):
    for path in html_pages(built_site):
        url = url_of(built_site, path)
        tree = page(built_site, url)
        lang = "en" if url.startswith("en/") else "zh-Hant-TW"
        other = "zh-Hant-TW" if lang == "en" else "en"
        assert tree.get("lang") == lang, url
        links = tree.xpath("//a[contains(@class,'kcg-lang-switch__link')]")
        assert len(links) == 1, url
        switch = links[0]
        assert switch.get("lang") == other and switch.get("hreflang") == other, url
        target, _ = resolve(url, switch.get("href"))
        assert target == twin_url(url), (url, switch.get("href"))
        alternates = {a.get("hreflang"): a.get("href") for a in tree.xpath("//head/link[@rel='alternate'][@hreflang]")}
        assert alternates[lang] == SITE_URL + url
        assert alternates[other] == SITE_URL + twin_url(url)
        assert alternates["x-default"] == SITE_URL + (url if lang != "en" else twin_url(url))


def test_english_pages_say_the_chinese_version_prevails(built_site):
    for path in html_pages(built_site):
        url = url_of(built_site, path)
        if url.startswith("en/"):
            note = page(built_site, url).xpath("//p[@class='kcg-translation-note']")
            assert note and "Chinese version prevails" in note[0].text_content(), url


def test_no_descendant_repeats_the_page_language(built_site):
    """HM2310200C: a lang attribute inside the page marks a change of language, never the page's own."""
    for path in html_pages(built_site):
        url = url_of(built_site, path)
        tree = page(built_site, url)
        root = tree.get("lang")
        same = [el.tag for el in tree.xpath("//body//*[@lang]") if el.get("lang") in (root, "")]
        assert not same, url


def test_untranslated_text_is_shown_in_chinese_and_marked(project, tmp_path):
    import yaml

    from support import mkdocs_build
    plan = project / "content" / "plans" / "finance-bureau-113.yaml"
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    goal = data["goals"]["items"][0]["text"]
    del goal["en"]
    plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = tmp_path / "out"
    done = mkdocs_build(project, site)
    assert done.returncode == 0, done.stderr
    tree = page(site, "en/plans/finance-bureau-113/")
    marked = tree.xpath("//section[@aria-labelledby='goals']//*[@lang='zh-Hant-TW']")
    assert [el.text_content() for el in marked] == [goal["zh"]]
    note = tree.xpath("//p[@class='kcg-translation-note']")[0].text_content()
    assert "not yet translated" in note
    assert not page(site, "en/plans/admin-intl-affairs-112/").xpath(
        "//article//*[@lang='zh-Hant-TW'][not(ancestor-or-self::*[@class='kcg-translation-note'])]")


def test_validate_reports_translation_coverage_and_strict_mode_fails_on_missing_english(project):
    import subprocess
    import sys

    from support import ROOT
    plan = project / "content" / "plans" / "yancheng-district-office.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("en:") or ", en: " in line)
    line = lines[index]
    lines[index] = line[: line.index(", en: ")] + "}" if ", en: " in line else ""
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = [sys.executable, str(ROOT / "scripts" / "validate.py"), str(project / "content")]
    relaxed = subprocess.run(cmd, capture_output=True, text=True)
    assert relaxed.returncode == 0, relaxed.stdout
    assert "yancheng-district-office.yaml" in relaxed.stdout and "no English" in relaxed.stdout
    assert f"yancheng-district-office.yaml:{index + 1}:" in relaxed.stdout or \
        f"yancheng-district-office.yaml:{index}:" in relaxed.stdout
    strict = subprocess.run(cmd + ["--strict-translation"], capture_output=True, text=True)
    assert strict.returncode == 1
    assert "1 text(s) have no English translation" in strict.stdout


def test_the_real_content_is_fully_translated():
    import subprocess
    import sys

    from support import ROOT
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), str(ROOT / "content"),
                           "--strict-translation"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert "100.0%" in done.stdout.splitlines()[-1]


def test_every_interface_string_has_an_english_translation():
    """Extract the strings the templates and code pass to _() and find each in the English catalog."""
    from babel.messages.extract import extract_from_dir

    from support import ROOT
    from kcgplans.views import i18n
    method_map = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
    found = {msg for _file, _line, msg, *_rest in extract_from_dir(str(ROOT / "plugins" / "kcgplans"), method_map=method_map,
                                                   keywords={"_": None}) if isinstance(msg, str)}
    from kcgplans.mkdocs_plugin.plugin import THEME_STRINGS
    found |= {v for k, v in THEME_STRINGS.items() if k != "language"}
    assert len(found) > 50
    missing = sorted(m for m in found if m not in i18n.catalog.__wrapped__("en"))
    assert not missing
