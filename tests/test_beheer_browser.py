"""The back office in a real browser (Debian's chromium, driven by Selenium): a coordinator logs in,
plans a visit with the page's own form, a laptop (a real workspace, a real sync) receives it,
finalizes it and syncs back, the management figures count it, and the coordinator of another team
sees none of it. The pages work without JavaScript: it is switched off."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.servers import PASSWORD
from tools.beheer_screenshots import chromium


def click_and_load(driver: Any, by: str, what: str) -> None:
    """Click what leads to a new page and wait until that page has replaced the old one. Reading the
    old page's notice right after the click raced with the navigation, and asking the old page's element
    whether it is stale can itself fail in Chromium ("does not belong to the document"), so the wait
    compares the reference of the document's root element instead: a new document has a new one."""
    old = driver.find_element(By.TAG_NAME, "html").id
    driver.find_element(by, what).click()

    def replaced(d: Any) -> bool:
        try:
            return bool(d.find_element(By.TAG_NAME, "html").id != old)
        except WebDriverException:  # between the two documents
            return False

    WebDriverWait(driver, 20).until(replaced)


pytest_plugins = ["tests.servers"]


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    driver = chromium(javascript=False)
    yield driver
    driver.quit()


def log_in(driver: webdriver.Chrome, url: str, username: str) -> None:
    driver.get(f"{url}/beheer/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_load(driver, By.CSS_SELECTOR, "form button[type=submit]")


def log_out(driver: webdriver.Chrome) -> None:
    click_and_load(driver, By.CSS_SELECTOR, "form[action='/beheer/logout'] button")
    assert driver.find_element(By.CSS_SELECTOR, "p.notice").text == "U bent uitgelogd."


def test_coordinator_plans_in_the_browser_and_the_laptop_receives_it(server: Any, laptop: Any,
                                                                       browser: webdriver.Chrome) -> None:
    """Log in, create a case, plan a visit for the next Monday 09:30, assign it; the laptop syncs and
    has it; the week grid shows it; Team Noord's coordinator finds nothing of it."""
    log_in(browser, server.url, "coordinator-zuid")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Zaken"
    click_and_load(browser, By.LINK_TEXT, "Nieuwe zaak")
    for field, value in (("number", "2026-1001"), ("title", "Intake bijstand"), ("straat", "Kerkstraat"),
                         ("huisnummer", "12"), ("postcode", "3511 AB"), ("woonplaats", "Utrecht"),
                         ("geslachtsnaam", "Berg"), ("voorvoegsel", "van den"), ("bsn", "999993653")):
        browser.find_element(By.ID, field).send_keys(value)
    click_and_load(browser, By.CSS_SELECTOR, "p.actions button")
    assert browser.find_element(By.CSS_SELECTOR, "p.notice").text == "De zaak is aangemaakt."
    assert "******653" in browser.page_source and "999993653" not in browser.page_source

    for keys in ("12072026\t0930AM", "07122026\t0930"):  # the field's order follows the browser's locale
        Select(browser.find_element(By.ID, "template")).select_by_value("S1")
        moment = browser.find_element(By.ID, "planned_at")
        moment.send_keys(keys)
        if moment.get_attribute("value") == "2026-12-07T09:30":
            break
        browser.refresh()
    assert moment.get_attribute("value") == "2026-12-07T09:30"
    click_and_load(browser, By.CSS_SELECTOR, "form[action$='/bezoeken'] button")
    assert "Het bezoek is gepland" in browser.find_element(By.CSS_SELECTOR, "p.notice").text
    Select(browser.find_element(By.ID, "inspector")).select_by_value("toezichthouder-zuid")
    click_and_load(browser, By.CSS_SELECTOR, "form[action$='/toewijzen'] button")
    assert browser.find_element(By.CSS_SELECTOR, "p.notice").text == "De zaak is toegewezen."

    ws = laptop(server.url)
    ws.sync.run()
    case = ws.cases.by_number("2026-1001")
    assert case is not None and case.assigned_to == "toezichthouder-zuid"
    [visit] = ws.visits.find(case_id=case.id)
    assert (visit.template_id, visit.planned_at, visit.status) == ("S1", "2026-12-07T09:30", "planned")

    browser.get(f"{server.url}/beheer/planning?week=2026-12-07")
    row = browser.find_element(By.XPATH, "//tr[th[@scope='row' and text()='toezichthouder-zuid']]")
    assert "09:30 S1\n2026-1001" in row.text
    browser.get(f"{server.url}/beheer/team")
    assert "laptop 0" in browser.page_source
    assert finalized_in_december(browser, server.url) == "0"
    finalize(ws, visit.id)
    ws.sync.run()
    assert finalized_in_december(browser, server.url) == "1"
    browser.get(f"{server.url}/beheer/zaken/{case.id}")  # the report, as the case page links it
    link = browser.find_element(By.CSS_SELECTOR, "a[href$='/rapport.pdf']").get_attribute("href")
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    download = httpx.get(str(link), cookies=cookies)
    assert download.headers["content-type"] == "application/pdf"
    assert download.content == ws.reports.build(visit.id, "nl")  # byte for byte the laptop's
    log_out(browser)

    log_in(browser, server.url, "coordinator-noord")
    for path in ("/beheer/zaken", "/beheer/zaken?q=Berg", "/beheer/planning?week=2026-12-07", "/beheer/team"):
        browser.get(server.url + path)
        assert "2026-1001" not in browser.page_source and "toezichthouder-zuid" not in browser.page_source
    browser.get(f"{server.url}/beheer/zaken/{case.id}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Niet gevonden"
    assert finalized_in_december(browser, server.url) == "0"


def finalized_in_december(driver: webdriver.Chrome, url: str) -> str:
    """The management figures' count of visits finalized in December 2026, as the page shows it."""
    driver.get(f"{url}/beheer/cijfers?periode=maand&datum=2026-12-01")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Managementcijfers · december 2026"
    return str(driver.find_element(
        By.XPATH, "//section[@id='visits']//tr[th[text()='Afgeronde bezoeken']]/td[1]").text)


def finalize(ws: Any, visit_id: str) -> None:
    """The inspector records the reasonable ground and the officers, does the planned visit and
    finalizes it on the laptop."""
    import random
    from datetime import UTC, datetime

    from inspector import demo, templates
    from inspector.model import Officer
    from tests.test_sync import GROUND

    ws.cases.update(ws.visits.get(visit_id).case_id, "grond vastgelegd voor het bezoek", **GROUND)
    ws.visits.update(visit_id, officers=[Officer("Toezichthouder Test", "TH-0001")])
    demo._run_visit(ws, visit_id, templates.get_template("S1"), datetime(2026, 12, 7, 9, 30, tzinfo=UTC),  # noqa: SLF001
                    random.Random(1), photos=False, refuse=False)
    ws.visits.finalize(visit_id, at="2026-12-07T10:30:00Z")
