"""`make check`: the watch loop in a real browser (Debian's Chromium, driven by Selenium)."""

from __future__ import annotations

import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.cli.test_watch import POST, watched  # noqa: F401 - the fixture

pytestmark = pytest.mark.heavy


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    yield driver
    driver.quit()


def test_the_page_shows_the_chapters_and_then_the_edit(watched, browser):  # noqa: F811 - the fixture
    folder, address, _log = watched
    browser.get(address)
    assert "First Title" in browser.find_element(By.TAG_NAME, "body").text
    browser.find_element(By.LINK_TEXT, "First Title").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("a.html"))
    assert browser.find_element(By.CSS_SELECTOR, "h1.chapter-title").text == "First Title"
    (folder / "a.md").write_text(POST.format(title="Edited Title"))
    WebDriverWait(browser, 30).until(lambda b: "Edited Title" in b.find_element(By.TAG_NAME, "body").text)
    assert browser.find_element(By.CSS_SELECTOR, "h1.chapter-title").text == "Edited Title"
