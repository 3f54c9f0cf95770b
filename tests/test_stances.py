"""The stance grid: one row per shared question, a cell per author, on maps whose answers are worked out by hand."""

from __future__ import annotations

import csv
import io
import json

import pytest
from argmap import formatting
from argmap.models import ClaimKind
from argmap.stances import Stance, stance_grid

from .handmade import claim, make_map, relation, source

AUTHORS = [source("a", "Ann", "2015-03"), source("b", "Bob", "2016"), source("c", "Cleo", "2016-07-23"),
           source("d", "Dan", None), source("a2", "Ann", "2017-01-10")]


@pytest.fixture(scope="module")
def grid():
    """P: Ann affirms (2015) then denies (2017), Bob affirms, Cleo reports Putin affirming, Dan silent.
    Q (a claim of Bob's, no proposition): Dan's claim contradicts it, Cleo's supports it.
    R (a claim of Cleo's): only Ann's claim supports it, so it is no question (nobody disputes it).
    """
    claims = [
        claim("a-p", "a", proposition="p"),
        claim("a2-not-p", "a2", polarity="denied", proposition="p"),
        claim("b-p", "b", proposition="p"),
        claim("c-putin-p", "c", proposition="p", holder="Vladimir Putin"),
        claim("b-q", "b", "Trade will grow"),
        claim("d-q-no", "d", "Trade will shrink"),
        claim("c-q-yes", "c", "Exports rise"),
        claim("c-r", "c", "Talks resume"),
        claim("a-r", "a", "Diplomats meet"),
    ]
    relations = [relation("d-q-no", "contradicts", "b-q"), relation("c-q-yes", "supports", "b-q"), relation("a-r", "supports", "c-r")]
    return stance_grid(make_map(AUTHORS, claims, relations, {"p": "P holds"}))


def test_rows_are_shared_questions_and_disputed_claims_only(grid):
    assert [r.topic for r in grid.rows] == ["proposition:p", "claim:b-q"]
    assert [a.id for a in grid.authors] == ["ann", "bob", "cleo", "dan"]


def test_cells_on_a_proposition(grid):
    row = grid.row("proposition:p")
    ann, bob, cleo, dan = (row.cell(a) for a in ("ann", "bob", "cleo", "dan"))
    # Ann changed her mind: her latest source (2017) denies it; both claims stay listed, oldest first.
    assert (ann.stance, ann.date, ann.claims) == (Stance.DENIES, "2017-01-10", ("a-p", "a2-not-p"))
    assert (bob.stance, bob.date, bob.claims) == (Stance.AFFIRMS, "2016", ("b-p",))
    assert cleo.stance is Stance.REPORTS and [(v.holder, v.stance) for v in cleo.reported] == [("Vladimir Putin", Stance.AFFIRMS)]
    assert dan.stance is Stance.SILENT and dan.claims == () and "dan" not in row.cells
    assert row.contested and row.text == "P holds"
    # Positions over time: every source's position, oldest first.
    assert [(p.date, p.author, p.stance.value, p.holder) for p in row.timeline] == [
        ("2015-03", "ann", "affirms", None), ("2016", "bob", "affirms", None),
        ("2016-07-23", "cleo", "affirms", "Vladimir Putin"), ("2017-01-10", "ann", "denies", None)]


def test_cells_implied_by_relations_to_a_disputed_claim(grid):
    row = grid.row("claim:b-q")
    assert row.text == "Trade will grow" and row.contested
    assert (row.cells["bob"].stance, row.cells["bob"].implied) == (Stance.AFFIRMS, False)
    assert (row.cells["dan"].stance, row.cells["dan"].implied, row.cells["dan"].claims) == (Stance.DENIES, True, ("d-q-no",))
    assert (row.cells["cleo"].stance, row.cells["cleo"].implied) == (Stance.AFFIRMS, True)
    assert row.cell("ann").stance is Stance.SILENT


def test_a_denied_claim_supported_by_another_is_denied_by_both():
    amap = make_map([source("a", "Ann", "2015"), source("b", "Bob", "2016")],
                    [claim("a-x", "a", "Russia will compromise", polarity="denied"), claim("b-y", "b", "No deal soon"),
                     claim("b-z", "b", "Talks stall")],
                    [relation("b-y", "supports", "a-x")])
    assert stance_grid(amap).rows == ()  # agreement on a claim of its own is no question
    amap = make_map([source("a", "Ann", "2015"), source("b", "Bob", "2016")],
                    [claim("a-x", "a", "Russia will compromise", polarity="denied"), claim("b-y", "b", "A deal is near")],
                    [relation("b-y", "contradicts", "a-x")])
    (row,) = stance_grid(amap).rows
    assert (row.cells["ann"].stance, row.cells["bob"].stance) == (Stance.DENIES, Stance.AFFIRMS)


def test_a_prediction_checked_by_a_later_fact_implies_no_stance():
    amap = make_map([source("s", "Streltsov", "2015-02-02"), source("r", "Russia Direct", "2016-07-23")],
                    [claim("s-no-deal", "s", "No deal will come soon", kind=ClaimKind.PREDICTION),
                     claim("r-deal", "r", "A deal came", kind=ClaimKind.FACT)],
                    [relation("r-deal", "contradicts", "s-no-deal")])
    assert stance_grid(amap).rows == ()


def test_seed_grid_rows_have_several_voices_and_every_stated_claim_in_its_cell(seed_map):
    amap = seed_map
    grid = stance_grid(amap)
    assert grid.rows
    author_of = {c.id: next(s.author.id for s in amap.sources if s.id == c.source_id) for c in amap.claims}
    for row in grid.rows:
        assert len(row.speaking()) >= 2
        for c in amap.claims:
            if row.proposition and c.proposition_id == row.proposition and not c.holder:
                assert c.id in row.cells[author_of[c.id]].claims
    us_russia = grid.row("proposition:us-russia-relations-shape-japan-russia-relations")
    assert not us_russia.contested


def test_formats(grid):
    record = json.loads(formatting.format_stances(grid, "json"))[0]
    assert record["proposition"] == "p" and record["text"] == "P holds"
    assert record["cells"]["Ann"] == {"stance": "denies", "claims": ["a-p", "a2-not-p"], "date": "2017-01-10"}
    assert "Dan" not in record["cells"]  # silent: not listed
    assert record["cells"]["Cleo"]["reported"] == [{"holder": "Vladimir Putin", "stance": "affirms", "claims": ["c-putin-p"]}]
    lines = list(csv.reader(io.StringIO(formatting.format_stances(grid, "csv"))))
    assert lines[0][:6] == ["topic", "proposition", "text", "author", "stance", "date"]
    assert ["proposition:p", "p", "P holds", "Bob", "affirms", "2016"] in [line[:6] for line in lines]
    assert not any(line[4] == "silent" for line in lines[1:])
    table = formatting.format_stances(grid, "table").splitlines()
    assert table[0].split() == ["question", "contested", "Ann", "Bob", "Cleo", "Dan"]
    assert "denies 2017-01-10" in table[2] and "reports Vladimir Putin (affirms)" in table[2]
    md = formatting.format_stances(grid, "md")
    assert md.startswith("| question | contested | Ann | Bob | Cleo | Dan |")


def test_mini_corpus_grid_reports_moscow_for_both(mini_map):
    grid = stance_grid(mini_map)
    row = grid.row("proposition:russia-sees-japan-not-independent")
    assert {a: c.stance for a, c in row.cells.items()} == {"ann-alpha": Stance.REPORTS, "beta-weekly": Stance.REPORTS}
