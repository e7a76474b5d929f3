"""Headless Chromium for the browser checks: Debian's chromium and
chromedriver through Selenium, with the flags this closed machine needs
and the performance log on (to see every request the page makes)."""
import os
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

# The browser scripts report like every interop script.
from checks import check, failures  # noqa: F401


def driver(window="1400,900"):
    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("HPKG_CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--window-size={window}"):
        opts.add_argument(flag)
    # performance: every request; browser: the console, where Chromium
    # reports what a Content-Security-Policy or X-Frame-Options blocked.
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(service=Service(os.environ.get("HPKG_CHROMEDRIVER", "/usr/bin/chromedriver")), options=opts)


def blocked(entries):
    """The console entries that report something the page's policies
    blocked (a frame, a script, a fetch)."""
    words = ("Content Security Policy", "X-Frame-Options", "Refused to", "blocked")
    return [e["message"] for e in entries if any(w in e["message"] for w in words)]


def wait(cond, seconds=30):
    """Polls cond() (exceptions count as not yet) until it holds or time runs out."""
    end = time.time() + seconds
    while time.time() < end:
        try:
            if cond():
                return True
        except Exception:
            pass
        time.sleep(0.2)
    return False
