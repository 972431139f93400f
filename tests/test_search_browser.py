"""Search in the real browser: a Chinese term finds its page among the Chinese pages only, an English term its
page among the English pages only (issue: the English site)."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from kcgplans.audit.browser import open_browser
from kcgplans.audit.server import serve

pytestmark = pytest.mark.browser
BASE = "/service-plans/"


def search(driver, base: str, page: str, term: str) -> list[str]:
    driver.get(base + page)
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "label[for='__search']")))
    driver.execute_script("document.getElementById('__search').checked = true;"
                          "document.getElementById('__search').dispatchEvent(new Event('change'));")
    box = WebDriverWait(driver, 20).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input")))
    box.send_keys(term)
    WebDriverWait(driver, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item a")
        or "沒有" in d.find_element(By.CSS_SELECTOR, ".md-search-result__meta").text
        or "No matching" in d.find_element(By.CSS_SELECTOR, ".md-search-result__meta").text)
    return [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item a")]


@pytest.fixture(scope="module")
def browser_and_site(built_site):
    # The audit's server answers the search index without documents; searching needs the real one.
    with serve(built_site, BASE, stub_background=False) as base, open_browser() as driver:
        yield driver, base


def test_a_chinese_term_finds_the_chinese_page_only(browser_and_site):
    driver, base = browser_and_site
    links = search(driver, base, "", "消費爭議")
    assert links, "no result"
    assert any("/plans/admin-intl-affairs-112/" in href for href in links)
    assert not any("/en/" in href for href in links)


def test_an_english_term_finds_the_english_page_only(browser_and_site):
    driver, base = browser_and_site
    links = search(driver, base, "en/", "mediation")
    assert links, "no result"
    assert any("/en/plans/" in href for href in links)
    assert all("/en/" in href for href in links)


def test_a_term_of_the_other_language_finds_nothing_there(browser_and_site):
    driver, base = browser_and_site
    assert search(driver, base, "en/", "消費爭議") == []


def requested(driver, suffix: str) -> list[str]:
    """Addresses the page has fetched (finished requests) that end with ``suffix``."""
    names = driver.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
    return [name for name in names if name.split("?")[0].endswith(suffix)]


def test_the_search_index_is_fetched_only_once_the_search_is_opened(browser_and_site):
    driver, base = browser_and_site
    driver.get(base + "plans/admin-intl-affairs-112/")
    # Material's bundle has started every component (it sets window.component$ last), so it has asked for the
    # index by now; the real index of this site arrives in milliseconds once it is requested.
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.component$ !== undefined"))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    driver.execute_script("return new Promise((resolve) => setTimeout(resolve, 1500))")
    assert requested(driver, "/search/search_index.json") == []
    assert requested(driver, "/sitemap.xml") == []  # Material's language-selector lookups: never sent
    meta = driver.find_element(By.CSS_SELECTOR, ".md-search-result__meta")
    assert meta.get_attribute("textContent").strip() == "正在初始化搜尋引擎"  # Material's "Initializing search"
    # Opening the search with the keyboard (accesskey S focuses the box) is enough: the query then finds.
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    driver.execute_script("arguments[0].focus()", box)
    box.send_keys("消費爭議")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item a"))
    assert requested(driver, "/search/search_index.json") == [base_url(driver) + "search/search_index.json"]


def base_url(driver) -> str:
    return driver.execute_script("return new URL('../../', location.href).href")
