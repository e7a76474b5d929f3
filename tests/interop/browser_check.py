"""Drive the HTML export in headless Chromium (Debian's chromium and
chromedriver, through Selenium) with the network disabled.

Usage: browser_check.py HTML_FILE EXPECTED_NODES ARABIC_NAME SCREENSHOT_PNG [--no-links]

Checks: the page loads from file:// and makes no network request; the graph
has EXPECTED_NODES nodes; typing ARABIC_NAME in the search box finds a
node; a real mouse click on that node fills the side panel with its label
and its supporting articles. Saves a screenshot. Exits 1 on failure.
"""
import json
import os
import sys
import time

import chromium
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

html, expected, name, shot = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
# Synthetic graphs have no article URLs (they are not real articles).
expect_links = "--no-links" not in sys.argv[5:]

driver = chromium.driver("1400,900")
failures = []


def check(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what + (f": {detail}" if detail and not ok else ""))
    if not ok:
        failures.append(what)


try:
    # No network: the page must work offline.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    driver.get("file://" + os.path.abspath(html))
    for _ in range(100):
        if driver.execute_script("return !!window.hpkg"):
            break
        time.sleep(0.1)
    check("the viewer starts offline", driver.execute_script("return !!window.hpkg"))
    n = driver.execute_script("return window.hpkg.cy.nodes().length")
    check(f"the graph has {expected} nodes", n == expected, f"found {n}")

    box = driver.find_element(By.ID, "search")
    box.send_keys(name)
    time.sleep(0.3)
    iri = driver.execute_script("return window.hpkg.cy.nodes('.match').map(function (n) { return n.id(); })[0] || null")
    check(f"searching {name!r} finds a node", iri is not None)

    # Clear the panel, then click the node where it is drawn.
    driver.execute_script("document.getElementById('panel').textContent = ''; document.getElementById('matches').textContent = '';")
    pos = driver.execute_script(
        "var n = window.hpkg.cy.getElementById(arguments[0]); var p = n.renderedPosition();"
        "var c = document.getElementById('cy').getBoundingClientRect();"
        "return [p.x, p.y, c.width, c.height];", iri)
    canvas = driver.find_element(By.ID, "cy")
    ActionChains(driver).move_to_element_with_offset(canvas, int(pos[0] - pos[2] / 2), int(pos[1] - pos[3] / 2)).click().perform()
    time.sleep(0.3)
    panel = driver.find_element(By.ID, "panel").text
    label = driver.execute_script("return window.hpkg.cy.getElementById(arguments[0]).data('label')", iri)
    check("clicking the node shows it in the side panel", label in panel, panel[:200])
    titles = driver.execute_script(
        "var arts = {}; window.hpkg.cy.getElementById(arguments[0]).connectedEdges().forEach(function (e) {"
        " (e.data('articles') || []).forEach(function (a) { arts[a] = window.hpkg.data.articles[a].title; }); });"
        "return Object.values(arts);", iri)
    check("the panel lists its supporting articles", bool(titles) and all(t in panel for t in titles),
          f"{len(titles)} articles expected")
    links = driver.find_elements(By.CSS_SELECTOR, "#panel a[href^='http']")
    if expect_links:
        check("articles link to their URLs", len(links) > 0)

    requests = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            requests.append(msg["params"]["request"]["url"])
    remote = [u for u in requests if not u.startswith(("file:", "data:", "about:", "chrome"))]
    check("no request leaves the page", not remote, ", ".join(remote[:5]))

    os.makedirs(os.path.dirname(os.path.abspath(shot)), exist_ok=True)
    driver.save_screenshot(shot)

    # The legend says what colour and size stand for.
    rows = driver.find_elements(By.CSS_SELECTOR, "#legend .legend-row")
    legend = driver.find_element(By.ID, "legend").text
    check("a legend names the colours and the size", len(rows) >= 2 and "Colour: community" in legend and "Size: degree" in legend,
          legend[:200])
    # Labels for the most important nodes only at full view.
    labelled = driver.execute_script("return window.hpkg.cy.nodes('.labelled').length")
    check("labels only the most important nodes at full view", 0 < labelled <= max(10, n), labelled)
    # Filters: minimum degree, the largest component, an ego network.
    shown = lambda: driver.execute_script(
        "return window.hpkg.cy.nodes().filter(function (n) { return !n.hasClass('hidden'); }).map(function (n) { return n.id(); })")
    visible_degree = ("return window.hpkg.cy.nodes().filter(function (n) { return !n.hasClass('hidden'); })"
                      ".map(function (n) { return n.connectedEdges().filter(function (e) { return !e.hasClass('hidden'); }).length; })")
    def set_filter(id_, value):
        driver.execute_script("var e = document.getElementById(arguments[0]); if (e.type === 'checkbox') e.checked = arguments[1]; "
                              "else e.value = arguments[1]; e.dispatchEvent(new Event('change'));", id_, value)
    k = 3
    want = driver.execute_script(
        "var k = arguments[0]; return window.hpkg.cy.nodes().filter(function (n) { return n.degree(false) >= k; }).length", k)
    set_filter("min-degree", str(k))
    degrees = driver.execute_script(visible_degree)
    check(f"min degree {k} keeps exactly the nodes with {k} links or more", len(degrees) == want and (not degrees or min(degrees) >= 1),
          (len(degrees), want))
    set_filter("min-degree", "0")
    set_filter("largest", True)
    comps = driver.execute_script(
        "var cy = window.hpkg.cy, keep = cy.nodes().filter(function (n) { return !n.hasClass('hidden'); });"
        "return keep.union(keep.edgesWith(keep)).components().length")
    biggest = driver.execute_script(
        "return Math.max.apply(null, window.hpkg.cy.elements().components().map(function (c) { return c.nodes().length; }))")
    check("largest component leaves that component alone", comps == 1 and len(shown()) == biggest, (comps, len(shown()), biggest))
    set_filter("largest", False)
    driver.execute_script("window.hpkg.cy.elements().unselect(); window.hpkg.cy.getElementById(arguments[0]).select()", iri)
    set_filter("ego", "1")
    near = driver.execute_script("return window.hpkg.cy.getElementById(arguments[0]).neighborhood().nodes().length + 1", iri)
    check("the 1-hop view keeps the selected node and its neighbours", len(shown()) == near, (len(shown()), near))
    set_filter("ego", "")
    check("clearing the filters shows everything again", len(shown()) == n)
    print(f"screenshot: {shot}")
finally:
    driver.quit()


sys.exit(1 if failures else 0)
