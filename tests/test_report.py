"""argmap report: what the HTML and Markdown reports say, that they are deterministic, and escaped.

The page itself (offline, the map inside it working) is tested in a real browser in
test_report_browser.py; here the HTML is parsed with lxml and compared with the analysis results
and with the built graph (SPARQL over the Turtle), never with hard-coded counts.
"""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest
from argmap import analyze, pipeline
from argmap.chronology import Window
from argmap.cli import main
from argmap.formatting import md_text
from argmap.html_views import heatmap_shade
from argmap.options import BuildOptions
from argmap.stances import stance_grid, topic_of
from lxml import etree
from lxml import html as lxml_html
from rdflib import Graph

from .conftest import DATA, SEEDS

XSS = DATA / "xss"
PAYLOADS = ("<img src=x onerror=alert(1)>", "<script>alert(1)</script>")
AM = "https://w3id.org/argmap/ns#"


@pytest.fixture(scope="session")
def page(seed_report):
    return lxml_html.fromstring((seed_report / "report.html").read_text(encoding="utf-8"))


def section_rows(page, section: str) -> list[list[str]]:
    """The cells' text of every body row of the tables in one section of the report."""
    return [[" ".join(" ".join(td.itertext()).split()) for td in tr.findall("td")] for tr in page.xpath(f'//section[@id="{section}"]//table/tbody/tr')]


def count(graph: Graph, where: str) -> int:
    return int(next(iter(graph.query(f"PREFIX am: <{AM}> SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")))[0])


def test_a_known_contested_question_appears_once_with_every_quote_source_and_opponent(page):
    # From the curated seeds: Intersection denies that closer ties with Japan would reduce Russia's
    # dependence on China; Russia Direct's claim contradicts it, Miller's supports it. (Miller's
    # report of Japan's opposite view is a reported view, so it is not counted against it.) Claims
    # stating one proposition share one row: it is one question, whoever states it.
    rows = [row for row in section_rows(page, "contested") if "intersection-no-evidence-less-dependence" in row[0]]
    (row,) = rows
    assert "(denies) Closer ties with Japan would reduce Russia's dependence on China" in row[0]
    assert "there is no evidence that a treaty with Japan will reduce Russia’s increasing economic-political dependence on China" in row[1]
    assert "Intersection, " in row[2]
    assert "Russia Direct" in row[4]


def test_consensus_and_contested_tables_hold_exactly_what_the_analysis_finds_one_row_per_question(page, seed_map):
    for section, standings in (("consensus", analyze.consensus_claims(seed_map)), ("contested", analyze.contested_claims(seed_map))):
        rows = section_rows(page, section)
        assert standings, f"the seed corpus has {section} claims"
        listed = [cid for row in rows for cid in re.findall(r"\b[a-z]+(?:-[a-z0-9]+)+\b", row[0]) if cid in {s.claim.id for s in standings}]
        assert sorted(listed) == sorted(s.claim.id for s in standings)
        assert len(rows) == len({topic_of(s.claim) for s in standings})  # one row per question
    shared = [row for row in section_rows(page, "consensus") if "streltsov-us-russia-shape" in row[0]]
    assert len(shared) == 1 and all(c in shared[0][0] for c in ("abiru-us-russia-obstacle", "rd-hard-to-insulate-from-us-russia"))


def test_the_first_screen_says_who_agrees_with_whom_on_what_how_strongly_and_since_when(page, seed_map):
    text = " ".join(page.xpath('//section[@id="glance"]//ul[@class="glance"]')[0].text_content().split())
    matrix = analyze.agreement_matrix(seed_map)
    best = max((p for p in matrix.pairs if p.shrunken_index > 0), key=lambda p: (p.shrunken_index, p.n))
    assert (f"Most in agreement: {best.author_a.name} and {best.author_b.name} — agree on {best.supports} of the {best.n} "
            f"questions where they meet (index {best.agreement_index:+.2f}, 95% interval {best.interval[0]:+.2f} to "
            f"{best.interval[1]:+.2f}), since {best.since}") in text
    assert "Most at odds:" in text and "Most contested question" in text
    assert "Forecasts checked by later facts: 1 borne out, 1 refuted" in text
    rows = section_rows(page, "glance")
    by_pair = {row[0]: row for row in rows}
    for pair in matrix.pairs:
        row = by_pair[f"{pair.author_a.name} & {pair.author_b.name}"]
        assert row[1:5] == [str(pair.supports), str(pair.contradicts), str(pair.n), f"{pair.agreement_index:+.2f}"]
        assert row[6] == (pair.since or "undated")


def test_the_stance_grid_has_a_row_per_question_and_a_cell_per_author(page, seed_map):
    grid = stance_grid(seed_map)
    table = page.xpath('//section[@id="stances"]//table[@class="grid"]')[0]
    header = [" ".join(th.itertext()).strip() for th in table.xpath("./thead/tr/th")]
    speaking = [a for a in grid.authors if any(a.id in r.cells for r in grid.rows)]
    assert header == ["question", *(a.name for a in speaking)]
    rows = table.xpath("./tbody/tr")
    assert len(rows) == len(grid.rows)
    for tr, row in zip(rows, grid.rows, strict=True):
        assert " ".join(tr.xpath("./th")[0].itertext()).startswith(row.text)
        for td, author in zip(tr.xpath("./td"), speaking, strict=True):
            cell = row.cell(author.id)
            assert (td.get("class") or "").split()[-1] == ("silent" if cell.stance.value == "silent" else cell.stance.value)
            for claim_id in cell.claims:  # the quotes on hover
                assert next(c.quote for c in seed_map.claims if c.id == claim_id) in td.get("title")


def test_positions_over_time_are_in_order_with_their_quotes(page, seed_map):
    grid = stance_grid(seed_map)
    lists = page.xpath('//section[@id="time"]//ol[@class="timeline"]')
    assert len(lists) == len(grid.rows)
    for ol, row in zip(lists, grid.rows, strict=True):
        dates = [li.xpath('./span[@class="when"]')[0].text for li in ol.xpath("./li")]
        assert dates == [p.date or "undated" for p in row.timeline]


def test_summary_counts_agree_with_the_built_graph(page, seed_build):
    graph = Graph().parse(seed_build / "argmap.ttl", format="turtle")
    counts = {row[0]: int(row[1]) for row in section_rows(page, "method") if len(row) == 2 and row[1].isdigit()}
    assert counts["sources"] == count(graph, "?x a am:Source")
    assert counts["authors"] == count(graph, "?x a am:Author")
    assert counts["claims, curated"] == count(graph, "?x a am:Claim ; am:method am:Curated")
    assert counts["claims, rule-extracted"] == count(graph, "?x a am:Claim ; am:method am:RuleExtracted")
    assert counts["relations, contradicts (curated)"] == count(graph, "?x a am:Contradiction ; am:method am:Curated")
    assert counts["relations, supports (derived)"] == count(graph, "?x a am:Support ; am:method am:Derived")
    assert counts["RDF triples"] == len(graph)


def test_heatmap_is_inline_svg_naming_every_author_shaded_by_the_evidence(page, seed_map):
    (svg,) = page.xpath('//section[@id="glance"]//*[local-name()="svg"]')
    text = " ".join(" ".join(t.itertext()) for t in svg.xpath('.//*[local-name()="text"]'))
    for source in seed_map.sources:
        assert source.author.name in text
    matrix = analyze.agreement_matrix(seed_map)
    authors = [a.id for a in matrix.authors]
    for pair in matrix.pairs:
        i, j = authors.index(pair.author_a.id), authors.index(pair.author_b.id)
        cell = svg.xpath(f'.//*[@id="cell-{i}-{j}"]//*[local-name()="path"]')[0]
        assert heatmap_shade(pair.shrunken_index) in cell.get("style")
        label = " ".join(" ".join(svg.xpath(f'.//*[@id="text-{i}-{j}"]')[0].itertext()).split())
        assert label == f"{pair.agreement_index:+.2f} n = {pair.n}"
    # Thin evidence looks thin: a pair that met once is paler than one that met nine times, both unanimous.
    assert heatmap_shade(1 / 3) != heatmap_shade(9 / 11)
    assert not page.xpath("//img | //link | //*[@src]"), "nothing is fetched: no images, links or sources"
    figure = page.xpath('//section[@id="glance"]//figure[@role="img"]')[0]
    assert "Strongest agreement" in figure.get("aria-label")


def test_how_this_was_made_lists_rules_and_the_hash_of_every_input(page, seed_map):
    rules = {row[0]: row for row in section_rows(page, "method") if len(row) == 4}
    assert set(rules) == {r.name for r in seed_map.rules}
    assert sum(int(r[3]) for r in rules.values()) == sum(1 for c in seed_map.claims if c.rule is not None)
    hashes = {row[0]: row[1] for row in section_rows(page, "method") if len(row) == 2}
    for article in sorted((SEEDS / "articles").glob("*.txt")):
        assert hashes[f"articles/{article.name}"] == hashlib.sha256(article.read_bytes()).hexdigest()
    assert {"sources.yaml", "relations.yaml", "rules: rules.yaml", "gazetteer: gazetteer.yaml"} <= set(hashes)


def test_markdown_report_has_the_agreement_stances_and_the_contested_quotes(seed_report, seed_map):
    text = (seed_report / "report.md").read_text(encoding="utf-8")
    matrix = analyze.agreement_matrix(seed_map)
    pair = max(matrix.pairs, key=lambda p: p.n)
    row = next(line for line in text.splitlines() if line.startswith(f"| **{pair.author_a.name}** |"))
    assert f"{pair.agreement_index:+.2f} (n={pair.n})" in row
    assert f"| {pair.author_a.name} and {pair.author_b.name} | {pair.supports} | {pair.contradicts} | {pair.n} |" in text
    contested = analyze.contested_claims(seed_map)[0]
    line = next(line for line in text.splitlines() if f"(`{contested.claim.id}`)" in line)
    assert "“" + md_text(contested.claim.quote) + "”" in line
    for heading in ("## At a glance", "## Where each author stands", "## Positions over time", "## How this was made"):
        assert heading in text
    assert "<script" not in text


def test_a_report_against_an_earlier_build_says_what_changed(tmp_path, mini_build):
    seeds = tmp_path / "seeds"
    shutil.copytree(DATA / "mini", seeds)
    relations = seeds / "relations.yaml"
    relations.write_text(relations.read_text(encoding="utf-8").replace("type: contradicts", "type: supports"), encoding="utf-8")
    page = lxml_html.fromstring(pipeline.report(BuildOptions(seeds), "html", against=mini_build))
    text = " ".join(page.xpath('//section[@id="changes"]')[0].text_content().split())
    assert text.startswith(f"What changed since {mini_build} +1 −1 relations,")
    assert ["beta-sanctions-sectoral--supports--alpha-sanctions-moderate", "added"] in [row[:2] for row in section_rows(page, "changes")]
    assert "What changed" in pipeline.report(BuildOptions(seeds), "md", against=mini_build)


def test_the_window_cuts_the_report_and_says_so(seed_map):
    text = pipeline.report(BuildOptions(SEEDS), "md", window=Window(since="2016-06"))
    assert "Sources since 2016-06 only; left out 1 source(s) whose date is not certainly since 2016-06: abiru-2016 (2016)." in text
    assert "Taisuke Abiru" not in text.split("## How this was made")[0]


def test_same_inputs_give_the_same_bytes_and_the_date_is_never_the_clock(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = pipeline.report(BuildOptions(DATA / "mini"), "html")
    assert pipeline.report(BuildOptions(DATA / "mini"), "html") == first
    assert pipeline.report(BuildOptions(DATA / "mini"), "md") == pipeline.report(BuildOptions(DATA / "mini"), "md")
    newest = max(s.date for s in pipeline.check(BuildOptions(DATA / "mini")).sources if s.date)
    assert f"Dated {newest} (the newest source's date)" in " ".join(lxml_html.fromstring(first).text_content().split())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert "dated 2023-11-14 (SOURCE_DATE_EPOCH)" in pipeline.report(BuildOptions(DATA / "mini"), "md")
    assert "dated 2001-02 (given with --date)" in pipeline.report(BuildOptions(DATA / "mini"), "md", date="2001-02")


def test_an_edited_article_changes_its_hash_in_the_report(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(DATA / "mini", seeds)
    before = pipeline.report_data(BuildOptions(seeds), with_map=False).inputs
    article = next((seeds / "articles").glob("*.txt"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    after = pipeline.report_data(BuildOptions(seeds), with_map=False).inputs
    changed = {a.name for a, b in zip(before, after, strict=True) if a.sha256 != b.sha256}
    assert changed == {f"articles/{article.name}"}


def test_hostile_corpus_is_escaped_in_html_and_markdown():
    page_text = pipeline.report(BuildOptions(XSS), "html")
    for payload in PAYLOADS:
        assert payload not in page_text
    tree = lxml_html.fromstring(page_text)
    assert "Mallory <img src=x onerror=alert(1)>" in tree.text_content()  # shown as text
    assert not tree.xpath("//img | //*[@onerror] | //*[@onmouseover]")
    # Every script is the map's own: its JSON data, or its code (which holds no corpus text).
    assert all(s.get("type") in ("application/json", None) for s in tree.xpath("//script"))
    svg = tree.xpath('//*[local-name()="svg"]')[0]
    etree.fromstring(etree.tostring(svg))  # still well-formed XML
    markdown = pipeline.report(BuildOptions(XSS), "md")
    for payload in PAYLOADS:
        assert payload not in markdown
    assert "Mallory &lt;img src=x onerror=alert(1)&gt;" in markdown
    assert "(https://example.org/evil?q=%3Cscript%3Ealert%281%29%3C/script%3E)" in markdown


def test_cli_report_writes_html_and_markdown(tmp_path, capsys):
    assert main(["report", "--seeds", str(DATA / "mini"), "--out", str(tmp_path / "r.html")]) == 0
    assert capsys.readouterr().out == f"wrote {tmp_path / 'r.html'}\n"
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["report", "--seeds", str(DATA / "mini"), "--format", "md", "--date", "2020", "--out", str(tmp_path / "r.md")]) == 0
    assert "dated 2020 (given with --date)" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_cli_report_rejects_a_bad_date_and_bad_seeds(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--seeds", str(DATA / "mini"), "--date", "yesterday"])
    assert exit_info.value.code == 2
    assert "'yesterday' is not a date" in capsys.readouterr().err
    assert main(["report", "--seeds", str(tmp_path / "missing"), "--out", str(tmp_path / "r.html")]) == 1
    assert "seeds folder not found" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_references_are_rendered_by_citeproc_from_the_csl_items(page):
    entries = [" ".join(li.text_content().split()) for li in page.xpath('//section[@id="sources"]//li')]
    assert "Miller, C. (2017) “Japan–Russia Relations: The View from Moscow”." in entries
    # An unsigned article: its title leads (no author is invented), once.
    unsigned = next(e for e in entries if "Searching for a common ground" in e)
    assert unsigned == "“Searching for a common ground in Russia-Japan relations” (2016). Russia Direct."
    assert len(entries) == 5


def test_heatmap_text_keeps_4_5_to_1_on_every_shade_the_scale_can_give():
    from argmap.html_views import HEATMAP_TEXT

    from .browser_tools import contrast

    shades = [heatmap_shade(i / 100 - 1) for i in range(201)]  # the index scale, -1 to +1, in steps of 0.01
    assert min(contrast(HEATMAP_TEXT, shade) for shade in shades) >= 4.5
