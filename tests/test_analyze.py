"""Analysis: agreement matrix (worked examples counted by hand), consensus / contested / most discussed, grounded semantics."""

from __future__ import annotations

import pytest
from argmap import analyze
from argmap.analyze import EvidencePoint, Label, grounded_labelling
from argmap.chronology import Outcome, PredictionCheck, prediction_checks
from argmap.models import Author, ClaimKind
from hypothesis import given, settings
from hypothesis import strategies as st

from .handmade import claim, make_map, relation, source

IN, OUT, UNDEC = Label.ACCEPTED, Label.REJECTED, Label.UNDECIDED


# ---------------------------------------------------------------- grounded semantics, textbook frameworks


@pytest.mark.parametrize(
    ("arguments", "attacks", "expected"),
    [
        pytest.param("a", [], {"a": IN}, id="lone argument"),
        pytest.param("abc", [("a", "b"), ("b", "c")], {"a": IN, "b": OUT, "c": IN}, id="unattacked chain reinstates"),
        pytest.param("abcd", [("a", "b"), ("b", "c"), ("c", "d")], {"a": IN, "b": OUT, "c": IN, "d": OUT}, id="chain of four"),
        pytest.param("ab", [("a", "b"), ("b", "a")], {"a": UNDEC, "b": UNDEC}, id="even cycle"),
        pytest.param("abc", [("a", "b"), ("b", "c"), ("c", "a")], {"a": UNDEC, "b": UNDEC, "c": UNDEC}, id="odd cycle"),
        pytest.param("a", [("a", "a")], {"a": UNDEC}, id="self-attack"),
        pytest.param("ab", [("a", "a"), ("a", "b")], {"a": UNDEC, "b": UNDEC}, id="self-attacker attacks"),
        pytest.param("ab", [("a", "a"), ("b", "a")], {"a": OUT, "b": IN}, id="self-attacker defeated"),
        pytest.param("abc", [("a", "b"), ("b", "a"), ("c", "b")], {"a": IN, "b": OUT, "c": IN}, id="even cycle broken from outside"),
        pytest.param("abcd", [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")], {"a": UNDEC, "b": UNDEC, "c": UNDEC, "d": UNDEC}, id="odd cycle taints its target"),
        pytest.param("abc", [("a", "b"), ("a", "b"), ("b", "c")], {"a": IN, "b": OUT, "c": IN}, id="duplicate attack"),
    ],
)
def test_grounded_labelling_on_textbook_frameworks(arguments, attacks, expected):
    assert grounded_labelling(list(arguments), attacks) == expected


def _grounded_by_definition(arguments: list[int], attacks: set[tuple[int, int]]) -> set[int]:
    """The least fixpoint of Dung's characteristic function F(S) = {a | S defends a}, iterated from ∅."""
    extension: set[int] = set()
    while True:
        defended = {
            a for a in arguments
            if all(any((d, b) in attacks for d in extension) for b in arguments if (b, a) in attacks)
        }
        if defended == extension:
            return extension
        extension = defended


@st.composite
def frameworks(draw):
    n = draw(st.integers(min_value=0, max_value=7))
    arguments = list(range(n))
    attacks = draw(st.sets(st.tuples(st.sampled_from(arguments), st.sampled_from(arguments)))) if n else set()
    return arguments, attacks


@settings(max_examples=300, deadline=None)
@given(frameworks())
def test_grounded_labelling_matches_the_characteristic_function(framework):
    arguments, attacks = framework
    labels = grounded_labelling(arguments, attacks)
    accepted = _grounded_by_definition(arguments, attacks)
    assert {a for a, label in labels.items() if label is IN} == accepted
    assert {a for a, label in labels.items() if label is OUT} == {b for (a, b) in attacks if a in accepted}


def test_attack_on_an_unknown_argument_is_an_error():
    with pytest.raises(KeyError):
        grounded_labelling(["a"], [("a", "z")])


# ---------------------------------------------------------------- agreement matrix: worked examples

# Four authors who all affirm one proposition P; Ann also makes claim q, which Cleo's claim r contradicts.
FOUR = [source("a", "Ann", "2015"), source("b", "Bob", "2016-03"), source("c", "Cleo", "2016-07-23"), source("d", "Dan", None)]
ON_P = [claim(f"{s.id}-p", s.id, proposition="p") for s in FOUR]
CLASH = [claim("a-q", "a", "Trade will grow"), claim("c-r", "c", "Trade will shrink")]


@pytest.fixture(scope="module")
def four_authors():
    # Besides the six derived supports on P (one per pair), Ann and Bob also drew a curated
    # support between their claims on P: still one point of agreement for them, not two.
    return make_map(FOUR, [*ON_P, *CLASH], [relation("a-p", "supports", "b-p"), relation("c-r", "contradicts", "a-q")], {"p": "P holds"})


def test_one_proposition_stated_by_four_authors_is_one_point_per_pair(four_authors):
    matrix = analyze.agreement_matrix(four_authors)
    assert len(matrix.pairs) == 6  # every pair of the four meets on P
    ab = matrix.pair("bob", "ann")
    assert (ab.supports, ab.contradicts, ab.n, ab.relations) == (1, 0, 1, 1)  # the curated support replaced the derived one
    for a, b in (("ann", "dan"), ("bob", "cleo"), ("bob", "dan"), ("cleo", "dan")):
        pair = matrix.pair(a, b)
        assert (pair.supports, pair.contradicts, pair.n) == (1, 0, 1), (a, b)
        assert pair.agreement_index == 1.0 and pair.shrunken_index == pytest.approx(1 / 3)
    # Ann and Cleo agree on P and clash on trade: one point each way.
    ac = matrix.pair("ann", "cleo")
    assert (ac.supports, ac.contradicts, ac.n, ac.agreement_index, ac.shrunken_index) == (1, 1, 2, 0.0, 0.0)
    assert [p.topics for p in ac.points] == [("claim:a-q", "claim:c-r"), ("proposition:p",)]
    assert matrix.questions["proposition:p"] == "P holds"


def test_a_point_is_dated_when_both_had_said_it(four_authors):
    matrix = analyze.agreement_matrix(four_authors)
    assert matrix.pair("ann", "bob").since == "2016-03"  # Ann in 2015, Bob in March 2016
    assert matrix.pair("ann", "cleo").since == "2016-07-23"
    assert matrix.pair("bob", "cleo").points[0].date == "2016-07-23"
    assert matrix.pair("ann", "dan").since is None  # Dan's article is undated


def test_mini_corpus_pair(mini_map):
    # Ann Alpha and Beta Weekly both report Moscow's view that Japan is not independent (one point
    # of agreement) and clash on the sanctions (one point of disagreement): 1 and 1.
    pair = analyze.agreement_matrix(mini_map).pair("beta-weekly", "ann-alpha")
    assert (pair.author_a.id, pair.author_b.id) == ("ann-alpha", "beta-weekly")
    assert (pair.supports, pair.contradicts, pair.n, pair.agreement_index) == (1, 1, 2, 0.0)


@pytest.mark.parametrize(
    ("supports", "contradicts", "shrunken", "interval"),
    [
        # p ~ Beta(s + 1, c + 1); the index is 2p - 1. Quantiles worked out by hand:
        # no evidence: the uniform prior, whose 2.5% and 97.5% points are 0.025 and 0.975.
        pytest.param(0, 0, 0.0, (-0.95, 0.95), id="no evidence"),
        # Beta(2, 1) has CDF x^2: x = sqrt(0.025) = 0.158114, sqrt(0.975) = 0.987421.
        pytest.param(1, 0, 1 / 3, (-0.683772, 0.974842), id="one support"),
        pytest.param(0, 1, -1 / 3, (-0.974842, 0.683772), id="one contradiction"),
        # Beta(10, 1) has CDF x^10: x = 0.025^0.1 = 0.691503, 0.975^0.1 = 0.997471.
        pytest.param(9, 0, 9 / 11, (0.383006, 0.994943), id="nine supports"),
        # Beta(2, 2) has CDF 3x^2 - 2x^3, which is 0.025 at x = 0.094299 (and 0.975 at 1 - x).
        pytest.param(1, 1, 0.0, (-0.811401, 0.811401), id="one each"),
    ],
)
def test_shrunken_index_and_interval_on_worked_examples(supports, contradicts, shrunken, interval):
    a, b = Author(id="a", name="A", kind="person"), Author(id="b", name="B", kind="person")
    points = tuple(EvidencePoint(kind=kind, topics=(f"claim:{kind}{i}",), relations=(f"r{kind}{i}",), date=None)
                   for kind, count in (("supports", supports), ("contradicts", contradicts)) for i in range(count))
    pair = analyze.AuthorPair(author_a=a, author_b=b, points=points)
    assert pair.shrunken_index == pytest.approx(shrunken)
    assert pair.interval == pytest.approx(interval, abs=2e-6)


def test_every_cross_author_relation_lands_in_exactly_one_point(seed_map):
    author_of = {c.id: next(s.author.id for s in seed_map.sources if s.id == c.source_id) for c in seed_map.claims}
    cross = {r.id for r in seed_map.relations if author_of[r.from_id] != author_of[r.to_id]}
    matrix = analyze.agreement_matrix(seed_map)
    behind = [r for pair in matrix.pairs for point in (*pair.points, *pair.checks) for r in point.relations]
    assert sorted(behind) == sorted(cross)
    for pair in matrix.pairs:
        assert pair.author_a.id < pair.author_b.id
        assert pair.n <= pair.relations


def test_a_proposition_shared_by_many_is_one_point_for_each_pair_of_them(seed_map):
    # Whatever relations the seeds draw among the claims stating one proposition, each pair of its
    # authors gets one point for it.
    topic = "proposition:us-russia-relations-shape-japan-russia-relations"
    authors = {s.author.id for c in seed_map.claims if c.proposition_id == topic.split(":")[1] and not c.holder
               for s in seed_map.sources if s.id == c.source_id}
    assert len(authors) >= 3
    matrix = analyze.agreement_matrix(seed_map)
    for pair in matrix.pairs:
        on_topic = [p for p in pair.points if p.topics == (topic,)]
        assert len(on_topic) == (1 if {pair.author_a.id, pair.author_b.id} <= authors else 0)


def test_unrelated_authors_have_no_index(mini_map):
    matrix = analyze.agreement_matrix(mini_map.model_copy(update={"relations": ()}))
    assert matrix.pairs == ()
    pair = matrix.pair("ann-alpha", "beta-weekly")
    assert (pair.agreement_index, pair.shrunken_index, pair.n) == (None, 0.0, 0)


# ---------------------------------------------------------------- predictions borne out or refuted


def forecast_and_fact(fact_polarity: str, fact_date: str | None, kinds=(ClaimKind.PREDICTION, ClaimKind.FACT)):
    """Streltsov-like (2015) denies a breakthrough is likely; a later Russia Direct-like article states a fact on it."""
    return make_map(
        [source("s15", "Streltsov", "2015-02-02"), source("rd16", "Russia Direct", fact_date)],
        [claim("s-no-breakthrough", "s15", polarity="denied", proposition="k", kind=kinds[0]),
         claim("rd-no-breakthrough", "rd16", polarity=fact_polarity, proposition="k", kind=kinds[1])],
        propositions={"k": "A breakthrough in the Kuril dispute is likely in the near term"},
    )


@pytest.mark.parametrize(("fact_polarity", "outcome", "field"), [("denied", Outcome.BORNE_OUT, "borne_out"), ("affirmed", Outcome.REFUTED, "refuted")])
def test_a_later_fact_checks_an_earlier_prediction_instead_of_agreeing(fact_polarity, outcome, field):
    amap = forecast_and_fact(fact_polarity, "2016-07-23")
    (relation,) = amap.relations
    assert prediction_checks(amap) == {relation.id: PredictionCheck(relation.id, outcome, "s-no-breakthrough", "rd-no-breakthrough")}
    pair = analyze.agreement_matrix(amap).pair("streltsov", "russia-direct")
    assert (pair.n, pair.agreement_index, getattr(pair, field)) == (0, None, 1)
    standings = {s.claim.id: s for s in analyze.claim_standings(amap)}
    assert [a.id for a in standings["s-no-breakthrough"].endorsers] == ["streltsov"]
    assert standings["s-no-breakthrough"].opponents == ()


@pytest.mark.parametrize(
    ("fact_date", "kinds"),
    [
        pytest.param("2015", (ClaimKind.PREDICTION, ClaimKind.FACT), id="fact not certainly later (same year)"),
        pytest.param(None, (ClaimKind.PREDICTION, ClaimKind.FACT), id="fact undated"),
        pytest.param("2016-07-23", (ClaimKind.ASSESSMENT, ClaimKind.FACT), id="no prediction"),
        pytest.param("2016-07-23", (None, None), id="kinds unknown"),
    ],
)
def test_without_a_certainly_later_fact_on_a_prediction_it_is_agreement(fact_date, kinds):
    amap = forecast_and_fact("denied", fact_date, kinds)
    assert prediction_checks(amap) == {}
    pair = analyze.agreement_matrix(amap).pair("streltsov", "russia-direct")
    assert (pair.supports, pair.borne_out) == (1, 0)


# ---------------------------------------------------------------- consensus, contested, most discussed


def test_shared_proposition_makes_consensus_in_the_mini_corpus(mini_map):
    consensus = {s.claim.id: [a.id for a in s.endorsers] for s in analyze.consensus_claims(mini_map)}
    assert consensus == {
        "alpha-not-independent": ["ann-alpha", "beta-weekly"],
        "beta-not-independent": ["ann-alpha", "beta-weekly"],
    }
    contested = {s.claim.id: [a.id for a in s.opponents] for s in analyze.contested_claims(mini_map)}
    assert contested == {"alpha-sanctions-moderate": ["beta-weekly"], "beta-sanctions-sectoral": ["ann-alpha"]}


def test_seed_consensus_and_contested_claims(seed_map):
    consensus = {s.claim.id: {a.name for a in s.endorsers} for s in analyze.consensus_claims(seed_map)}
    assert {"Dmitry Streltsov", "Taisuke Abiru"} <= consensus["streltsov-us-russia-shape"]
    contested = {s.claim.id: s for s in analyze.contested_claims(seed_map)}
    sanctions = contested["miller-sanctions-symbolic"]
    assert "Dmitry Streltsov" in {a.name for a in sanctions.opponents}
    assert {"Chris Miller", "Taisuke Abiru"} <= {a.name for a in sanctions.endorsers}
    assert not set(consensus) & set(contested)


def test_most_discussed_is_ordered_by_cross_author_degree(seed_map):
    top = analyze.most_discussed_claims(seed_map, limit=5)
    assert len(top) == 5
    degrees = [s.cross_author_degree for s in top]
    assert degrees == sorted(degrees, reverse=True)
    everyone = analyze.claim_standings(seed_map)
    assert degrees[0] == max(s.cross_author_degree for s in everyone)


# ---------------------------------------------------------------- grounded semantics on the map


def test_derived_contradictions_attack_both_ways_curated_ones_one_way(seed_map):
    attacks = set(analyze.contradiction_attacks(seed_map))
    for edge in seed_map.relations:
        if edge.kind != "contradicts":
            continue
        assert (edge.from_id, edge.to_id) in attacks
        if edge.method == "derived":
            assert (edge.to_id, edge.from_id) in attacks


def test_seed_grounded_labels(seed_map, mini_map):
    assert analyze.grounded_claims(mini_map) == {
        "alpha-not-independent": IN,
        "alpha-sanctions-moderate": OUT,
        "alpha-trade-grows": IN,
        "beta-not-independent": IN,
        "beta-sanctions-sectoral": IN,
    }
    labels = analyze.grounded_claims(seed_map)
    assert len(labels) == len(seed_map.claims)
    # Streltsov's sectoral-sanctions objection is itself unattacked, so Miller's "symbolic" falls.
    assert labels["streltsov-sanctions-became-sectoral"] is IN
    assert labels["miller-sanctions-symbolic"] is OUT
