"""Screenshots of the back office (/beheer/) in headless Chromium at 1366×768:
``docs/screenshots/beheer-*.png`` (``make beheer-screenshots``).

Starts inspector-server on a throwaway SQLite database, lets a real laptop workspace (demo data) log
in and sync, and then walks the pages as Team Centrum's coordinator in Debian's chromium driven by
Selenium: login, cases, a search, a case (BSN masked), a new case with a refused field, the week
planning, a CSV import with refused lines, the team overview, the refusal an inspector gets, one
page in English, the administrator's access log and retention periods, the management figures of
this year (the whole page, after the administrator set the parameters of the estimated saving), as
the privacy officer an access request (AVG art. 15) and the access log, and "Is dit rapport echt?"
for a signed report (the server signs with a throw-away test certificate) and for a copy with one byte
changed. Needs ``chromium`` and ``chromium-driver`` (tools/system-deps.sh).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
import uvicorn  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SIZE = (1366, 768)
PASSWORD = "screenshots-demo-1"  # a throwaway server in a temporary folder
TEAM = "Team Centrum"  # the demo workspace's team
CSV = ("zaaknummer;domein;bezoektype;gepland;geslachtsnaam;voorvoegsel;voornamen;postcode;huisnummer;"
       "straat;woonplaats\n"
       "IMPORT-0001;sociaal;S1;{d1} 09:30;Smit;;Demo K;3512 JE;8;Lange Nieuwstraat;Utrecht\n"
       "IMPORT-0002;sociaal;X9;{d1} 11:00;Mulder;;Demo L;3512 JE;10;Lange Nieuwstraat;Utrecht\n"
       "IMPORT-0003;fysiek;F2;{d2} 14:00;;;;3581 XX;;Maliebaan;Utrecht\n"
       "IMPORT-0004;oov;O2;31-02-2026 10:00;;;;;;;\n")


def chromium(width: int = SIZE[0], height: int = SIZE[1], *, javascript: bool = True) -> webdriver.Chrome:
    """Debian's chromium, headless, driven by its chromium-driver (the pages need no JavaScript: the
    tests switch it off)."""
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("INSPECTOR_CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", f"--window-size={width},{height}", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--lang=nl-NL", "--force-device-scale-factor=1",
                "--hide-scrollbars"):
        options.add_argument(arg)
    prefs: dict[str, object] = {"intl.accept_languages": "nl-NL,nl"}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    service = Service(os.environ.get("INSPECTOR_CHROMEDRIVER", "/usr/bin/chromedriver"),
                      env={**os.environ, "LANGUAGE": "nl_NL", "LANG": "nl_NL.UTF-8"})
    driver = webdriver.Chrome(options=options, service=service)
    # The page itself gets width × height (the window's own frame would take some of it).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    return driver


def serve(app: object) -> tuple[str, uvicorn.Server]:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="off"))  # type: ignore[arg-type]
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server


def seed(tmp: Path) -> tuple[str, uvicorn.Server]:
    """A server with Team Centrum and the demo laptop's cases synced to it."""
    from inspector import demo
    from inspector.server import admin
    from inspector.server.app import create_app
    from inspector.server.report_signing import load
    from inspector.sync import session
    from inspector.workspace import Workspace
    from tests import certificates
    from tests.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())  # the laptop's token: never the user's real keyring
    cert = certificates.make(tmp / "certificate")  # reports are signed, as with a configured certificate
    app = create_app(f"sqlite:///{tmp / 'server.db'}",
                     report_signer=load(cert.p12, certificates.PASSPHRASE))
    db = app.state.db  # type: ignore[attr-defined]
    for team in (TEAM, "Team Noord"):
        admin.add_team(db, team)
    for username, role, teams in (("coordinator-centrum", "coordinator", [TEAM]),
                                  ("toezichthouder-demo", "inspector", [TEAM]),
                                  ("toezichthouder-centrum-2", "inspector", [TEAM]),
                                  ("beheerder", "admin", []), ("privacy-officer", "privacy", [])):
        admin.add_user(db, username, PASSWORD, role, teams, time_cost=1, memory_cost=1024)
    url, server = serve(app)
    ws = Workspace.open(tmp / "laptop", "screenshots-demo-passphrase")
    ws.settings.set_profile("Toezichthouder Demo", "TH-0001", TEAM)
    demo.seed(ws, cases=24, photos=False)
    session.login(ws.sync, url, "toezichthouder-demo", PASSWORD, device_name="Laptop TH-0001")
    ws.sync.run()
    global SUBJECT
    SUBJECT = str(ws.db.execute("SELECT bsn FROM persons WHERE bsn != '' ORDER BY rowid").fetchone()[0])
    ws.close()
    admin.assign(db, admin.ADMIN, "DEMO-" + time.strftime("%Y") + "-0002", TEAM, "toezichthouder-centrum-2")
    return url, server


SUBJECT = ""  # a demo person's BSN, for the access request


def login(driver: webdriver.Chrome, url: str, username: str, password: str = PASSWORD) -> None:
    driver.get(f"{url}/beheer/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    page = driver.find_element(By.TAG_NAME, "html").id
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # wait for the page the login leads to (the next get raced with it and found the login page)
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "html").id != page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="inspector-beheer-shots-") as folder:
        tmp = Path(folder)
        url, server = seed(tmp)
        driver = chromium()
        try:
            shoot(driver, url, args.out, tmp)
        finally:
            driver.quit()
            server.should_exit = True
    print(f"screenshots in {args.out}")


def shoot(driver: webdriver.Chrome, url: str, out: Path, tmp: Path) -> None:
    def save(name: str) -> None:
        driver.save_screenshot(str(out / f"beheer-{name}.png"))
        print("saved", name)

    from datetime import date, timedelta

    driver.get(f"{url}/beheer/login")
    driver.find_element(By.ID, "username").send_keys("coordinator-centrum")
    save("01-inloggen")
    login(driver, url, "coordinator-centrum")
    save("02-zaken")
    driver.get(f"{url}/beheer/zaken?q=van+den")
    save("03-zaken-zoeken")
    driver.get(f"{url}/beheer/zaken?q=DEMO-{date.today().year}-0004")
    driver.find_element(By.LINK_TEXT, f"DEMO-{date.today().year}-0004").click()
    save("04-zaak")
    driver.get(f"{url}/beheer/zaken/nieuw")
    for field, value in (("number", "2026-0100"), ("title", "Adrescontrole na LAA-melding"),
                         ("straat", "Oudegracht"), ("huisnummer", "12"), ("postcode", "3511 AB"),
                         ("woonplaats", "Utrecht"), ("geslachtsnaam", "Vermeer"), ("voornamen", "Demo M"),
                         ("bsn", "123456789")):
        driver.find_element(By.ID, field).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "p.actions button").click()
    driver.execute_script("document.getElementById('bsn').scrollIntoView({block: 'center'})")
    save("05-nieuwe-zaak-fout")
    monday = date.today() - timedelta(days=date.today().weekday())
    driver.get(f"{url}/beheer/planning?week={monday.isoformat()}")
    save("06-planning")
    d1, d2 = ((monday + timedelta(days=n)).strftime("%d-%m-%Y") for n in (7, 8))
    csv = tmp / "planning.csv"
    csv.write_text(CSV.format(d1=d1, d2=d2), encoding="utf-8")
    driver.get(f"{url}/beheer/import")
    driver.find_element(By.ID, "file").send_keys(str(csv))
    driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    save("07-import")
    driver.get(f"{url}/beheer/team")
    save("08-team")
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    save("09-team-laptops")
    driver.get(f"{url}/beheer/taal/en?next=/beheer/planning?week={(monday + timedelta(days=7)).isoformat()}")
    save("10-planning-english")
    driver.get(f"{url}/beheer/taal/nl?next=/beheer/zaken")
    driver.find_element(By.CSS_SELECTOR, "form[action='/beheer/logout'] button").click()
    login(driver, url, "toezichthouder-demo")
    save("11-toezichthouder-geweigerd")
    login(driver, url, "beheerder")
    driver.get(f"{url}/beheer/bewaartermijnen")
    for field, value in (("months_S1", "60"), ("months_S2", "84"), ("months_S3", "24"),
                         ("laptop_days", "30")):
        driver.find_element(By.ID, field).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "form[action='/beheer/bewaartermijnen'] button[type=submit]").click()
    save("20-bewaartermijnen")
    driver.find_element(By.CSS_SELECTOR, "form[action='/beheer/logout'] button").click()
    login(driver, url, "privacy-officer")
    driver.find_element(By.ID, "bsn").send_keys(SUBJECT)
    driver.find_element(By.CSS_SELECTOR, "form[action='/beheer/avg'] button[type=submit]").click()
    save("21-inzageverzoek")
    driver.get(f"{url}/beheer/inzage")
    save("12-inzagelogboek")
    driver.find_element(By.CSS_SELECTOR, "form[action='/beheer/logout'] button").click()
    login(driver, url, "beheerder")
    driver.get(f"{url}/beheer/cijfers/instellingen")
    for field, value in (("benefit", "1.250,00"), ("months", "14")):
        driver.find_element(By.ID, field).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    driver.get(f"{url}/beheer/cijfers")  # this year, all teams: the whole page in one picture
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": SIZE[0], "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.save_screenshot(str(out / "beheer-cijfers.png"))
    print("saved cijfers")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    shoot_genuine(driver, url, out, tmp)


def shoot_genuine(driver: webdriver.Chrome, url: str, out: Path, tmp: Path) -> None:
    """Download a finalized visit's signed report as the coordinator, then check it, and a copy of it
    with one byte changed, on "Is dit rapport echt?"."""
    import httpx

    driver.find_element(By.CSS_SELECTOR, "form[action='/beheer/logout'] button").click()
    login(driver, url, "coordinator-centrum")
    driver.get(f"{url}/beheer/team")
    link = driver.find_element(By.CSS_SELECTOR, "a[href$='/rapport.pdf']").get_attribute("href")
    cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
    pdf = httpx.get(str(link), cookies=cookies).raise_for_status().content
    signed, changed = tmp / "rapport-ondertekend.pdf", tmp / "rapport-gewijzigd.pdf"
    signed.write_bytes(pdf)
    at = pdf.index(b"(Rapport van bevindingen ") + len(b"(Rapport van bevindingen ")
    changed.write_bytes(pdf[:at] + b"X" + pdf[at + 1:])  # one byte of the title
    for path, name in ((signed, "echtheid"), (changed, "echtheid-gewijzigd")):
        driver.get(f"{url}/beheer/echtheid")
        driver.find_element(By.ID, "file").send_keys(str(path))
        driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
        driver.find_element(By.CSS_SELECTOR, "section.verdict")
        driver.save_screenshot(str(out / f"beheer-{name}.png"))
        print("saved", name)


if __name__ == "__main__":
    main()
