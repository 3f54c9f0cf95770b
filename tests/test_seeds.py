"""The load stage: every class of input problem is reported with its location and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest
from argmap.errors import InputError
from argmap.models import Method, Polarity
from argmap.seeds import load_corpus

from .conftest import MINI


def problems(seeds: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_corpus(seeds)
    return [str(issue) for issue in caught.value.issues]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_corpus_loads_with_spans_and_attribution():
    corpus = load_corpus(MINI)
    claims = {c.id: c for c in corpus.claims}
    sources = {s.id: s for s in corpus.sources}
    assert set(claims) == {"alpha-not-independent", "alpha-sanctions-moderate", "alpha-trade-grows", "beta-sanctions-sectoral", "beta-not-independent"}
    for claim in corpus.claims:
        text = sources[claim.source_id].text
        assert text[claim.span.start : claim.span.end] == claim.quote
        assert claim.method is Method.CURATED
    # `occurrence: 2` picks the second of two identical sentences.
    trade = claims["alpha-trade-grows"]
    assert trade.span.start == sources["alpha"].text.rindex("Trade will grow.")
    # A claim that names a proposition and no statement takes the proposition's text.
    assert claims["beta-not-independent"].statement == "Russia sees Japan as not an independent actor"
    assert claims["alpha-not-independent"].polarity is Polarity.AFFIRMED
    # The unsigned article is attributed to its publisher, as an organisation; no person invented.
    beta = sources["beta"]
    assert (beta.signed, beta.author.name, beta.author.kind.value) == (False, "Beta Weekly", "organization")
    assert sources["alpha"].author.name == "Ann Alpha"


def test_quote_not_verbatim_names_the_closest_passage(mini_copy):
    edit(mini_copy / "claims/alpha.yaml", "Moscow does not regard Tokyo", "Moscow doesn't regard Tokyo")
    (issue,) = problems(mini_copy)
    assert "claims/alpha.yaml:5: claim alpha-not-independent: quote not found verbatim in the article" in issue
    assert "closest passage in the article: 'Moscow does not regard Tokyo as an independent actor.'" in issue


def test_quote_with_straight_instead_of_curly_apostrophe_is_pointed_out(mini_copy):
    edit(mini_copy / "claims/alpha.yaml", "Japan’s sanctions", "Japan's sanctions")
    (issue,) = problems(mini_copy)
    assert "claim alpha-sanctions-moderate: quote not found verbatim" in issue
    assert "differs in quote marks, dashes or whitespace" in issue
    assert "'Japan’s sanctions on Russia were moderate and symbolic.'" in issue


def test_ambiguous_quote_needs_an_occurrence(mini_copy):
    edit(mini_copy / "claims/alpha.yaml", "    occurrence: 2\n", "")
    (issue,) = problems(mini_copy)
    assert "claim alpha-trade-grows: quote found 2 times in the article" in issue
    assert "occurrence: N" in issue


def test_duplicate_claim_id_across_files_names_both_places(mini_copy):
    edit(mini_copy / "claims/beta.yaml", "id: beta-not-independent", "id: alpha-not-independent")
    found = problems(mini_copy)
    assert any("claims/beta.yaml:9: claim alpha-not-independent: duplicate claim id; it is already used at claims/alpha.yaml:3" in i for i in found), found


def test_relation_to_unknown_claim_suggests_the_nearest_id(mini_copy):
    edit(mini_copy / "relations.yaml", "to: alpha-sanctions-moderate", "to: alpha-sanction-moderate")
    (issue,) = problems(mini_copy)
    assert "relations.yaml:4: relation beta-sanctions-sectoral -> alpha-sanction-moderate: `to` names unknown claim `alpha-sanction-moderate`" in issue
    assert "did you mean `alpha-sanctions-moderate`?" in issue


def test_self_relation(mini_copy):
    edit(mini_copy / "relations.yaml", "to: alpha-sanctions-moderate", "to: beta-sanctions-sectoral")
    (issue,) = problems(mini_copy)
    assert "relations.yaml:2: relation beta-sanctions-sectoral -> beta-sanctions-sectoral: a claim cannot relate to itself" in issue


def test_relation_type_must_be_supports_or_contradicts(mini_copy):
    edit(mini_copy / "relations.yaml", "type: contradicts", "type: refutes")
    (issue,) = problems(mini_copy)
    assert "relations.yaml:3:" in issue and "`type` is 'refutes'" in issue and "'supports' or 'contradicts'" in issue


def test_unknown_source(mini_copy):
    edit(mini_copy / "claims/beta.yaml", "source: beta", "source: gamma")
    (issue,) = problems(mini_copy)
    assert "claims/beta.yaml:1: unknown source `gamma`; add it to sources.yaml or fix the id" in issue


def test_missing_field_and_wrong_type_and_unknown_key_are_all_reported_at_once(mini_copy):
    edit(mini_copy / "claims/alpha.yaml", "    about: Japan\n    polarity: affirmed\n    holder: Moscow\n", "    polarity: affirmed\n    holder: Moscow\n")
    edit(mini_copy / "claims/alpha.yaml", "confidence: 0.6", "confidence: high")
    edit(mini_copy / "claims/beta.yaml", "    about: Japan\n    polarity: affirmed\n\n", "    about: Japan\n    polarity: affirmed\n    polarty: denied\n\n")
    found = problems(mini_copy)
    assert len(found) == 3, found
    assert any("claims/alpha.yaml:3: claim alpha-not-independent: missing field `about`; add `about:`" in i for i in found)
    assert any("claims/alpha.yaml:21: claim alpha-trade-grows: `confidence`: input should be a valid number" in i for i in found)
    assert any("claims/beta.yaml:8: claim beta-sanctions-sectoral: unknown field `polarty`" in i for i in found)


def test_ids_must_be_iri_safe(mini_copy):
    edit(mini_copy / "claims/alpha.yaml", "id: alpha-trade-grows", "id: Alpha trade/grows")
    (issue,) = problems(mini_copy)
    assert "claims/alpha.yaml:16: claim Alpha trade/grows: `id` is not a valid id" in issue
    assert "lowercase letters, digits and '-'" in issue


def test_malformed_yaml_gives_the_line(mini_copy):
    edit(mini_copy / "claims/beta.yaml", "    about: Japan\n    polarity: affirmed\n\n", "    about: [Japan\n    polarity: affirmed\n\n")
    (issue,) = problems(mini_copy)
    assert "claims/beta.yaml:7: malformed YAML: did not find expected ',' or ']'" in issue, issue


def test_claims_file_that_is_a_list(mini_copy):
    (mini_copy / "claims/beta.yaml").write_text("- id: x\n  quote: y\n", encoding="utf-8")
    found = problems(mini_copy)
    assert any("claims/beta.yaml:1: expected a mapping with a `claims:` key, found a list" in i for i in found), found


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "article is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "article looks binary"),
        ("Caf\xe9 society".encode("latin-1"), "article is not valid UTF-8"),
    ],
)
def test_unusable_article_is_named(mini_copy, content, message):
    (mini_copy / "articles/beta.txt").write_bytes(content)
    found = problems(mini_copy)
    assert any("articles/beta.txt" in i and message in i for i in found), found


def test_article_without_metadata(mini_copy):
    (mini_copy / "articles/gamma.txt").write_text("An article nobody described.\n", encoding="utf-8")
    (issue,) = problems(mini_copy)
    assert "articles/gamma.txt: article has no entry in sources.yaml; add `gamma:`" in issue


def test_unsigned_source_without_publisher_is_refused(mini_copy):
    edit(mini_copy / "sources.yaml", "publisher: Beta Weekly", "publisher: null")
    found = problems(mini_copy)
    assert any("sources.yaml:10: source beta: an unsigned source (author: unsigned) needs a publisher" in i for i in found), found


def test_unknown_proposition(mini_copy):
    edit(mini_copy / "claims/beta.yaml", "proposition: russia-sees-japan-not-independent", "proposition: russia-sees-japan-weak")
    (issue,) = problems(mini_copy)
    assert "claims/beta.yaml:10: claim beta-not-independent: unknown proposition `russia-sees-japan-weak`" in issue
