"""Analysis: agreement matrix, consensus / contested / most discussed, grounded semantics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import analyze
from argmap.analyze import Label, grounded_labelling


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


# ---------------------------------------------------------------- agreement matrix


def test_matrix_on_the_mini_corpus(mini_map):
    matrix = analyze.agreement_matrix(mini_map)
    pair = matrix.pair("beta-weekly", "ann-alpha")
    assert (pair.author_a.id, pair.author_b.id) == ("ann-alpha", "beta-weekly")
    assert (pair.supports_curated, pair.supports_derived, pair.contradicts_curated, pair.contradicts_derived) == (0, 1, 1, 0)
    assert pair.agreement_index == 0.0


def test_matrix_counts_every_cross_author_relation_once(seed_map):
    author_of = {c.id: next(s.author.id for s in seed_map.sources if s.id == c.source_id) for c in seed_map.claims}
    cross = [r for r in seed_map.relations if author_of[r.from_id] != author_of[r.to_id]]
    matrix = analyze.agreement_matrix(seed_map)
    assert sum(p.supports + p.contradicts for p in matrix.pairs) == len(cross)
    assert sum(p.contradicts_derived for p in matrix.pairs) == sum(
        1 for r in cross if r.kind == "contradicts" and r.method == "derived")
    for pair in matrix.pairs:
        assert pair.author_a.id < pair.author_b.id
        assert -1.0 <= pair.agreement_index <= 1.0


def test_matrix_on_the_seeds_counts_the_sanctions_clash(seed_map):
    # streltsov-sanctions-became-sectoral contradicts miller-sanctions-symbolic (curated).
    pair = analyze.agreement_matrix(seed_map).pair("chris-miller", "dmitry-streltsov")
    assert pair.contradicts_curated >= 1
    assert pair.agreement_index == (pair.supports - pair.contradicts) / (pair.supports + pair.contradicts)


def test_unrelated_authors_have_no_index(mini_map):
    matrix = analyze.agreement_matrix(mini_map.model_copy(update={"relations": ()}))
    assert matrix.pairs == ()
    assert matrix.pair("ann-alpha", "beta-weekly").agreement_index is None


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
    for relation in seed_map.relations:
        if relation.kind != "contradicts":
            continue
        assert (relation.from_id, relation.to_id) in attacks
        if relation.method == "derived":
            assert (relation.to_id, relation.from_id) in attacks


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
