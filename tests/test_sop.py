"""SOP pages (標準作業流程), built for real from tests/fixtures/services/ and from the repository's content:
every field in the definition list, the ordered steps and the SVG flowchart drawn from the same data (same texts,
same order), the flowchart's text alternative, forms copied into the site, the 「請洽承辦單位」 path for facts the
sources do not give, English marking of untranslated text, and plan measures linking to their SOP."""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from test_faq import FIXTURE, ZH, build_fixture_site, soup, squash, text

pytestmark = pytest.mark.xdist_group("services-site")

ASK_ZH, ASK_EN = "請洽承辦單位", "Contact the responsible unit"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("sop"))


def facts(page: BeautifulSoup) -> dict[str, object]:
    dl = page.find("dl", class_="kcg-sop")
    return {text(dt): dd for dt, dd in zip(dl.find_all("dt", recursive=False), dl.find_all("dd", recursive=False))}


def list_steps(page: BeautifulSoup) -> list[str]:
    return [text(li.find(class_="kcg-step__text")) for li in page.find("ol", id="steps-list").find_all("li", recursive=False)]


def chart_steps(page: BeautifulSoup) -> list[str]:
    svg = page.find("svg", id="flowchart")
    groups = sorted(svg.find_all("g", class_="kcg-flow__step"), key=lambda g: int(g["data-step"]))
    return [" ".join(t.get_text() for t in g.find("text", class_="kcg-flow__text").find_all("tspan")) for g in groups]


# Every field ----------------------------------------------------------------------------------------------

def test_every_field_renders(site):
    page = soup(site, "sop/full-service/")
    assert text(page.find("h1")) == "範例申請服務"
    description = page.find(class_="kcg-sop__description")
    assert description.find("strong").get_text() == "範例申請" and len(description.find_all("p")) == 2
    f = facts(page)
    assert list(f) == ["業務名稱", "承辦機關", "承辦單位", "申請資格", "應備文件", "申辦方式", "處理期限", "收費標準",
                       "聯絡電話", "電子信箱", "傳真", "服務地點", "服務時間", "法令依據", "表單下載", "進度查詢",
                       "相關常見問答", "相關措施", "更新日期", "資料來源"]
    assert text(f["業務名稱"]) == "範例申請服務"
    assert text(f["承辦機關"]) == "高雄市政府範例局"
    assert text(f["承辦單位"]) == "服務台、檔案室"
    assert text(f["申請資格"]) == "設籍本市之市民。"
    docs = [text(li) for li in f["應備文件"].find_all("li")]
    assert docs == ["申請書", "身分證影本 （可免附：可由戶役政資料庫查得者免附）"]
    channels = [li["data-channel"] for li in f["申辦方式"].find_all("li")]
    assert channels == ["counter", "phone", "fax", "online", "mobile", "mail", "outreach"]
    assert f["申辦方式"].find("a")["href"] == "https://apply.example.org/form"
    assert "臨櫃：本局一樓服務台" in text(f["申辦方式"])
    assert text(f["處理期限"]) == "5 個工作天（不含例假日）"
    assert text(f["收費標準"]) == "每件新臺幣 100 元。" and f["收費標準"].find("strong")
    assert [a["href"] for a in f["聯絡電話"].find_all("a")] == ["tel:07-3368333,1234", "tel:1999"]
    assert f["電子信箱"].find("a")["href"] == "mailto:service@example.kcg.gov.tw"
    assert text(f["傳真"]) == "07-3368334"
    assert text(f["服務地點"]) == "高雄市範例區範例路1號1樓"
    assert text(f["服務時間"]) == "週一至週五 8:00–17:30"
    assert [text(li) for li in f["法令依據"].find_all("li")] == ["範例自治條例第3條", "規費法"]
    assert text(f["進度查詢"]) == "可於線上申辦系統以案號查詢進度。"
    assert [text(a) for a in f["相關常見問答"].find_all("a")] == ["申請書如何下載？", "區公所的服務時間？"]
    assert [a["href"] for a in f["相關常見問答"].find_all("a")] == [
        "../../faq/example-bureau/#full-entry", "../../faq/example-district-office/#district-hours"]
    assert any(a["href"] == "../../plans/example-bureau-115/#m1-1-1" for a in f["相關措施"].find_all("a"))
    assert f["更新日期"].find("time")["datetime"] == "2026-11-23"
    assert "example-source.txt" in text(f["資料來源"]) and "一(一)1" in text(f["資料來源"])
    assert "範例服務，虛構。" in text(f["資料來源"])
    assert ASK_ZH not in text(page.find("dl", class_="kcg-sop"))


def test_forms_are_offered_and_copied_into_the_site(site):
    page = soup(site, "sop/full-service/")
    forms = facts(page)["表單下載"].find_all("li")
    assert [text(li.find("span")) for li in forms] == ["範例申請書", "範例申請書填寫範例 （填寫範例）"]
    links = [(a["href"], text(a)) for a in forms[0].find_all("a")]
    assert links == [("../forms/application.odt", "ODT"), ("../forms/application.pdf", "PDF"),
                     ("../forms/application.docx", "DOCX")]
    for li in forms:
        for a in li.find_all("a"):
            assert a.has_attr("download") and a["aria-describedby"] == li.find("span")["id"]
            name = a["href"].rsplit("/", 1)[1]
            built = site / "sop" / "forms" / name
            assert built.read_bytes() == (FIXTURE / "sop" / "forms" / name).read_bytes()
    # English pages link to the same single copy
    en = soup(site, "en/sop/full-service/")
    assert facts(en)["Forms"].find("a")["href"] == "../../../sop/forms/application.odt"
    assert not (site / "en" / "sop" / "forms").exists()


# Steps: ordered list and flowchart from the same data ---------------------------------------------------------

@pytest.mark.parametrize("url", ["sop/full-service/", "en/sop/full-service/"])
def test_list_and_flowchart_have_the_same_steps_in_the_same_order(site, url):
    page = soup(site, url)
    listed, drawn = list_steps(page), chart_steps(page)
    assert len(listed) == 4
    assert [squash(s) for s in listed] == [squash(s) for s in drawn]
    # The actor and time limit of each step, too
    metas = [text(li.find(class_="kcg-step__meta")) for li in page.find("ol", id="steps-list").find_all("li")]
    svg = page.find("svg", id="flowchart")
    drawn_meta = ["".join(t.get_text() for t in g.find("text", class_="kcg-flow__meta").find_all("tspan"))
                  for g in svg.find_all("g", class_="kcg-flow__step")]
    assert [squash(m) for m in metas] == [squash(m) for m in drawn_meta]


def test_step_times_and_missing_actor(site):
    page = soup(site, "sop/full-service/")
    metas = [text(li.find(class_="kcg-step__meta")) for li in page.find("ol", id="steps-list").find_all("li")]
    assert metas[0] == "辦理者：申請人；時限：1 個工作天"
    assert metas[1].endswith("4 小時") and metas[2].endswith("2.5 個工作天")
    assert metas[3] == f"辦理者：{ASK_ZH}；時限：{ASK_ZH}"
    en = soup(site, "en/sop/full-service/")
    en_metas = [text(li.find(class_="kcg-step__meta")) for li in en.find("ol", id="steps-list").find_all("li")]
    assert en_metas[0] == "Who acts: Applicant; Time limit: 1 working day"
    assert en_metas[1].endswith("4 hours")


def test_flowchart_text_alternative_and_markup(site):
    page = soup(site, "sop/full-service/")
    svg = page.find("svg", id="flowchart")
    assert svg["role"] == "img"
    title = svg.find("title")
    assert svg["aria-labelledby"] == title["id"] and text(title) == "流程圖：範例申請服務"
    described = page.find(id=svg["aria-describedby"])
    assert described.name == "ol" and described["id"] == "steps-list"
    assert svg.find("image") is None and svg.find("foreignobject") is None
    raw = str(svg)
    assert "@import" not in raw and "url(" not in raw and "@font-face" not in raw
    assert len(svg.find_all("g", class_="kcg-flow__arrow")) == 3
    # Text is real SVG text and wrapped inside its box
    from kcgplans.views.flowchart import FONT, TEXT_W, text_width
    lines = [t.get_text() for t in svg.select("text.kcg-flow__text tspan")]
    assert len(lines) > 4  # the long steps were wrapped
    assert all(text_width(line, FONT) <= TEXT_W + FONT for line in lines)
    assert not any(line[0] in "，。、）" for line in lines)
    # The figure says where its text version is
    assert "流程說明" in text(svg.find_parent("figure").find("figcaption"))


def test_english_page_marks_untranslated_step_in_list_and_chart(site):
    page = soup(site, "en/sop/full-service/")
    items = page.find("ol", id="steps-list").find_all("li")
    assert items[2].find(class_="kcg-step__text").find(attrs={"lang": ZH}) is not None
    assert items[0].find(class_="kcg-step__text").find(attrs={"lang": True}) is None
    svg = page.find("svg", id="flowchart")
    texts = [g.find("text", class_="kcg-flow__text") for g in svg.find_all("g", class_="kcg-flow__step")]
    assert texts[2]["lang"] == ZH and not texts[0].has_attr("lang")
    f = facts(page)
    assert f["How to apply"].find("li", attrs={"data-channel": "outreach"}).find(attrs={"lang": ZH})
    assert f["Legal basis"].find_all("li")[1].find(attrs={"lang": ZH})
    assert text(f["Processing time"]) == "5 working days (excluding weekends and public holidays)"
    assert text(page.find("h1")) == "Example application service"


# Facts the source does not give ------------------------------------------------------------------------------

def test_minimal_sop_says_contact_the_responsible_unit(site):
    page = soup(site, "sop/minimal-service/")
    f = facts(page)
    for label in ("申請資格", "應備文件", "申辦方式", "處理期限", "收費標準", "聯絡電話", "電子信箱", "法令依據", "表單下載",
                  "進度查詢"):
        assert text(f[label]) == ASK_ZH, label
    assert "傳真" not in f and "相關常見問答" not in f and "相關措施" not in f
    assert page.find("svg", id="flowchart") is None and page.find("ol", id="steps-list") is None
    assert ASK_ZH in text(page.find("section", attrs={"aria-labelledby": "steps"}))
    en = facts(soup(site, "en/sop/minimal-service/"))
    assert text(en["Fees"]) == ASK_EN and text(en["Required documents"]) == ASK_EN


def test_sop_index_and_plan_links(site):
    index = soup(site, "sop/")
    links = {text(a): a["href"] for a in index.find("article").find_all("a")}
    assert links["範例申請服務"] == "full-service/" and links["僅有必填欄位的服務"] == "minimal-service/"
    plan = soup(site, "plans/example-bureau-115/")
    related = plan.find(id="m1-1-1").find(class_="kcg-related")
    assert related.find("a")["href"] == "../../sop/full-service/" and text(related.find("a")) == "範例申請服務"
    box = plan.find("nav", class_="kcg-services")
    assert "../../sop/full-service/" in [a["href"] for a in box.find_all("a")]
    en_plan = soup(site, "en/plans/example-bureau-115/")
    assert text(en_plan.find(id="m1-1-1").find(class_="kcg-related").find("a")) == "Example application service"
    agency = soup(site, "agencies/example-district-office/")
    assert "../../sop/minimal-service/" in [a["href"] for a in agency.find("nav", class_="kcg-services").find_all("a")]


# Flowchart unit checks ----------------------------------------------------------------------------------------

def test_wrap_breaks_chinese_anywhere_but_not_before_closing_punctuation():
    from kcgplans.views.flowchart import wrap
    lines = wrap("甲" * 9 + "，乙乙", 10 * 16, 16)
    assert lines == ["甲" * 9 + "，", "乙乙"]
    assert wrap("one two three four", 80, 16) == ["one two", "three", "four"]
    assert "".join(wrap("（括號）內文" * 8, 200, 16)) == "（括號）內文" * 8


# The repository's own content ----------------------------------------------------------------------------------

def test_real_sops_exist_and_consumer_complaints_draws_its_steps(built_site):
    for sop_id in ("consumer-complaint", "archive-use", "venue-borrowing", "mayor-scrolls", "vocational-rehabilitation",
                   "online-registration"):
        assert (built_site / "sop" / sop_id / "index.html").is_file()
        assert (built_site / "en" / "sop" / sop_id / "index.html").is_file()
    page = soup(built_site, "sop/consumer-complaint/")
    assert [squash(s) for s in list_steps(page)] == [squash(s) for s in chart_steps(page)]
    f = facts(page)
    assert [li["data-channel"] for li in f["申辦方式"].find_all("li")] == ["online", "fax", "counter", "phone"]
    assert text(f["聯絡電話"]) == "1950"


def test_real_sops_leave_unstated_facts_empty(built_site):
    """The sources give no fee, time limit or e-mail for these services: the pages say so, nothing is invented."""
    for sop_id in ("consumer-complaint", "archive-use", "venue-borrowing", "mayor-scrolls", "vocational-rehabilitation",
                   "online-registration"):
        f = facts(soup(built_site, f"sop/{sop_id}/"))
        for label in ("收費標準", "處理期限", "電子信箱", "表單下載"):
            assert text(f[label]) == ASK_ZH, (sop_id, label)
        en = facts(soup(built_site, f"en/sop/{sop_id}/"))
        assert text(en["Fees"]) == ASK_EN
    venue = facts(soup(built_site, "sop/venue-borrowing/"))
    assert "機關（構）及經政府立案之公私立學校" in text(venue["申請資格"])


def test_real_plan_measures_link_to_their_sop(built_site):
    plan = soup(built_site, "plans/admin-intl-affairs-112/")
    related = plan.find(id="m1-2-6").find(class_="kcg-related")
    assert "../../sop/consumer-complaint/" in [a["href"] for a in related.find_all("a")]
    plan = soup(built_site, "plans/boai-vocational-training-center-107/")
    related = plan.find(id="m6-2-1").find(class_="kcg-related")
    assert "../../sop/online-registration/" in [a["href"] for a in related.find_all("a")]
