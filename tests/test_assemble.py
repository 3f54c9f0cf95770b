"""Stage 2, assemble: curated claims win overlaps, and agreement nobody drew is derived from shared keys."""

from __future__ import annotations

import shutil

import pytest
from argmap import pipeline
from argmap.assemble import PAIRWISE_GROUP_LIMIT, derive_relations
from argmap.models import Author, AuthorKind, Claim, Method, Polarity, Source, Span
from argmap.options import BuildOptions

from .conftest import MINI


def test_curated_claims_win_overlaps_and_record_the_rule(tmp_path):
    amap = pipeline.build_map(BuildOptions(MINI))
    by_id = {c.id: c for c in amap.claims}
    assert by_id["alpha-not-independent"].also_found_by == ("perception-regards-as",)
    extracted = [c for c in amap.claims if c.method is Method.RULE_EXTRACTED]
    assert [c.quote for c in extracted] == ["The Kremlin will never return the Habomai", "Tokyo acts on its own, whatever Moscow thinks"]
    curated = [c for c in amap.claims if c.method is Method.CURATED]
    for e in extracted:
        assert not any(c.source_id == e.source_id and c.span.start < e.span.end and e.span.start < c.span.end for c in curated)


def test_same_key_across_authors_gives_a_derived_relation(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(MINI, seeds)
    for name, sentence in (("alpha", "Russian analysts see Japan as a reliable partner."), ("beta", "Moscow does not see Tokyo as a reliable partner.")):
        path = seeds / "articles" / f"{name}.txt"
        path.write_text(path.read_text(encoding="utf-8") + sentence + "\n", encoding="utf-8")
    amap = pipeline.build_map(BuildOptions(seeds))
    derived = [r for r in amap.relations if r.derivation_key == "claim-key:Russia|regards-as|Japan partner reliable|held-by:Russia"]
    assert len(derived) == 1 and derived[0].kind.value == "contradicts" and derived[0].method is Method.DERIVED


def test_large_key_groups_are_linked_as_a_star_not_pairwise():
    """Derived relations grow linearly with a key group's size, and still reach every member."""
    size = PAIRWISE_GROUP_LIMIT * 5
    sources = tuple(
        Source(id=f"s{i:03d}", title="t", author=Author(id=f"a{i % 7}", name=f"A{i % 7}", kind=AuthorKind.PERSON), signed=True,
               publisher=None, date=None, date_note=None, url=None, text="x" * 10, sha256="0")
        for i in range(size)
    )
    claims = [
        Claim(id=f"c{i:03d}", source_id=f"s{i:03d}", statement="s", quote="x", span=Span(start=0, end=1), about="Japan",
              polarity=Polarity.AFFIRMED if i % 3 else Polarity.DENIED, proposition_id="p")
        for i in range(size)
    ]
    derived = derive_relations(claims, sources, ())
    assert len(derived) < size  # a star, not size * (size - 1) / 2 pairs
    touched = {r.from_id for r in derived} | {r.to_id for r in derived}
    assert touched == {c.id for c in claims}
    authors = {s.id: s.author.id for s in sources}
    by_id = {c.id: c for c in claims}
    for r in derived:
        assert authors[by_id[r.from_id].source_id] != authors[by_id[r.to_id].source_id]
        same = by_id[r.from_id].polarity == by_id[r.to_id].polarity
        assert r.kind.value == ("supports" if same else "contradicts")
    small = derive_relations(claims[:4], sources, ())
    assert len(small) == sum(1 for i in range(4) for j in range(i + 1, 4) if i % 7 != j % 7)


def test_a_reported_view_is_not_matched_with_an_authors_own_voice():
    """Intersection reporting Abe's hope for four islands does not contradict Miller's own doubt."""
    sources = tuple(
        Source(id=f"s{i}", title="t", author=Author(id=f"a{i}", name=f"A{i}", kind=AuthorKind.PERSON), signed=True,
               publisher=None, date=None, date_note=None, url=None, text="x" * 10, sha256="0")
        for i in range(3)
    )

    def claim(i, polarity, holder):
        return Claim(id=f"c{i}", source_id=f"s{i}", statement="s", quote="x", span=Span(start=0, end=1), about="Kuril Islands",
                     polarity=polarity, proposition_id="p", holder=holder)

    reported = claim(0, Polarity.AFFIRMED, "Shinzo Abe")
    own = claim(1, Polarity.DENIED, None)
    also_reported = claim(2, Polarity.AFFIRMED, " shinzo  abe ")
    derived = derive_relations([reported, own, also_reported], sources, ())
    assert [(r.from_id, r.kind.value, r.to_id) for r in derived] == [("c0", "supports", "c2")]


def test_the_map_answers_a_claims_source_and_author_even_after_a_copy_with_other_sources(mini_map):
    claim = next(c for c in mini_map.claims if c.source_id == "beta")
    assert mini_map.claim(claim.id) is claim
    assert mini_map.source_of(claim).id == "beta" and mini_map.author_of(claim) == mini_map.source("beta").author
    # model_copy copies the instance's index too; a copy with other sources must not answer from it.
    only_alpha = mini_map.model_copy(update={"sources": tuple(s for s in mini_map.sources if s.id == "alpha")})
    with pytest.raises(KeyError):
        only_alpha.source_of(claim)
    assert mini_map.source_of(claim).id == "beta"
    assert only_alpha == only_alpha.model_copy() and mini_map != only_alpha  # the index is not part of equality
