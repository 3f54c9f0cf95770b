"""Partial dates as day ranges, the --since/--until window, and what it leaves out for want of a precise date."""

from __future__ import annotations

import datetime as dt

import pytest
from argmap.chronology import DateError, DayRange, Window, certainly_before, day_range, restrict

from .handmade import claim, make_map, relation, source

D = dt.date


@pytest.mark.parametrize(
    ("partial", "first", "last"),
    [
        ("2016", D(2016, 1, 1), D(2016, 12, 31)),
        ("2016-02", D(2016, 2, 1), D(2016, 2, 29)),  # a leap year
        ("2015-02", D(2015, 2, 1), D(2015, 2, 28)),
        ("2016-07-23", D(2016, 7, 23), D(2016, 7, 23)),
    ],
)
def test_a_partial_date_stands_for_a_range_of_days(partial, first, last):
    assert day_range(partial) == DayRange(first, last)


@pytest.mark.parametrize("bad", ["yesterday", "2016-13", "2016-02-30", "16", "2016/07", "2016-7", " 2016", ""])
def test_what_is_not_a_date_is_refused_with_the_forms_that_are(bad):
    with pytest.raises(DateError, match="is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"):
        day_range(bad)


def test_a_window_backwards_is_refused():
    with pytest.raises(DateError, match="--since 2017 is after --until 2016-06"):
        Window(since="2017", until="2016-06")
    Window(since="2016", until="2016")  # one year: fine


def test_before_is_only_what_is_certain():
    assert certainly_before(day_range("2015"), day_range("2016-01-01"))
    assert not certainly_before(day_range("2016"), day_range("2016-07-23"))  # 2016 may be August
    assert not certainly_before(None, day_range("2016"))


def test_window_keeps_sources_wholly_inside_and_names_the_uncertain(mini_map):
    # alpha: 2017-04-03; beta: "2016" (any day of that year).
    amap = mini_map
    cases = {
        Window(since="2017"): ({"alpha"}, set()),
        Window(until="2016"): ({"beta"}, set()),
        Window(since="2016-06"): ({"alpha"}, {"beta"}),  # beta may be from before June
        Window(since="2015", until="2016-12-31"): ({"beta"}, set()),
        Window(since="2018"): (set(), set()),
        Window(): ({"alpha", "beta"}, set()),
    }
    for window, (kept, uncertain) in cases.items():
        cut = restrict(amap, window)
        assert {s.id for s in cut.amap.sources} == kept, window
        assert {s.id for s in cut.uncertain} == uncertain, window
        assert {c.source_id for c in cut.amap.claims} <= kept
        ids = {c.id for c in cut.amap.claims}
        assert all(r.from_id in ids and r.to_id in ids for r in cut.amap.relations)
    note = restrict(amap, Window(since="2016-06")).note(Window(since="2016-06"))
    assert note == "left out 1 source(s) whose date is not certainly since 2016-06: beta (2016)"


def test_an_undated_source_is_outside_every_bounded_window():
    amap = make_map([source("a", "Ann", None), source("b", "Bob", "2016")],
                    [claim("a-x", "a"), claim("b-y", "b")], [relation("a-x", "supports", "b-y")])
    cut = restrict(amap, Window(until="2020"))
    assert [s.id for s in cut.amap.sources] == ["b"] and [s.id for s in cut.uncertain] == ["a"]
    assert cut.amap.relations == ()


def test_the_turtle_flags_a_prediction_borne_out_and_keeps_the_support():
    from argmap.models import ClaimKind
    from argmap.rdf import to_triples, to_turtle
    from rdflib import Graph

    amap = make_map([source("s15", "Streltsov", "2015-02-02"), source("rd16", "Russia Direct", "2016-07-23")],
                    [claim("s-no-deal", "s15", polarity="denied", proposition="k", kind=ClaimKind.PREDICTION),
                     claim("rd-no-deal", "rd16", polarity="denied", proposition="k", kind=ClaimKind.FACT)],
                    propositions={"k": "A breakthrough is likely"})
    graph = Graph().parse(data=to_turtle(to_triples(amap)), format="turtle")
    rows = list(graph.query("""PREFIX am: <https://w3id.org/argmap/ns#>
        SELECT ?a ?b ?outcome WHERE { ?r am:from ?a ; am:to ?b ; am:outcome ?outcome . ?a am:supports ?b }"""))
    assert [(str(a).rsplit("/", 1)[1], str(b).rsplit("/", 1)[1], str(o).rsplit("#", 1)[1]) for a, b, o in rows] == [
        ("rd-no-deal", "s-no-deal", "BorneOut")]
