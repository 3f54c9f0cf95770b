"""argmap report: what the HTML and Markdown reports say, that they are deterministic, and escaped.

The page itself (offline, the map inside it working) is tested in a real browser in
test_report_browser.py; here the HTML is parsed with lxml and compared with the analysis results
and with the built graph (SPARQL over the Turtle), never with hard-coded counts.
"""

from __future__ import annotations

import hashlib
import shutil

import pytest
from lxml import etree
from lxml import html as lxml_html
from rdflib import Graph

from argmap import analyze, pipeline
from argmap.options import BuildOptions
from argmap.cli import main
from argmap.report_document import md_text

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


def test_a_known_contested_claim_appears_with_its_quote_source_and_opponents(page):
    # From the curated seeds: Intersection denies that closer ties with Japan would reduce Russia's
    # dependence on China; Russia Direct's claim contradicts it, Miller's supports it. (Miller's
    # report of Japan's opposite view is a reported view, so it is not counted against it.)
    rows = {row[0].rsplit(" ", 1)[-1]: row for row in section_rows(page, "contested")}
    row = rows["intersection-no-evidence-less-dependence"]
    assert row[0].startswith("(denies) Closer ties with Japan would reduce Russia's dependence on China")
    assert row[1] == "there is no evidence that a treaty with Japan will reduce Russia’s increasing economic-political dependence on China"
    assert row[2].startswith("Intersection, ")
    assert row[4] == "Russia Direct"


def test_consensus_and_contested_tables_list_exactly_what_the_analysis_finds(page, seed_map):
    for section, standings in (("consensus", analyze.consensus_claims(seed_map)), ("contested", analyze.contested_claims(seed_map))):
        rows = section_rows(page, section)
        assert standings, f"the seed corpus has {section} claims"
        assert [r[0].rsplit(" ", 1)[-1] for r in rows] == [s.claim.id for s in standings]
        for row, s in zip(rows, standings):
            assert row[1] == " ".join(s.claim.quote.split())
            assert row[3] == ", ".join(a.name for a in s.endorsers)


def test_summary_counts_agree_with_the_built_graph(page, seed_build):
    graph = Graph().parse(seed_build / "argmap.ttl", format="turtle")
    counts = {row[0]: int(row[1]) for row in section_rows(page, "summary")}
    assert counts["sources"] == count(graph, "?x a am:Source")
    assert counts["authors"] == count(graph, "?x a am:Author")
    assert counts["claims, curated"] == count(graph, "?x a am:Claim ; am:method am:Curated")
    assert counts["claims, rule-extracted"] == count(graph, "?x a am:Claim ; am:method am:RuleExtracted")
    assert counts["relations, contradicts (curated)"] == count(graph, "?x a am:Contradiction ; am:method am:Curated")
    assert counts["relations, supports (derived)"] == count(graph, "?x a am:Support ; am:method am:Derived")
    assert counts["RDF triples"] == len(graph)


def test_heatmap_is_inline_svg_naming_every_author(page, seed_map):
    (svg,) = page.xpath('//section[@id="agreement"]//*[local-name()="svg"]')
    text = " ".join(" ".join(t.itertext()) for t in svg.xpath('.//*[local-name()="text"]'))
    for source in seed_map.sources:
        assert source.author.name in text
    matrix = analyze.agreement_matrix(seed_map)
    pair = max(matrix.pairs, key=lambda p: p.supports + p.contradicts)
    assert f"{pair.supports} sup / {pair.contradicts} con" in text  # the busiest pair's cell
    assert not page.xpath("//img | //link | //*[@src]"), "nothing is fetched: no images, links or sources"


def test_how_this_was_made_lists_rules_and_the_hash_of_every_input(page, seed_map):
    rules = {row[0]: row for row in section_rows(page, "method") if len(row) == 4}
    assert set(rules) == {r.name for r in seed_map.rules}
    assert sum(int(r[3]) for r in rules.values()) == sum(1 for c in seed_map.claims if c.rule is not None)
    hashes = {row[0]: row[1] for row in section_rows(page, "method") if len(row) == 2}
    for article in sorted((SEEDS / "articles").glob("*.txt")):
        assert hashes[f"articles/{article.name}"] == hashlib.sha256(article.read_bytes()).hexdigest()
    assert {"sources.yaml", "relations.yaml", "rules: rules.yaml", "gazetteer: gazetteer.yaml"} <= set(hashes)


def test_markdown_report_has_the_heatmap_as_a_table_and_the_contested_quotes(seed_report, seed_map):
    text = (seed_report / "report.md").read_text(encoding="utf-8")
    matrix = analyze.agreement_matrix(seed_map)
    pair = max(matrix.pairs, key=lambda p: p.supports + p.contradicts)
    row = next(line for line in text.splitlines() if line.startswith(f"| **{pair.author_a.name}** |"))
    assert f"{pair.agreement_index:+.2f} ({pair.supports}/{pair.contradicts})" in row
    contested = analyze.contested_claims(seed_map)[0]
    line = next(line for line in text.splitlines() if f"(`{contested.claim.id}`)" in line)
    assert "“" + md_text(contested.claim.quote) + "”" in line
    assert "## How this was made" in text and "<script" not in text


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
    changed = {a.name for a, b in zip(before, after) if a.sha256 != b.sha256}
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
