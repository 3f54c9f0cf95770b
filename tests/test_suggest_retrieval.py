"""Retrieval from postings (SuggestionIndex.rank with the lexical engine): the same candidates and
the same suggested links as scoring every document, on a generated corpus where pruning happens."""

from __future__ import annotations

import random

import pytest
from argmap import suggest
from argmap.models import Author, AuthorKind, Claim, ClaimKind, Method, Polarity, Proposition, Source, Span

# Actors the gazetteer knows (common features, in most texts) and words of a made-up vocabulary,
# drawn with Zipf-like weights: a few words in many texts, most in few.
ACTORS = ["Russia", "Japan", "China", "Washington", "the Kremlin", "Tokyo", "Beijing", "the Kuril Islands"]
WORDS = [f"{a}{b}" for a in ("trade", "border", "summit", "treaty", "pipeline", "fleet", "tariff", "loan", "visa", "quota",
                             "envoy", "drill", "port", "grain", "chip")
         for b in ("", "ing", "s", "ed", "er", "ment")]
ABOUT = ["Russia", "Japan", "China", "Japan–Russia relations"]


def _corpus(seed: int, sources: int = 40, claims_per_source: int = 12):
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]

    def sentence() -> str:
        actors = rng.sample(ACTORS, rng.randint(1, 3))
        words = rng.choices(WORDS, weights, k=rng.randint(3, 9))
        negation = rng.choice(["", "", "", "not ", "never "])
        return f"{actors[0]} {negation}{' '.join(words[:2])} with {' and '.join(actors[1:]) or 'others'} over {' '.join(words[2:])}"

    source_list = [Source(id=f"s{i}", title=f"s{i}", author=Author(id=f"author{i % 25}", name=f"Author {i % 25}", kind=AuthorKind.PERSON),
                          signed=True, publisher=None, date=f"{2010 + i % 8}-01-01", date_note=None, url=None, text="x" * 1000, sha256="0")
                   for i in range(sources)]
    propositions = [Proposition(id=f"p{i}", text=sentence()) for i in range(60)]
    claims = []
    for s in source_list:
        for j in range(claims_per_source):
            text = sentence()
            extracted = rng.random() < 0.6
            claims.append(Claim(
                id=f"{s.id}-c{j}", source_id=s.id, statement=text, quote=text, span=Span(start=0, end=len(text)),
                about=rng.choice(ABOUT), polarity=Polarity.DENIED if rng.random() < 0.2 else Polarity.AFFIRMED,
                holder="many Russians" if rng.random() < 0.1 else None,
                method=Method.RULE_EXTRACTED if extracted else Method.CURATED,
                kind=rng.choice([None, ClaimKind.FACT, ClaimKind.ASSESSMENT, ClaimKind.PREDICTION]) if extracted else None,
                proposition_id=None if extracted or rng.random() < 0.5 else rng.choice(propositions).id,
                rule="generated" if extracted else None))
    return source_list, propositions, claims


@pytest.mark.parametrize("seed", [0, 1])
def test_ranking_from_postings_is_the_ranking_of_every_document(seed, monkeypatch):
    sources, propositions, claims = _corpus(seed)
    # A small postings budget, so that most queries are answered from their rarer features alone.
    monkeypatch.setattr(suggest, "RETRIEVAL_POSTINGS", 20)
    index = suggest.SuggestionIndex.build(sources, propositions, claims)
    author_of = {s.id: s.author.id for s in sources}
    queries = index.query_documents(claims, author_of)
    exclude = {c.id: {claims[(n * 7) % len(claims)].id, propositions[n % len(propositions)].id} for n, c in enumerate(claims)}
    for top in (1, 5):
        index.retrievals.clear()
        pruned = index.rank(queries, top=top, exclude=exclude)
        every = index.rank(queries, top=top, exclude=exclude, exhaustive=True)
        assert [[(d.id, s) for d, s in r] for r in pruned] == [[(d.id, s) for d, s in r] for r in every]
        # The comparison means something: queries answered from the rarer postings alone, and
        # queries that had to read more, were both met.
        assert index.retrievals["pruned"] > 0 and index.retrievals["widened"] > 0, index.retrievals
        assert sum(index.retrievals.values()) == len(queries)
    assert any(len(r) == 10 for r in every)  # five propositions and five claims where there are that many


def test_suggested_links_from_postings_are_those_of_every_document(monkeypatch):
    sources, propositions, claims = _corpus(2, sources=60)
    monkeypatch.setattr(suggest, "RETRIEVAL_POSTINGS", 20)
    index = suggest.SuggestionIndex.build(sources, propositions, claims)
    pruned = suggest.suggested_links(sources, propositions, claims, [], index=index)
    assert index.retrievals["pruned"] > 0
    every = suggest.suggested_links(sources, propositions, claims, [], index=index, exhaustive=True)
    assert len(every) >= 5 and pruned == every


def test_a_document_outside_the_rarer_postings_can_still_win():
    """The bound: a query whose rarest word is only in a weak match, while a document holding only
    its other words (all four) scores higher: rank widens to every posting and finds it."""
    sources = [Source(id=s, title=s, author=Author(id=s, name=s, kind=AuthorKind.PERSON), signed=True, publisher=None,
                      date=None, date_note=None, url=None, text="x" * 1000, sha256="0") for s in ("a", "b", "c")]

    def claim(claim_id: str, source: str, text: str) -> Claim:
        return Claim(id=claim_id, source_id=source, statement=text, quote=text, span=Span(start=0, end=len(text)), about="Russia",
                     polarity=Polarity.AFFIRMED, method=Method.CURATED)

    claims = [
        claim("q", "a", "zebra tariffs grain quota fleet"),
        claim("weak", "b", "zebra " + " ".join(f"word{i}" for i in range(20))),  # the rarest word, in a long text
        claim("strong", "b", "tariffs grain quota fleet"),  # only the commoner words, all of them
        *(claim(f"a-{i}", "a", f"tariffs grain quota fleet number{i}") for i in range(2)),  # the query's author: no candidates
        *(claim(f"d-{i}", "c", f"harbour{i} pipeline") for i in range(30)),
    ]
    index = suggest.SuggestionIndex.build(sources, [], claims)
    index.postings_budget = lambda: 1  # read the rarest feature's postings only, first
    [query] = index.query_documents(claims[:1], {"a": "a", "b": "b", "c": "c"})
    [ranked] = index.rank([query], top=1)
    assert index.retrievals == {"widened": 1}
    [every] = index.rank([query], top=1, exhaustive=True)
    assert [d.id for d, _ in ranked] == [d.id for d, _ in every] == ["strong"]
