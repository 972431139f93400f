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
