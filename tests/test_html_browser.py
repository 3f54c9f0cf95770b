"""The interactive map in a real headless Chromium (Debian's), driven by Playwright: as a reader uses it,
with a mouse, with the keyboard only, and with a screen reader's eyes (axe-core, text alternatives).

One browser per session; every page is opened from file:// with every request routed and recorded,
so a single network request (or a console error, or a JavaScript dialog) fails the test.
"""

from __future__ import annotations

import math

import pytest
from argmap.assemble import ArgumentMap
from argmap.map_page import CONTRADICTS_COLOUR, FONT_SIZE, READABLE_PX, map_model, render_fragment, render_html
from argmap.models import Claim, Method, Relation, RelationKind, Span
from argmap.options import BuildOptions
from argmap.pipeline import build_map
from argmap.stances import topic_of
from rdflib import Graph

from .browser_tools import Visit, contrast
from .conftest import DATA, MINI

XSS = DATA / "xss"
PAYLOADS = ("<img src=x onerror=alert(1)>", "<script>alert(1)</script>")
AM = "https://w3id.org/argmap/ns#"
LAPTOP = (1280, 800)


@pytest.fixture(scope="session")
def seed_turtle(seed_build) -> Graph:
    return Graph().parse(seed_build / "argmap.ttl", format="turtle")


def count(graph: Graph, where: str) -> int:
    return int(next(iter(graph.query(f"PREFIX am: <{AM}> SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")))[0])


@pytest.fixture
def seed_page(browser, seed_build):
    visit = Visit(browser, seed_build / "argmap.html", viewport=LAPTOP).open()
    yield visit
    visit.close()


def test_seed_page_loads_offline_and_holds_every_claim_and_relation(seed_page, seed_turtle, seed_map):
    visit = seed_page
    claims = count(seed_turtle, "?x a am:Claim")
    relations = count(seed_turtle, "{ ?x a am:Support } UNION { ?x a am:Contradiction } FILTER NOT EXISTS { ?x am:method am:Suggested }")
    suggested = count(seed_turtle, "?x am:method am:Suggested")
    assert claims == len(seed_map.claims) and relations > 0
    assert visit.js("map.nodes.get({filter: n => n.kind === 'claim'}).length") == claims
    assert visit.js("map.data.relations.length") == relations
    assert visit.js("map.data.suggestions.length") == suggested == len(seed_map.suggestions)
    # A relation is drawn, or it joins two claims of one question (the spokes say it): never lost.
    drawn = set(visit.js("map.edges.get({filter: e => e.kind !== 'stance'}).map(e => e.id)"))
    question = visit.js("Object.fromEntries(Object.entries(map.data.claims).map(([id, c]) => [id, c.question]))")
    for relation in seed_map.relations:
        assert (relation.id in drawn) != (question[relation.from_id] is not None and question[relation.from_id] == question[relation.to_id]), relation.id
    # What vis-network actually draws: the claims not folded away, the questions, the folded groups.
    assert visit.js("map.network.body.nodeIndices.length") == len(visit.visible_nodes())
    extracted = count(seed_turtle, "?x a am:Claim ; am:method am:RuleExtracted")
    assert visit.js("map.nodes.get({filter: n => n.shape === 'diamond'}).length") == extracted
    visit.screenshot("seed-map.png")
    assert visit.errors == []
    assert visit.requests == [visit.url], "the page must make no network request"


def drawn_labels(visit) -> list[dict]:
    """Every node label vis-network draws in the visible part of the canvas, with its size on screen."""
    return visit.js("""(function () {
        const scale = map.network.getScale(), rect = map.root.querySelector('.am-canvas').getBoundingClientRect();
        return map.visibleNodeIds().map(id => {
            const node = map.network.body.nodes[id], p = map.network.canvasToDOM(map.network.getPosition(id));
            return {id, px: node.labelModule.fontOptions.size * scale, drawn: node.labelModule.visible(),
                    inView: p.x >= 0 && p.y >= 0 && p.x <= rect.width && p.y <= rect.height};
        });
    })()""")


def test_labels_at_the_default_zoom_of_a_laptop_window_are_readable(seed_page):
    labels = [label for label in drawn_labels(seed_page) if label["inView"]]
    shown = [label for label in labels if label["drawn"]]
    assert len(shown) >= 25, "the first view shows a screenful of readable claims and questions"
    assert min(label["px"] for label in shown) >= READABLE_PX
    # Zoomed out to the whole map, labels too small to read are not drawn at all (no 5-px text).
    seed_page.page.get_by_role("button", name="Fit all").click()
    scale = seed_page.js("map.network.getScale()")
    assert scale * FONT_SIZE < READABLE_PX, "the seed map does not fit a laptop window readably: the test would prove nothing"
    assert all(label["px"] >= READABLE_PX - 0.01 for label in drawn_labels(seed_page) if label["drawn"])


def test_claims_gather_around_their_questions_and_contradictions_are_unmistakable(seed_page, seed_map):
    edges = {e["id"]: e for e in seed_page.js("map.edges.get()")}
    shared: dict[str, list[str]] = {}
    for claim in seed_map.claims:
        if not topic_of(claim).startswith("claim:"):
            shared.setdefault(topic_of(claim), []).append(claim.id)
    for topic, ids in shared.items():
        for claim_id in ids if len(ids) >= 2 else ():
            spoke = edges[f"stance:{claim_id}"]
            assert spoke["to"] == f"question:{topic}"
    # Suggested links (not checked by a person) have their own thin dotted style and are hidden until asked for.
    assert all(e["hidden"] for e in edges.values() if e["method"] == "suggested")
    edges = {i: e for i, e in edges.items() if e["method"] != "suggested"}
    clashes = [e for e in edges.values() if e["kind"] == "contradicts" and not e.get("outcome")] + \
              [e for e in edges.values() if e.get("stance") == "denies"]
    assert clashes
    for edge in clashes:  # colour, weight, dash and arrowhead, all four
        assert edge["color"]["color"] == CONTRADICTS_COLOUR and edge["width"] >= 4 and edge["dashes"]
        assert edge["arrows"]["to"]["type"] == "bar" and edge["arrows"]["to"]["enabled"]
    for edge in edges.values():
        if edge["kind"] == "supports" and not edge.get("outcome"):
            assert edge["color"]["color"] != CONTRADICTS_COLOUR and not edge["dashes"] and edge["arrows"]["to"]["type"] == "arrow"


def test_a_later_fact_checking_a_forecast_is_drawn_as_such(seed_page):
    outcomes = {e["id"]: e["outcome"] for e in seed_page.js("map.edges.get({filter: e => e.outcome})")}
    assert outcomes == {"intersection-missiles-deployed-on-kurils--supports--rd-russia-will-arm-kurils": "borne-out",
                        "abiru-abe-pushed-ahead--contradicts--streltsov-no-rush-new-initiatives": "refuted"}
    assert "a later fact bears out the forecast" in seed_page.page.locator(".am-filter[data-filter='kind']").inner_text()


def test_a_reported_view_names_its_holder(seed_page, seed_map):
    labels = {n["id"]: n["label"].replace("\n", " ") for n in seed_page.js("map.nodes.get({filter: n => n.kind === 'claim'})")}
    reported = [c for c in seed_map.claims if c.holder]
    assert reported
    for claim in reported:
        holder = claim.holder.split(" and ")[0].split(", ")[0].split()
        assert labels[claim.id].split()[0] in holder, (claim.id, labels[claim.id])  # it starts with the holder's words
        assert "(reported):" in labels[claim.id]
    assert "Moscow (reported): affirms" in labels.values()
    assert any(label.startswith("Shinzo Abe (reported):") for label in labels.values())


def test_unlinked_claims_are_folded_per_source_until_asked_for(seed_page, seed_map):
    groups = seed_page.js("map.nodes.get({filter: n => n.kind === 'group'})")
    members = {m for g in groups for m in g["members"]}
    linked = {c for r in seed_map.relations for c in (r.from_id, r.to_id)}
    assert members and not members & linked
    assert len(groups) == len({c.source_id for c in seed_map.claims if c.id in members})
    assert not members & seed_page.visible_claims()
    first = groups[0]
    seed_page.js(f"map.toggleGroup({first['id']!r})")
    assert set(first["members"]) <= seed_page.visible_claims()
    seed_page.page.get_by_role("button", name="Show unlinked claims").click()
    assert members <= seed_page.visible_claims()
    assert seed_page.page.get_by_role("button", name="Fold unlinked claims").get_attribute("aria-pressed") == "true"


def test_author_filter_hides_exactly_the_other_authors_claims(seed_page, seed_map):
    claims_by: dict[str, set[str]] = {}
    sources = {s.id: s for s in seed_map.sources}
    for claim in seed_map.claims:
        claims_by.setdefault(sources[claim.source_id].author.name, set()).add(claim.id)
    keep = sorted(claims_by)[0]
    seed_page.page.get_by_role("button", name="Show unlinked claims").click()
    for label in seed_page.page.locator('.am-filter[data-filter="author"] label').all():
        if label.inner_text().strip() != keep:
            label.locator("input").uncheck()
    assert seed_page.visible_claims() == claims_by[keep]
    seed_page.page.get_by_role("button", name="Reset").click()
    everything_linked = {c.id for c in seed_map.claims} - {m for g in seed_page.js("map.nodes.get({filter: n => n.kind === 'group'})") for m in g["members"]}
    assert seed_page.visible_claims() == everything_linked
    assert seed_page.errors == []


def test_clicking_a_claim_shows_its_quote_source_and_every_relation(seed_page, seed_turtle):
    claim_id, quote, title = next(iter(seed_turtle.query(f"""PREFIX am: <{AM}> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?quote ?title WHERE {{
          ?c am:quote ?quote ; am:source/dcterms:title ?title . ?r am:from|am:to ?c .
          BIND(STRAFTER(STR(?c), "/claim/") AS ?id) }}
        GROUP BY ?c ?id ?quote ?title ORDER BY DESC(COUNT(?r)) ?id LIMIT 1""")))
    claim_id = str(claim_id)
    seed_page.click_claim(claim_id)
    panel = seed_page.page.locator(".am-details")
    assert panel.locator(".am-quote").inner_text() == f"“{quote}”"
    assert str(title) in panel.inner_text()
    # Every relation of the claim is listed, those the question's spokes stand for included.
    related = count(seed_turtle, f"?x am:from|am:to <https://w3id.org/argmap/id/claim/{claim_id}> ; a ?k . VALUES ?k {{ am:Support am:Contradiction }} "
                                 "FILTER NOT EXISTS { ?x am:method am:Suggested }")  # suggested links: only while shown
    assert panel.locator(".am-related li").count() == related
    dimmed = seed_page.js("map.nodes.get({filter: n => n.opacity !== undefined && n.opacity < 1}).length")
    assert 0 < dimmed
    seed_page.page.get_by_role("button", name="Reset").click()
    assert seed_page.js("map.nodes.get({filter: n => n.opacity !== undefined && n.opacity < 1}).length") == 0
    assert seed_page.errors == []


def test_clicking_a_question_shows_each_authors_stance(seed_page):
    seed_page.js("map.focus('question:proposition:russia-willing-to-compromise-on-kurils')")
    text = seed_page.page.locator(".am-details").inner_text()
    assert "Contested" in text
    for line in ("Chris Miller: denies", "Intersection: denies", "Russia Direct: affirms"):
        assert line in text


def test_search_dims_the_rest_and_lists_the_matches_saying_how_many_are_shown(seed_page, seed_map):
    word = "sanctions"
    expected = {c.id for c in seed_map.claims if word in (c.statement + "\n" + c.quote).lower()}
    seed_page.page.locator(".am-search").fill(word)
    lit = set(seed_page.js("map.nodes.get({filter: n => n.kind === 'claim' && !n.hidden && (n.opacity === undefined || n.opacity === 1)}).map(n => n.id)"))
    assert lit == expected & seed_page.visible_claims()
    assert seed_page.page.locator(".am-details .am-heading").inner_text() == f"{len(expected)} claims match"
    broad = {c.id for c in seed_map.claims if "russia" in (c.statement + "\n" + c.quote).lower()}
    assert len(broad) > 60
    seed_page.page.locator(".am-search").fill("russia")
    assert seed_page.page.locator(".am-details .am-heading").inner_text() == f"{len(broad)} claims match (showing 60 of {len(broad)})"
    assert seed_page.page.locator(".am-details li").count() == 60
    seed_page.page.get_by_role("button", name=f"Show all {len(broad)}").click()
    assert seed_page.page.locator(".am-details li").count() == len(broad)


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
        for view in ("questions", "list"):  # the text alternatives write corpus text as text too
            visit.js(f"map.setView({view!r})")
            assert visit.page.locator(".argmap-root img, .am-view script").count() == 0
        visit.page.mouse.move(10, 10)
        assert visit.dialogs == []
        assert visit.errors == []
        assert visit.requests == [visit.url]
    finally:
        visit.close()


def with_extracted_claims(amap: ArgumentMap) -> ArgumentMap:
    """The curated mini map plus two rule-extracted claims, one of them related: a fixture independent of the rules."""
    source = next(s for s in amap.sources if s.id == "alpha")
    extracted = []
    for claim_id, sentence in (("alpha-x-islands", "The Kremlin will never return the Habomai."),
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
        shapes = dict(visit.js("map.nodes.get({filter: n => n.kind === 'claim'}).map(n => [n.id, n.shape])"))
        assert {i for i, s in shapes.items() if s == "diamond"} == extracted
        visit.page.get_by_role("button", name="Show unlinked claims").click()
        visit.page.locator('.am-filter[data-filter="method"] input[value="rule-extracted"]').uncheck()
        assert visit.visible_claims() == {c.id for c in amap.claims} - extracted
        visit.page.locator('.am-filter[data-filter="kind"] input[value="stance"]').uncheck()
        assert not any(e.startswith("stance:") for e in visit.js("map.visibleEdgeIds()"))
        visit.page.get_by_role("button", name="Reset").click()
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
        count_claims = "map.nodes.get({filter: n => n.kind === 'claim'}).length"
        assert visit.js(count_claims, 0) == visit.js(count_claims, 1) == claims
        visit.page.locator('.argmap-root').nth(0).locator('.am-filter[data-filter="author"] input').first.uncheck()
        assert len(visit.visible_claims(0)) < len(visit.visible_claims(1))
        visit.click_claim("alpha-trade-grows", index=1)
        assert "Trade will grow." in visit.page.locator(".am-details").nth(1).inner_text()
        assert visit.page.locator(".am-details").nth(0).inner_text() == ""
        for sel, expected in host_style.items():
            assert visit.page.evaluate(style.replace("{sel}", sel)) == expected, f"the map's CSS changed the host's {sel}"
        assert visit.dialogs == []
        assert visit.errors == []
        assert visit.requests == [visit.url]
    finally:
        visit.close()


# ---------------------------------------------------------------- without a mouse, without the canvas


def test_keyboard_alone_pans_zooms_selects_and_closes(seed_page):
    page = seed_page.page
    frame = page.locator(".am-canvas .vis-network")
    frame.focus()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "application"
    before = seed_page.js("map.network.getViewPosition()")
    page.keyboard.down("ArrowRight")  # vis-network moves the view while a key is held
    page.wait_for_timeout(300)
    page.keyboard.up("ArrowRight")
    assert seed_page.js("map.network.getViewPosition()")["x"] > before["x"], "arrow keys pan the map"
    scale = seed_page.js("map.network.getScale()")
    page.keyboard.down("Equal")  # "+" without shift, as vis-network binds it
    page.wait_for_timeout(300)
    page.keyboard.up("Equal")
    assert seed_page.js("map.network.getScale()") > scale, "+ zooms in"
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert not page.locator(".am-panel").is_hidden()
    focused = page.evaluate("document.activeElement.className")
    assert "am-heading" in focused, "focus moves to the panel's heading"
    page.keyboard.press("Escape")
    assert page.locator(".am-panel").is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('vis-network')"), "focus goes back to the map"
    # From the search box: Enter selects the first match, Close gives focus back to the box.
    page.locator(".am-search").fill("sanctions")
    page.locator(".am-search").press("Enter")
    page.wait_for_timeout(400)
    assert page.evaluate("document.activeElement.classList.contains('am-statement')")
    page.get_by_role("button", name="Close the details").click()
    assert page.evaluate("document.activeElement.classList.contains('am-search')")
    # A mouse passing over the map does not take the focus from where the reader types.
    box = page.locator(".am-canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 3)
    assert page.evaluate("document.activeElement.classList.contains('am-search')")


def test_the_live_region_says_a_short_status_not_the_panel(seed_page):
    status = seed_page.page.locator(".am-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert seed_page.page.locator(".am-panel").get_attribute("aria-live") is None
    seed_page.js("map.focus('miller-sanctions-symbolic')")
    text = status.inner_text()
    assert text.startswith("Selected: Japan's sanctions") and len(text) < 160
    seed_page.page.locator(".am-search").fill("sanctions")
    assert status.inner_text().endswith("claims match “sanctions”")


def test_the_list_view_is_a_full_text_alternative_tied_to_the_map(seed_page, seed_map):
    seed_page.page.get_by_role("tab", name="List of claims").click()
    view = seed_page.page.locator(".am-list")
    assert view.is_visible() and seed_page.page.locator(".am-canvas").is_hidden()
    assert view.locator(":scope > ul > li > button").count() == len(seed_map.claims)
    assert view.locator(":scope > ul > li > ul > li").count() == len(seed_map.relations)
    assert f"Showing {len(seed_map.claims)} of {len(seed_map.claims)} claims" in view.inner_text()
    # Articles are listed by source id: Abiru's comes first, so the first of the claims stating this is his.
    view.get_by_role("button", name="Japan's sanctions on Russia were moderate and largely symbolic", exact=True).first.click()
    assert seed_page.page.locator(".am-canvas").is_visible()
    assert seed_page.js("map.network.getSelectedNodes()") == ["abiru-sanctions-moderate"]
    seed_page.page.get_by_role("tab", name="Questions").click()
    questions = seed_page.page.locator(".am-questions")
    assert questions.get_by_role("button", name="Show on the map").count() >= 10


@pytest.mark.parametrize(
    ("viewport", "setup"),
    [
        pytest.param(LAPTOP, "", id="map"),
        pytest.param(LAPTOP, "map.focus('miller-sanctions-symbolic')", id="claim panel"),
        pytest.param(LAPTOP, "map.focus('question:proposition:russia-willing-to-compromise-on-kurils')", id="question panel"),
        pytest.param(LAPTOP, "map.setView('questions')", id="questions view"),
        pytest.param(LAPTOP, "map.setView('list')", id="list view"),
        pytest.param((320, 256), "map.focus('miller-sanctions-symbolic')", id="320 px"),
    ],
)
def test_axe_finds_no_violation(browser, seed_build, viewport, setup):
    visit = Visit(browser, seed_build / "argmap.html", viewport=viewport).open()
    try:
        if setup:
            visit.js(setup)
            visit.page.wait_for_timeout(400)
        assert visit.axe() == []
    finally:
        visit.close()


def test_at_320_px_the_map_keeps_a_usable_height_and_nothing_scrolls_sideways(browser, seed_build):
    visit = Visit(browser, seed_build / "argmap.html", viewport=(320, 256)).open()
    try:
        assert visit.page.locator(".am-canvas").bounding_box()["height"] >= 240
        assert visit.page.evaluate("document.documentElement.scrollWidth") <= 320
        visit.screenshot("seed-map-320.png", full_page=True)
    finally:
        visit.close()


def test_dimmed_labels_keep_3_to_1_against_the_map(seed_page):
    seed_page.js("map.focus('miller-sanctions-symbolic')")
    colours = set(seed_page.js("map.nodes.get({filter: n => n.opacity !== undefined && n.opacity < 1}).map(n => n.font.color)"))
    assert colours, "something is dimmed"
    assert all(contrast(c, "#ffffff") >= 3 for c in colours)


def test_the_date_filter_keeps_only_sources_certainly_inside(seed_page, seed_map):
    seed_page.page.get_by_role("button", name="Show unlinked claims").click()
    seed_page.page.locator(".am-since").select_option("2016-07-23")
    sources = {s.id: s.date for s in seed_map.sources}
    expected = {c.id for c in seed_map.claims if sources[c.source_id] in ("2016-07-23", "2017-01-04", "2017-04-03")}
    assert seed_page.visible_claims() == expected  # Abiru's "2016" may be before July: out
    seed_page.page.locator(".am-until").select_option("2016-07-23")
    assert seed_page.visible_claims() == {c.id for c in seed_map.claims if c.source_id == "russia-direct-2016"}


def test_a_map_of_2000_claims_answers_clicks_and_search(browser, tmp_path):
    from benchmarks.bench_html import synthetic_map

    amap = synthetic_map(2000, tmp_path)
    page = tmp_path / "big.html"
    page.write_text(render_html(amap, model=map_model(amap)), encoding="utf-8")
    visit = Visit(browser, page, viewport=LAPTOP).open()
    try:
        claim = next(c for c in amap.claims if any(r.from_id == c.id for r in amap.relations))
        visit.click_claim(claim.id)
        assert visit.page.locator(".am-details .am-quote").inner_text() == f"“{claim.quote}”"
        visit.page.locator(".am-search").fill("russia")
        heading = visit.page.locator(".am-details .am-heading").inner_text()
        assert "(showing 60 of " in heading
        assert not math.isnan(visit.js("map.network.getScale()"))
        assert visit.errors == []
    finally:
        visit.close()
