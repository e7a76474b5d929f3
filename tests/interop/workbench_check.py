"""Drive the workbench of a running `hpkg serve` in headless Chromium.

Usage: workbench_check.py BASE_URL SCREENSHOT_DIR

Runs a named query with a parameter and sees result rows; opens an entity
page by its Arabic name and sees the Arabic label right to left and a
timeline; finds a path; shows the partners network in its frame and sees
it drawn. Saves screenshots. No request leaves loopback, and the console
reports nothing blocked by a security policy.
"""
import json
import os
import re
import sys
import time
import urllib.parse

import chromium
from chromium import blocked, check, failures, wait
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

BASE, SHOTS = sys.argv[1].rstrip("/"), sys.argv[2]
os.makedirs(SHOTS, exist_ok=True)
driver = chromium.driver("1400,1000")


try:
    driver.get(BASE + "/")
    check("the workbench loads", wait(lambda: driver.execute_script("return !!window.hpkgWorkbench")))
    wait(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#named option")) > 10)
    Select(driver.find_element(By.ID, "named")).select_by_value("partners-of")
    wait(lambda: driver.find_elements(By.CSS_SELECTOR, "#params input[name=org]"))
    driver.find_element(By.CSS_SELECTOR, "#params input[name=org]").send_keys("Kuwait Red Crescent Society")
    driver.find_element(By.ID, "run").click()
    ok = wait(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#results tr")) > 2)
    check("a named query with a parameter shows result rows", ok, driver.find_element(By.ID, "results").text[:200])
    check("the editor highlights SPARQL", len(driver.find_elements(By.CSS_SELECTOR, ".CodeMirror .cm-keyword")) > 0)
    driver.save_screenshot(os.path.join(SHOTS, "workbench-query.png"))

    # The editor: a syntax error is underlined where the message says,
    # Ctrl+Enter runs, Ctrl+Space completes hp: terms, and what ran is in
    # the history.
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.action_chains import ActionChains
    Select(driver.find_element(By.ID, "named")).select_by_value("")
    driver.execute_script("window.hpkgWorkbench.editor.setValue('SELECT ?x WHERE { ?x a hpd:Organization }')")
    driver.execute_script("window.hpkgWorkbench.editor.focus()")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
    check("Ctrl+Enter runs the query, and a syntax error names line and column",
          wait(lambda: "at line 1, column 24" in driver.find_element(By.ID, "results").text),
          driver.find_element(By.ID, "results").text[:200])
    marks = driver.find_elements(By.CSS_SELECTOR, ".CodeMirror .cm-syntax-error")
    check("... and is underlined in the editor", len(marks) == 1 and marks[0].text == "h", [m.text for m in marks])
    driver.execute_script("var e = window.hpkgWorkbench.editor; e.setValue('SELECT ?x WHERE { ?x a hp:Organ'); e.setCursor({line: 0, ch: 32}); e.focus()")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys(Keys.SPACE).key_up(Keys.CONTROL).perform()
    check("Ctrl+Space offers hp: terms", wait(lambda: "hp:Organization" in driver.find_element(By.ID, "completions").text))
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    check("... and Enter takes one",
          driver.execute_script("return window.hpkgWorkbench.editor.getValue()") == "SELECT ?x WHERE { ?x a hp:Organization",
          driver.execute_script("return window.hpkgWorkbench.editor.getValue()"))
    driver.execute_script("window.hpkgWorkbench.editor.setValue('SELECT ?x WHERE { ?x a hp:Organization } LIMIT 1')")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
    wait(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#results tr")) > 1)
    options = [o.text for o in driver.find_elements(By.CSS_SELECTOR, "#history option")]
    check("the history lists the queries run", any("LIMIT 1" in o for o in options), options)

    # The network view is the HTML export in a frame: its own policy must
    # let the workbench frame it, and it must draw.
    driver.find_element(By.ID, "show-projection").click()
    frame = driver.find_element(By.ID, "projection")
    check("the network frame is shown", wait(lambda: frame.is_displayed()))
    driver.switch_to.frame(frame)
    drawn = wait(lambda: driver.execute_script("return window.hpkg.cy.nodes().length") > 10)
    nodes = driver.execute_script("return window.hpkg ? window.hpkg.cy.nodes().length : 0") if drawn else 0
    check("the workbench draws the partners network", drawn, f"{nodes} nodes")
    driver.switch_to.default_content()
    time.sleep(0.5)
    driver.save_screenshot(os.path.join(SHOTS, "workbench-network.png"))

    driver.get(BASE + "/entity?ref=" + urllib.parse.quote("جمعية الهلال الأحمر الكويتي"))
    ok = wait(lambda: driver.find_element(By.ID, "entity-ar").text.strip() != "")
    ar = driver.find_element(By.ID, "entity-ar") if ok else None
    check("the entity page shows the Arabic label", ok and any("\u0600" <= c <= "\u06ff" for c in ar.text), ar.text if ar else "")
    if ar:
        check("... right to left", ar.value_of_css_property("direction") == "rtl")
    check("the entity page has a timeline linked to articles",
          wait(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#timeline li a")) > 0))
    # Mixed scripts: the interface runs left to right; each Arabic name is
    # an isolate that does not pull the English around it along, and
    # dates are ISO in an LTR isolate.
    dates = driver.find_elements(By.CSS_SELECTOR, "#timeline li .date")
    check("timeline dates are ISO, left to right",
          dates and all(re.fullmatch(r"\d{4}(-\d\d){0,2}", d.text) and d.value_of_css_property("direction") == "ltr"
                        for d in dates), [d.text for d in dates[:5]])
    arabic_partner = [li for li in driver.find_elements(By.CSS_SELECTOR, "li") if li.find_elements(By.CSS_SELECTOR, ".count")
                      and any("\u0600" <= c <= "\u06ff" for c in li.find_element(By.CSS_SELECTOR, "a").text)]
    check("an Arabic-named partner is listed", arabic_partner)
    for li in arabic_partner[:2]:
        a, count = li.find_element(By.CSS_SELECTOR, "a"), li.find_element(By.CSS_SELECTOR, ".count")
        check("... its line runs left to right", li.value_of_css_property("direction") == "ltr")
        check("... its name is isolated", a.value_of_css_property("unicode-bidi") == "isolate")
        check("... and the count phrase reads in order after it",
              count.text.startswith("— 1 article") and count.location["x"] > a.location["x"],
              (count.text, a.location, count.location))
    links = driver.find_elements(By.CSS_SELECTOR, ".downloads a")
    check("the entity page offers the dossier as Markdown, HTML and JSON", len(links) == 3,
          [a.get_attribute("href") for a in links])
    if links:
        href = driver.find_element(By.ID, "dossier-json").get_attribute("href")
        import urllib.request
        with urllib.request.urlopen(href) as r:
            dossier = json.load(r)
            check("... and the JSON dossier names the organisation",
                  dossier["iri"].endswith("/org/krcs") and dossier["partners"]
                  and "attachment" in r.headers.get("Content-Disposition", ""), r.headers.get("Content-Disposition"))
    driver.save_screenshot(os.path.join(SHOTS, "workbench-entity.png"))

    driver.get(BASE + "/path?from=" + urllib.parse.quote("Kuwait Red Crescent Society") + "&to=" + urllib.parse.quote("Qatar Charity") + "&k=3")
    ok = wait(lambda: len(driver.find_elements(By.CSS_SELECTOR, ".card.path")) > 0)
    check("the path finder finds a path", ok, driver.find_element(By.ID, "path").text[:200])
    check("the path has evidence", len(driver.find_elements(By.CSS_SELECTOR, ".hop li")) > 0)
    for li in driver.find_elements(By.CSS_SELECTOR, ".hop li"):
        title, d = li.find_element(By.CSS_SELECTOR, "bdi, a"), li.find_element(By.CSS_SELECTOR, ".date")
        if any("\u0600" <= c <= "\u06ff" for c in title.text):
            check("a date beside an Arabic title is ISO, left to right, after the title",
                  re.fullmatch(r"\d{4}-\d\d-\d\d", d.text) and d.value_of_css_property("direction") == "ltr"
                  and d.location["x"] > title.location["x"], (d.text, title.location, d.location))
            break
    else:
        check("a path hop cites an Arabic title", False)
    notes = driver.find_elements(By.CSS_SELECTOR, ".hop li .evidence")
    check("... with the articles' evidence notes", len(notes) > 0 and all(n.text.strip() for n in notes),
          len(notes))
    time.sleep(0.5)
    driver.save_screenshot(os.path.join(SHOTS, "workbench-path.png"))

    host = urllib.parse.urlparse(BASE).netloc
    remote = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            u = msg["params"]["request"]["url"]
            if not u.startswith(("data:", "blob:", "about:")) and urllib.parse.urlparse(u).netloc != host:
                remote.append(u)
    check("no request leaves the server", not remote, remote[:5])
    console = driver.get_log("browser")
    check("the console reports nothing blocked", not blocked(console), blocked(console)[:5])
finally:
    driver.quit()
print(f"{len(failures) == 0 and 'all' or 'some'} checks done")
sys.exit(1 if failures else 0)
