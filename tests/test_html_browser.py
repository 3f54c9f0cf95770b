"""The interactive map in a real headless Chromium (Debian's), driven by Playwright: as a reader uses it.

One browser per session; every page is opened from file:// with every request routed and recorded,
so a single network request (or a console error, or a JavaScript dialog) fails the test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from argmap.assemble import ArgumentMap
from argmap.map_page import render_fragment, render_html
from argmap.models import Claim, Method, Relation, RelationKind, Span
from argmap.options import BuildOptions
from argmap.pipeline import build_map

from .conftest import DATA, MINI, ROOT

XSS = DATA / "xss"
PAYLOADS = ("<img src=x onerror=alert(1)>", "<script>alert(1)</script>")
AM = "https://w3id.org/argmap/ns#"
MAP = "document.querySelectorAll('.argmap-root')[{index}].argmapMap"


class Visit:
    """One page, opened from disk, recording every request, console error, page error and dialog."""

    def __init__(self, browser, path: Path, viewport=(1400, 900)):
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        self.requests.append(route.request.url)
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, maps: int = 1):
        self.page.goto(self.url)
        for i in range(maps):
            self.page.wait_for_function(f"{MAP.format(index=i)} && {MAP.format(index=i)}.ready", timeout=15000)
        return self

    def js(self, expression: str, index: int = 0):
        return self.page.evaluate(f"(map => {expression})({MAP.format(index=index)})")

    def visible_nodes(self, index: int = 0) -> set[str]:
        return set(self.js("map.visibleNodeIds()", index))

    def click_claim(self, claim_id: str, index: int = 0) -> None:
        """Centre the view on the claim, then click it with the mouse where it is drawn."""
        self.js(f"map.network.moveTo({{position: map.network.getPosition({claim_id!r}), scale: 1.5}})", index)
        canvas = self.page.locator(".am-canvas").nth(index)
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        point = self.js(f"map.network.canvasToDOM(map.network.getPosition({claim_id!r}))", index)
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        self.page.wait_for_timeout(400)  # the focus animation

    def close(self):
        self.context.close()


@pytest.fixture(scope="session")
def seed_turtle(seed_build) -> Graph:
    return Graph().parse(seed_build / "argmap.ttl", format="turtle")


def count(graph: Graph, where: str) -> int:
    return int(next(iter(graph.query(f"PREFIX am: <{AM}> SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")))[0])


def test_seed_page_loads_offline_without_errors_and_draws_every_claim_and_relation(browser, seed_build, seed_turtle, tmp_path):
    visit = Visit(browser, seed_build / "argmap.html").open()
    try:
        claims = count(seed_turtle, "?x a am:Claim")
        relations = count(seed_turtle, "{ ?x a am:Support } UNION { ?x a am:Contradiction } FILTER NOT EXISTS { ?x am:method am:Suggested }")
        suggested = count(seed_turtle, "?x am:method am:Suggested")  # in the data, hidden until asked for
        assert claims > 0 and relations > 0
        assert visit.js("map.nodes.length") == claims
        assert visit.js("map.edges.length") == relations + suggested
        # What vis-network actually draws: its visible node and edge indices.
        assert visit.js("map.network.body.nodeIndices.length") == claims
        assert visit.js("map.network.body.edgeIndices.length") == relations
        extracted = count(seed_turtle, "?x a am:Claim ; am:method am:RuleExtracted")
        assert visit.js("map.nodes.get({filter: n => n.shape === 'diamond'}).length") == extracted
        shot = tmp_path / "seed-map.png"
        visit.page.screenshot(path=shot)
        screenshots = ROOT / "build" / "screenshots"
        screenshots.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, screenshots / "seed-map.png")
        assert visit.errors == []
        assert visit.requests == [visit.url], "the page must make no network request"
    finally:
        visit.close()


def test_author_filter_hides_exactly_the_other_authors_claims(browser, seed_build, seed_turtle):
    rows = seed_turtle.query(f"""PREFIX am: <{AM}> PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?id ?name WHERE {{ ?c a am:Claim ; am:source/dcterms:creator/rdfs:label ?name .
                                  BIND(STRAFTER(STR(?c), "/claim/") AS ?id) }}""")
    claims_by = {}
    for claim_id, name in rows:
        claims_by.setdefault(str(name), set()).add(str(claim_id))
    keep = sorted(claims_by)[0]
    visit = Visit(browser, seed_build / "argmap.html").open()
    try:
        for label in visit.page.locator('.am-filter[data-filter="author"] label').all():
            if label.inner_text().strip() != keep:
                label.locator("input").uncheck()
        assert visit.visible_nodes() == claims_by[keep]
        assert visit.js("map.network.body.nodeIndices.length") == len(claims_by[keep])
        visit.page.get_by_role("button", name="Show all").click()
        assert visit.visible_nodes() == set().union(*claims_by.values())
        assert visit.errors == []
    finally:
        visit.close()


def test_clicking_a_claim_shows_its_quote_source_and_neighbours(browser, seed_build, seed_turtle, tmp_path):
    # The claim with the most relations, and its quote as the Turtle has it.
    claim_id, quote, title = next(iter(seed_turtle.query(f"""PREFIX am: <{AM}> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?quote ?title WHERE {{
          ?c am:quote ?quote ; am:source/dcterms:title ?title . ?r am:from|am:to ?c .
          BIND(STRAFTER(STR(?c), "/claim/") AS ?id) }}
        GROUP BY ?c ?id ?quote ?title ORDER BY DESC(COUNT(?r)) ?id LIMIT 1""")))
    visit = Visit(browser, seed_build / "argmap.html").open()
    try:
        visit.click_claim(str(claim_id))
        panel = visit.page.locator(".am-details")
        assert panel.locator(".am-quote").inner_text() == f"“{quote}”"
        assert str(title) in panel.inner_text()
        related = panel.locator(".am-related li").count()
        assert related == visit.js(f"map.edges.get({{filter: e => !e.hidden && (e.from === {str(claim_id)!r} || e.to === {str(claim_id)!r})}}).length")
        dimmed = visit.js("map.nodes.get({filter: n => n.opacity !== undefined && n.opacity < 1}).length")
        assert 0 < dimmed < visit.js("map.nodes.length") - related
        visit.page.screenshot(path=tmp_path / "seed-focus.png")
        shutil.copy(tmp_path / "seed-focus.png", ROOT / "build" / "screenshots" / "seed-focus.png")
        visit.page.get_by_role("button", name="Show all").click()
        assert visit.js("map.nodes.get({filter: n => n.opacity !== undefined && n.opacity < 1}).length") == 0
        assert visit.errors == []
    finally:
        visit.close()


def test_search_dims_the_rest_and_lists_the_matching_claims(browser, seed_build):
    amap = build_map(BuildOptions(ROOT / "seeds"))
    word = "sanctions"
    expected = {c.id for c in amap.claims if word in (c.statement + "\n" + c.quote).lower()}
    visit = Visit(browser, seed_build / "argmap.html").open()
    try:
        visit.page.locator(".am-search").fill(word)
        lit = set(visit.js("map.nodes.get({filter: n => n.opacity === undefined || n.opacity === 1}).map(n => n.id)"))
        assert lit == expected
        assert visit.page.locator(".am-details h4").inner_text().startswith(f"{len(expected)} claim")
    finally:
        visit.close()


def test_injection_payloads_show_as_text_and_run_nothing(browser, tmp_path):
    page = tmp_path / "xss.html"
    page.write_text(render_html(build_map(BuildOptions(XSS))), encoding="utf-8")
    visit = Visit(browser, page).open()
    try:
        visit.page.locator(".am-search").fill("sanctions")
        visit.click_claim("evil-sanctions-work")
        panel = visit.page.locator(".am-details")
        text = panel.inner_text()
        for payload in PAYLOADS:
            assert payload in text + visit.page.locator(".am-filter").first.inner_text()
        assert panel.locator("img, script").count() == 0
        assert visit.page.locator(".argmap-root img").count() == 0
        visit.click_claim("evil-nothing-changes")
        assert "</script><script>alert(2)</script>" in panel.locator(".am-statement").inner_text()
        # Hover tooltips, too, are text.
        visit.page.mouse.move(10, 10)
        visit.click_claim("plain-sanctions-fail")
        assert visit.page.locator(".am-canvas img").count() == 0
        visit.page.screenshot(path=tmp_path / "xss.png")
        assert visit.dialogs == []
        assert visit.errors == []
        assert visit.requests == [visit.url]
    finally:
        visit.close()


def with_extracted_claims(amap: ArgumentMap) -> ArgumentMap:
    """The curated mini map plus two rule-extracted claims, one of them related: a fixture independent of the rules."""
    source = next(s for s in amap.sources if s.id == "alpha")
    extracted = []
    for claim_id, sentence in (("alpha-x-islands", "The Kremlin will never return the islands."),
                               ("alpha-x-independent", "Moscow does not regard Tokyo as an independent actor.")):
        start = source.text.index(sentence)
        extracted.append(Claim(id=claim_id, source_id="alpha", statement=sentence.rstrip("."), quote=sentence,
                               span=Span(start=start, end=start + len(sentence)), about="Japan", polarity="affirmed",
                               method=Method.RULE_EXTRACTED, rule="will-never"))
    relation = Relation(from_id="beta-not-independent", kind=RelationKind.SUPPORTS, to_id="alpha-x-independent",
                        rationale="Same view.")
    return amap.model_copy(update={"claims": tuple(sorted((*amap.claims, *extracted), key=lambda c: c.id)),
                                   "relations": tuple(sorted((*amap.relations, relation), key=lambda r: r.id))})


def test_extracted_claims_look_different_and_filter_by_method(browser, tmp_path):
    amap = with_extracted_claims(build_map(BuildOptions(MINI, extract=False)))
    extracted = {c.id for c in amap.claims if c.method is Method.RULE_EXTRACTED}
    page = tmp_path / "extracted.html"
    page.write_text(render_html(amap), encoding="utf-8")
    visit = Visit(browser, page).open()
    try:
        shapes = dict(visit.js("map.nodes.get().map(n => [n.id, n.shape])"))
        assert {i for i, s in shapes.items() if s == "diamond"} == extracted
        derived = set(visit.js("map.edges.get({filter: e => e.method === 'derived'}).map(e => e.id)"))
        assert derived, "the mini corpus has a derived relation"
        visit.page.locator('.am-filter[data-filter="method"] input[value="rule-extracted"]').uncheck()
        assert visit.visible_nodes() == {c.id for c in amap.claims} - extracted
        visit.page.locator('.am-filter[data-filter="method"] input[value="derived"]').uncheck()
        assert not derived & set(visit.js("map.visibleEdgeIds()"))
        visit.page.get_by_role("button", name="Show all").click()
        visit.page.screenshot(path=tmp_path / "extracted.png")
        assert visit.errors == []
    finally:
        visit.close()


def test_fragment_embedded_twice_gives_two_independent_maps_and_leaves_the_host_alone(browser, tmp_path):
    mini = with_extracted_claims(build_map(BuildOptions(MINI, extract=False)))
    fragment = render_fragment(mini, "Mini map")
    other = render_fragment(build_map(BuildOptions(XSS)), "Hostile map")
    host = tmp_path / "report.html"
    host.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report</title></head><body>"
        "<h1>Report</h1><p class='host'>Some text.</p><button class='host'>Host button</button>"
        f"{fragment}<p>Between.</p>{fragment}{other}</body></html>",
        encoding="utf-8",
    )
    bare = tmp_path / "bare.html"
    bare.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report</title></head><body>"
        "<h1>Report</h1><p class='host'>Some text.</p><button class='host'>Host button</button></body></html>",
        encoding="utf-8",
    )
    style = "(() => { const s = getComputedStyle(document.querySelector('{sel}')); return [s.font, s.color, s.margin, s.padding, s.boxSizing]; })()"
    visit_bare = Visit(browser, bare).open(maps=0)
    try:
        host_style = {sel: visit_bare.page.evaluate(style.replace("{sel}", sel)) for sel in ("p.host", "button.host", "h1", "body")}
    finally:
        visit_bare.close()
    visit = Visit(browser, host).open(maps=3)
    try:
        assert visit.page.evaluate("document.querySelectorAll('.argmap-root').length") == 3
        assert visit.page.evaluate("window.argmap.maps.length") == 3
        assert visit.page.evaluate("typeof window.vis") == "undefined", "vis-network must not become a global"
        claims = len(mini.claims)
        first, second = visit.js("map.nodes.length", 0), visit.js("map.nodes.length", 1)
        assert first == second == claims
        assert visit.js("map.network.body.nodeIndices.length", 1) == claims
        visit.page.locator('.argmap-root').nth(0).locator('.am-filter[data-filter="author"] input').first.uncheck()
        assert len(visit.visible_nodes(0)) < claims
        assert len(visit.visible_nodes(1)) == claims
        visit.click_claim("alpha-trade-grows", index=1)
        assert "Trade will grow." in visit.page.locator(".am-details").nth(1).inner_text()
        assert visit.page.locator(".am-details").nth(0).inner_text() == ""
        for sel, expected in host_style.items():
            assert visit.page.evaluate(style.replace("{sel}", sel)) == expected, f"the map's CSS changed the host's {sel}"
        visit.page.screenshot(path=tmp_path / "report.png", full_page=True)
        assert visit.dialogs == []
        assert visit.errors == []
        assert visit.requests == [visit.url]
    finally:
        visit.close()
