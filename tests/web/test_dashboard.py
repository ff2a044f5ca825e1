"""The dashboard in a real browser: Debian's Chromium driven by Selenium over a live server on the demo
database plus one hostile article. Checks that the timeline, map and table render, that an event opens
with its trigger marked, and that news text containing HTML stays text (no script runs, no element is
made from it, no javascript: link). Screenshots go to test-artifacts/ for a human to look at.

Needs the Debian packages `chromium` and `chromium-driver` (CI installs them); skipped without them.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 20

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
# Written for this test: a real event sentence with HTML inside it, in the title and the text.
HOSTILE = {
    "id": "hostile-1",
    "published": "2025-11-20",
    "title": f"{SCRIPT} Boat strike off Venezuela {IMG}",
    "source": "Test <b>Wire</b>",
    "url": "javascript:window.__pwned=1",
    "text": f"US forces struck a boat off the coast of Venezuela on Tuesday, killing three people {SCRIPT} {IMG}. "
            "Officials gave no further details.",
}

pytestmark = pytest.mark.slow


def _browser_missing() -> str | None:
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            return (f"{path} is missing: install the browser with `apt-get install -y chromium chromium-driver` "
                    f"(package {package}) to run the dashboard test")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed in this environment (it is in the test extras)"
    return None


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    reason = _browser_missing()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("dashboard")
    path = folder / "dash.duckdb"
    env = {**os.environ, "COLUMNS": "200"}
    res = subprocess.run([sys.executable, "-m", "flashpoint.cli", "demo", "--db", str(path)],
                         capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == 0, res.stderr
    corpus = folder / "hostile.jsonl"
    corpus.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "flashpoint.cli", "ingest", str(corpus), "--db", str(path)],
                         capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == 0, res.stderr
    return path


@pytest.fixture(scope="module")
def server(db):
    import uvicorn

    from flashpoint.api import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning",
                            lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not srv.started:
        assert thread.is_alive(), "the server thread died while starting"
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def driver(server, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chrome-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", f"--user-data-dir={profile}", "--window-size=1440,1500",
                "--force-device-scale-factor=1", "--lang=en-GB"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(WAIT)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _severe(drv) -> list[str]:
    return [f"{e.get('source')}: {e.get('message')}" for e in drv.get_log("browser") if e.get("level") == "SEVERE"]


def test_dashboard(driver, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    wait = WebDriverWait(driver, WAIT)
    ARTIFACTS.mkdir(exist_ok=True)
    driver.get(server + "/")
    assert driver.current_url.startswith(server + "/ui/index.html")

    # the dyad picker is filled from /api/dyads; USA → VEN is the demo's busiest dyad
    wait.until(lambda d: len(Select(d.find_element(By.ID, "dyad")).options) > 1)
    picker = Select(driver.find_element(By.ID, "dyad"))
    assert picker.first_selected_option.get_attribute("value") == picker.options[0].get_attribute("value")
    assert "→" in picker.options[0].text
    if picker.first_selected_option.get_attribute("value") != "USA:VEN":
        picker.select_by_value("USA:VEN")

    # timeline: stacked bars, the index line, at least one alert marker; level badge; map points; rows
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline svg rect.bar"))
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline svg .alert-marker"))
    assert driver.find_elements(By.CSS_SELECTOR, "#timeline svg path.index-line")
    assert driver.find_element(By.ID, "level").text.strip() not in ("", "—")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map svg circle.cell"))
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#events tbody tr[data-id]"))
    assert "USA → VEN" in driver.find_element(By.ID, "timeline-dyad").text

    # hovering a bar shows its period's numbers; clicking the alert marker lists its events
    bar = driver.find_elements(By.CSS_SELECTOR, "#timeline svg rect.bar")[-1]
    bar.click()
    wait.until(lambda d: "event" in d.find_element(By.ID, "readout").text
               and "Week of" in d.find_element(By.ID, "readout").text)
    driver.find_element(By.CSS_SELECTOR, "#timeline svg .alert-marker path").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#readout .alert-events li"))
    assert "Alert" in driver.find_element(By.ID, "readout").text
    driver.save_screenshot(str(ARTIFACTS / "dashboard.png"))

    # the hostile event's row: its HTML is shown as text
    row_xpath = "//table[@id='events']/tbody/tr[contains(., 'window.__pwned')]"
    row = wait.until(EC.presence_of_element_located((By.XPATH, row_xpath)))
    assert "<script>" in row.text
    hostile_id = row.get_attribute("data-id")
    row.click()

    # the event panel: every mention's evidence with the trigger marked, source and target spans
    wait.until(lambda d: d.find_element(By.ID, "detail").get_attribute("data-event-id") == hostile_id)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#detail .mention .evidence-text mark"))
    detail = driver.find_element(By.ID, "detail")
    marks = [m.text for m in detail.find_elements(By.CSS_SELECTOR, ".mention .evidence-text mark")]
    assert "struck" in marks, marks
    assert detail.find_elements(By.CSS_SELECTOR, ".mention .evidence-text .src")
    assert detail.find_elements(By.CSS_SELECTOR, ".mention .evidence-text .tgt")
    text = detail.text
    assert SCRIPT in text and IMG in text, text          # literal text, in the evidence and the title
    assert "Test <b>Wire</b>" in text                     # the outlet, as text
    # nothing was made from the news text: no script, image or bold element, no javascript: link
    assert not detail.find_elements(By.CSS_SELECTOR, "script, img, b, a[href^='javascript']")
    assert not driver.find_elements(By.CSS_SELECTOR, "#events script, #events img, #events b")
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert "selected" in driver.find_element(By.XPATH, row_xpath).get_attribute("class")
    driver.execute_script("document.getElementById('detail').scrollIntoView({block: 'start'})")
    driver.save_screenshot(str(ARTIFACTS / "event.png"))

    # a map point opens its top event; Enter on a focused row opens that row
    def opened(event_id):
        return lambda d: d.find_element(By.ID, "detail").get_attribute("data-event-id") == event_id

    driver.execute_script("window.scrollTo(0, 0)")
    cell = driver.find_elements(By.CSS_SELECTOR, "#map svg circle.cell")[-1]       # the topmost
    cell_event = cell.get_attribute("data-event")
    if cell_event == hostile_id:                                                  # make it a change
        driver.find_element(By.ID, "detail-close").click()
        wait.until(opened(None))
    cell.click()
    wait.until(opened(cell_event))
    assert f"event={cell_event}" in driver.current_url
    first = driver.find_element(By.CSS_SELECTOR, "#events tbody tr[data-id]")
    first_id = first.get_attribute("data-id")
    if first_id == driver.find_element(By.ID, "detail").get_attribute("data-event-id"):
        driver.find_element(By.ID, "detail-close").click()
        wait.until(opened(None))
    driver.execute_script("arguments[0].focus()", first)
    first.send_keys(Keys.ENTER)
    wait.until(opened(first_id))
    assert "selected" in first.get_attribute("class")

    # the search box asks the server for events with the words in any report of them, every page
    rows = lambda d: d.find_elements(By.CSS_SELECTOR, "#events tbody tr[data-id]")     # noqa: E731
    search = driver.find_element(By.ID, "f-text")
    search.send_keys("B-52")
    wait.until(lambda d: "B-52" in d.find_element(By.ID, "events-note").text and rows(d))
    assert any("b-52" in r.text.lower() for r in rows(driver))
    search.send_keys(" zyzzyvaquux")
    wait.until(lambda d: not rows(d) and d.find_element(By.ID, "events-empty").is_displayed())
    search.clear()
    search.send_keys(" ")                                   # an input event with nothing to search for
    wait.until(lambda d: len(rows(d)) > 2 and not d.find_element(By.ID, "events-note").text)

    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert _severe(driver) == []
