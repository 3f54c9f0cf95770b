"""The report in a real headless Chromium, as a reader opens it from disk: offline, no errors, a working map.

Reuses the map's browser harness (the session's browser from conftest.py, Visit from test_html_browser.py): every request is routed and recorded,
so any network request, console error or dialog fails the test.
"""

from __future__ import annotations

import shutil

from argmap import pipeline
from argmap.options import BuildOptions

from .conftest import DATA, ROOT, SEEDS
from .test_html_browser import PAYLOADS, Visit


def test_report_loads_offline_and_its_map_shows_a_quote_on_click(browser, seed_report, tmp_path):
    amap = pipeline.build_map(BuildOptions(SEEDS))
    visit = Visit(browser, seed_report / "report.html", viewport=(1280, 900)).open()
    try:
        page = visit.page
        assert visit.js("map.nodes.length") == len(amap.claims)
        assert visit.js("map.network.body.nodeIndices.length") == len(amap.claims)
        assert visit.js("map.network.body.edgeIndices.length") == len(amap.relations)
        # The heatmap is drawn: an SVG with a real size, naming every author.
        box = page.locator("#agreement svg").bounding_box()
        assert box["width"] > 300 and box["height"] > 200
        svg_text = page.evaluate("document.querySelector('#agreement svg').textContent")
        assert all(s.author.name in svg_text for s in amap.sources)
        shot = tmp_path / "report.png"
        page.screenshot(path=shot, full_page=True)
        # A click on the most contested claim in the map shows its quote in the map's panel.
        contested = page.locator("#contested tbody tr").first.locator("small").inner_text()
        claim = next(c for c in amap.claims if c.id == contested)
        visit.click_claim(claim.id)
        panel = page.locator("#map .am-details")
        assert panel.locator(".am-quote").inner_text() == f"“{claim.quote}”"
        page.locator("#map").screenshot(path=tmp_path / "report-map.png")
        screenshots = ROOT / "build" / "screenshots"
        screenshots.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, screenshots / "report.png")
        shutil.copy(tmp_path / "report-map.png", screenshots / "report-map.png")
        assert visit.errors == []
        assert visit.dialogs == []
        assert visit.requests == [visit.url], "the report must make no network request"
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
