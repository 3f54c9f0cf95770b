"""A synthetic corpus at the seed corpus's density, for benchmarks and scale tests.

Articles are realistic English: sentences of the seed articles recombined, with the actors varied
(Japan may become India, Russia may become Turkey, ...) so that extraction rules still fire. Each
article carries curated claims whose quotes are verbatim in it, shared propositions, and relations
to claims of earlier articles, at the seed corpus's claims-per-article and relations-per-claim.

    python -m benchmarks.corpus OUT_DIR --articles 100 [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from argmap.seeds import load_corpus
from ruamel.yaml import YAML

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Actor swaps applied to a whole article, keeping the English grammatical.
ACTOR_VARIANTS = {
    "Japan": ["Japan", "South Korea", "India", "Vietnam", "Australia"],
    "Russia": ["Russia", "Turkey", "Iran", "Brazil"],
}
CAPITALS = {"Japan": "Tokyo", "South Korea": "Seoul", "India": "New Delhi", "Vietnam": "Hanoi", "Australia": "Canberra",
            "Russia": "Moscow", "Turkey": "Ankara", "Iran": "Tehran", "Brazil": "Brasília"}
FIRST_NAMES = ["Anna", "Boris", "Chen", "Dana", "Emil", "Farah", "Goro", "Hana", "Ivan", "Julia", "Kenji", "Lena", "Mikhail", "Nadia", "Oleg", "Petra"]
LAST_NAMES = ["Sato", "Petrova", "Lee", "Novak", "Tanaka", "Ivanov", "Garcia", "Kim", "Smirnov", "Yamada", "Okafor", "Weber", "Rossi", "Haddad"]
SENTENCE = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“])")


def _swap(text: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(mapping, key=len, reverse=True))) + r")\b")
    return pattern.sub(lambda m: mapping[m.group(1)], text)


def make_corpus(out: Path, articles: int, seed: int = 0) -> dict[str, int]:
    """Write a seeds-format corpus of `articles` articles into out; return its counts."""
    rng = random.Random(seed)
    corpus = load_corpus(SEEDS)
    texts = {s.id: s.text for s in corpus.sources}
    filler = [s for text in texts.values() for s in SENTENCE.split(text) if 40 < len(s) < 400 and "\n" not in s.strip()]
    relations_of: dict[str, list] = {}
    for relation in corpus.relations:
        relations_of.setdefault(relation.from_id, []).append(relation)
    per_article = max(1, round(len(corpus.claims) / len(corpus.sources)))
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "claims").mkdir(exist_ok=True)
    yaml = YAML()
    yaml.width = 4096
    sources, relations, copies = {}, [], {}  # copies: seed claim id -> generated claim ids
    authors = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(max(3, articles // 3))]
    n_claims = 0
    for i in range(articles):
        source_id = f"synthetic-{i:05d}"
        mapping = {}
        for actor, variants in ACTOR_VARIANTS.items():
            chosen = rng.choice(variants)
            if chosen != actor:
                mapping[actor] = chosen
                mapping[CAPITALS[actor]] = CAPITALS[chosen]
        picked = rng.sample(corpus.claims, per_article)
        paragraphs, claims = [], []
        for claim in picked:
            text = texts[claim.source_id]
            # The quote with a little of its surrounding sentence, so the article reads naturally.
            start = max(text.rfind(". ", 0, claim.span.start) + 2, text.rfind("\n", 0, claim.span.start) + 1)
            ends = [e for e in (text.find(". ", claim.span.end), text.find("\n", claim.span.end)) if e >= 0]
            end = min(ends) + 1 if ends else len(text)
            passage = text[start:end].strip()
            sentences = [passage] + rng.sample(filler, 2)
            paragraphs.append(_swap(" ".join(sentences), mapping))
            claims.append((claim, _swap(claim.quote, mapping), _swap(claim.statement, mapping)))
        article = f"Synthetic analysis {i}\n\n" + "\n\n".join(paragraphs) + "\n"
        (out / "articles" / f"{source_id}.txt").write_text(article, encoding="utf-8")
        signed = rng.random() > 0.3
        sources[source_id] = {
            "title": f"Synthetic analysis {i}",
            "author": {"name": rng.choice(authors), "kind": "person"} if signed else "unsigned",
            "publisher": f"Review {i % 17}",
            "date": f"{2015 + i % 3}-{1 + i % 12:02d}",
            "url": None,
        }
        records = []
        for k, (claim, quote, statement) in enumerate(claims):
            if article.count(quote) != 1:
                continue  # a swap or a repeated passage made the quote ambiguous: leave it out
            claim_id = f"s{i:05d}-{k:02d}"
            record = {"id": claim_id, "statement": statement, "quote": quote, "about": _swap(claim.about, mapping), "polarity": claim.polarity.value}
            if claim.proposition_id and not mapping:
                record["proposition"] = claim.proposition_id  # only unswapped claims state the seed proposition
            if claim.holder:
                record["holder"] = _swap(claim.holder, mapping)
            if claim.confidence is not None:
                record["confidence"] = claim.confidence
            records.append(record)
            for relation in relations_of.get(claim.id, []):
                targets = copies.get(relation.to_id)
                if targets:
                    relations.append({"from": claim_id, "type": relation.kind.value, "to": rng.choice(targets), "rationale": relation.rationale})
            copies.setdefault(claim.id, []).append(claim_id)
        n_claims += len(records)
        with (out / "claims" / f"{source_id}.yaml").open("w", encoding="utf-8") as handle:
            yaml.dump({"source": source_id, "claims": records}, handle)
    with (out / "sources.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump({"sources": sources}, handle)
    with (out / "propositions.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump({"propositions": {p.id: {"text": p.text} for p in corpus.propositions}}, handle)
    with (out / "relations.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump({"relations": relations}, handle)
    return {"articles": articles, "claims": n_claims, "relations": len(relations)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(make_corpus(args.out, args.articles, args.seed))


if __name__ == "__main__":
    main()
