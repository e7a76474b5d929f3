"""Prove in headless Chromium that hostile names show as text.

Usage: xss_check.py HTML_FILE BASE_URL ENTITY_IRI

The store (and the exported HTML_FILE) hold one synthetic article whose
names, title and publisher carry markup that would run script if pasted
into the page (`<script>window.__xss=1</script>`, `<img onerror=...>`), and
whose url is `javascript:window.__xss=3`. In the HTML export and in the
workbench of the server at BASE_URL: no such script runs (window.__xss
stays unset), the markup is shown as the literal text of the name, and the
javascript: URL is never a link.
"""
import sys
import time
import urllib.parse

import chromium
from chromium import check, failures, wait
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

html, base, iri = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]
MARKUP = "<script>window.__xss=1</script>"
driver = chromium.driver("1400,900")


def nothing_ran(where):
    check(f"{where}: no injected script ran", driver.execute_script("return window.__xss === undefined"),
          driver.execute_script("return window.__xss"))
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href]')).map(function (a) { return a.getAttribute('href'); })"
        ".filter(function (h) { return !/^(https?:|\\/(?!\\/)|blob:|#|$)/i.test(h); })")
    check(f"{where}: no link but web links and the server's own pages", not links, links)
    injected = driver.execute_script(
        "return document.querySelectorAll('img[src=x], b').length")
    check(f"{where}: no injected element", injected == 0, injected)


try:
    # --- the HTML export, from file:// -----------------------------------
    driver.get("file://" + html)
    check("the HTML view starts", wait(lambda: driver.execute_script("return !!window.hpkg")))
    box = driver.find_element(By.ID, "search")
    box.send_keys("Synthetic Org")
    time.sleep(0.3)
    node = driver.execute_script(
        "return window.hpkg.cy.nodes('.match').map(function (n) { return n.id(); })[0] || null")
    check("searching finds the hostile node", node == iri, node)
    if node:
        pos = driver.execute_script(
            "var n = window.hpkg.cy.getElementById(arguments[0]); var p = n.renderedPosition();"
            "var c = document.getElementById('cy').getBoundingClientRect();"
            "return [p.x, p.y, c.width, c.height];", node)
        canvas = driver.find_element(By.ID, "cy")
        ActionChains(driver).move_to_element_with_offset(
            canvas, int(pos[0] - pos[2] / 2), int(pos[1] - pos[3] / 2)).click().perform()
        time.sleep(0.3)
    panel = driver.find_element(By.ID, "panel").text
    check("the side panel shows the markup as text", MARKUP in panel, panel[:300])
    check("... and the article title as text", "Synthetic <script>window.__xss=4</script> article" in panel, panel[:300])
    nothing_ran("HTML export")

    # --- the workbench -----------------------------------------------------
    driver.get(base + "/entity?ref=" + urllib.parse.quote(iri))
    ok = wait(lambda: MARKUP in driver.find_element(By.ID, "view-entity").text)
    check("the entity page shows the markup as text", ok, driver.find_element(By.ID, "view-entity").text[:300])
    check("... and its timeline lists the article", wait(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#timeline li")) > 0))
    nothing_ran("workbench entity page")

    driver.get(base + "/")
    wait(lambda: driver.execute_script("return !!window.hpkgWorkbench"))
    query = ("SELECT ?label ?url WHERE { { ?e rdfs:label ?label FILTER(CONTAINS(?label, 'Synthetic')) } "
             "UNION { ?a schema:url ?url FILTER(STRSTARTS(STR(?url), 'javascript:')) } }")
    driver.execute_script("window.hpkgWorkbench.editor.setValue(arguments[0])", query)
    driver.find_element(By.ID, "run").click()
    ok = wait(lambda: MARKUP in driver.find_element(By.ID, "results").text)
    results = driver.find_element(By.ID, "results").text
    check("SPARQL results show the markup as text", ok, results[:300])
    check("... and the javascript: IRI as text", "javascript:window.__xss=3" in results, results[:300])
    nothing_ran("workbench results")
finally:
    driver.quit()
print(f"{len(failures)} failed" if failures else "all checks passed")
sys.exit(1 if failures else 0)
