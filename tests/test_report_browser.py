"""The report in a real headless Chromium, as a reader opens it from disk: offline, no errors, a working
map, nothing for axe-core to object to, readable at 320 px and its heatmap's text legible on every shade.

Every request is routed and recorded (browser_tools.Visit), so any network request, console error or
dialog fails the test.
"""

from __future__ import annotations

from argmap import pipeline
from argmap.options import BuildOptions

from .browser_tools import SCREENSHOTS, Visit, contrast
from .conftest import DATA
from .test_html_browser import PAYLOADS

LAPTOP = (1280, 800)


def test_report_loads_offline_and_its_map_shows_a_quote_on_click(browser, seed_report, seed_map):
    visit = Visit(browser, seed_report / "report.html", viewport=LAPTOP).open()
    try:
        page = visit.page
        assert visit.js("map.nodes.get({filter: n => n.kind === 'claim'}).length") == len(seed_map.claims)
        assert visit.js("map.data.relations.length") == len(seed_map.relations)
        # The first screen: the sentences and the heatmap, drawn at a real size and naming every author.
        assert page.locator("#glance ul.glance li").first.is_visible()
        assert page.locator("#glance ul.glance li").first.bounding_box()["y"] < LAPTOP[1]
        box = page.locator("#glance svg").bounding_box()
        assert box["width"] > 300 and box["height"] > 200 and box["y"] < LAPTOP[1]
        svg_text = page.evaluate("document.querySelector('#glance svg').textContent")
        assert all(s.author.name in svg_text for s in seed_map.sources)
        visit.screenshot("report.png")  # the first screen, as a reader sees it
        visit.screenshot("report-full.png", full_page=True)
        # A click on the first contested claim in the map shows its quote in the map's panel.
        contested = page.locator("#contested tbody tr").first.locator("small").first.inner_text().split(" · ")[0]
        claim = next(c for c in seed_map.claims if c.id == contested)
        visit.click_claim(claim.id)
        panel = page.locator("#map .am-details")
        assert panel.locator(".am-quote").inner_text() == f"“{claim.quote}”"
        page.locator("#map").screenshot(path=SCREENSHOTS / "report-map.png")
        assert visit.errors == []
        assert visit.dialogs == []
        assert visit.requests == [visit.url], "the report must make no network request"
    finally:
        visit.close()


def test_axe_finds_no_violation_in_the_report(browser, seed_report):
    for viewport in (LAPTOP, (320, 640)):
        visit = Visit(browser, seed_report / "report.html", viewport=viewport).open()
        try:
            assert visit.axe() == [], viewport
        finally:
            visit.close()


def test_at_320_px_the_report_does_not_scroll_sideways(browser, seed_report):
    visit = Visit(browser, seed_report / "report.html", viewport=(320, 640)).open()
    try:
        assert visit.page.evaluate("document.documentElement.scrollWidth") <= 320
        assert visit.page.locator("#map .am-canvas").bounding_box()["height"] >= 240
        visit.screenshot("report-320.png")
    finally:
        visit.close()


def test_heatmap_text_keeps_4_5_to_1_on_every_cell(browser, seed_report):
    visit = Visit(browser, seed_report / "report.html", viewport=LAPTOP).open()
    try:
        pairs = visit.page.evaluate("""Array.from(document.querySelectorAll('#glance svg [id^="text-"]')).map(g => {
            const cell = document.getElementById(g.id.replace('text-', 'cell-')).querySelector('path');
            return [getComputedStyle(g.querySelector('text')).fill, getComputedStyle(cell).fill];
        })""")
        assert len(pairs) >= 20  # every pair of the five authors, both ways, and the diagonal
        ratios = [contrast(text, fill) for text, fill in pairs]
        assert min(ratios) >= 4.5, min(ratios)
    finally:
        visit.close()


def test_hostile_report_shows_payloads_as_text_and_runs_nothing(browser, tmp_path):
    page_path = tmp_path / "xss-report.html"
    page_path.write_text(pipeline.report(BuildOptions(DATA / "xss")), encoding="utf-8")
    visit = Visit(browser, page_path).open()
    try:
        text = visit.page.locator("main.report").inner_text()
        for payload in PAYLOADS:
            assert payload in text
        assert visit.page.locator("img").count() == 0
        assert visit.page.evaluate("document.querySelectorAll('[onerror], [onmouseover]').length") == 0
        visit.click_claim("evil-sanctions-work")
        assert "<img src=x onerror=alert(1)>" in visit.page.locator(".am-details").inner_text()
        assert visit.dialogs == []
        assert visit.errors == []
        assert visit.requests == [visit.url]
    finally:
        visit.close()
