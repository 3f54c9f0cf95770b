"""`argmap eval` scoring, and the extract / eval commands end to end."""

from __future__ import annotations

import json
import shutil

import pytest
from argmap.cli import main
from argmap.evaluate import HELD_OUT, score
from argmap.models import Claim, Method, Polarity, Span
from argmap.seeds import load_corpus

from .conftest import MINI, SEEDS


def _claim(cid: str, source: str, start: int, end: int, rule: str | None = None) -> Claim:
    return Claim(
        id=cid, source_id=source, statement="s", quote="q" * (end - start), span=Span(start=start, end=end), about="Japan",
        polarity=Polarity.AFFIRMED, method=Method.RULE_EXTRACTED if rule else Method.CURATED, rule=rule,
    )


def test_scores_count_span_overlaps_per_rule_and_overall():
    curated = [_claim("c1", "a", 0, 10), _claim("c2", "a", 20, 30), _claim("c3", "b", 0, 10), _claim("c4", "z", 0, 10)]
    extracted = [
        _claim("e1", "a", 5, 15, "r1"),  # overlaps c1
        _claim("e2", "a", 10, 20, "r1"),  # touches c1 and c2 but overlaps neither (half-open spans)
        _claim("e3", "b", 9, 12, "r2"),  # overlaps c3
        _claim("e4", "a", 25, 26, "r2"),  # overlaps c2
    ]
    result = score("tuning", ["a", "b"], ["r1", "r2"], extracted, curated)
    r1, r2 = result.per_rule
    assert (r1.extracted, r1.correct, r1.found, r1.curated) == (2, 1, 1, 3)
    assert (r2.extracted, r2.correct, r2.found) == (2, 2, 2)
    overall = result.overall
    assert (overall.precision, overall.recall) == (0.75, 1.0)
    assert overall.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_eval_prints_tuning_and_held_out_scores(capsys):
    assert main(["eval", "--seeds", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    tuning, held = out.split("\n\n")
    assert tuning.startswith("tuning: abiru-2016, intersection-2017, miller-2017, streltsov-2015\n")
    assert held.startswith(f"held-out: {HELD_OUT}\n")
    curated = load_corpus(SEEDS).claims
    held_curated = sum(1 for c in curated if c.source_id == HELD_OUT)
    overall = held.strip().splitlines()[-1].split()
    assert overall[0] == "overall" and overall[3].endswith(f"/{held_curated}")


def test_extract_jsonl_has_the_promised_fields(tmp_path, capsys):
    article = MINI / "articles" / "alpha.txt"
    assert main(["extract", str(article), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    text = article.read_text(encoding="utf-8")
    assert len(records) == 3
    for r in records:
        assert {"source", "start", "end", "quote", "statement", "subject", "polarity", "confidence", "rule"} <= set(r)
        assert r["source"] == "alpha" and text[r["start"] : r["end"]] == r["quote"]
    assert records[0]["rule"] == "perception-regards-as" and records[0]["subject"] == "Russia" and records[0]["polarity"] == "denied"


def test_extract_yaml_pastes_into_a_claims_file(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    shutil.copytree(MINI, seeds)
    assert main(["extract", str(seeds / "articles" / "beta.txt"), "--format", "yaml"]) == 0
    (seeds / "claims" / "beta.yaml").write_text(capsys.readouterr().out, encoding="utf-8")
    (seeds / "relations.yaml").write_text("relations: []\n", encoding="utf-8")
    corpus = load_corpus(seeds)
    pasted = [c for c in corpus.claims if c.source_id == "beta"]
    assert pasted and all(c.id.startswith("x-beta-") for c in pasted)
    text = (seeds / "articles" / "beta.txt").read_text(encoding="utf-8")
    assert all(text[c.span.start : c.span.end] == c.quote for c in pasted)


def test_extract_table_lists_each_candidate(capsys):
    assert main(["extract", str(MINI / "articles" / "alpha.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("alpha: 3 candidate claim(s)\n")
    assert "quote: The Kremlin will never return the Habomai" in out


@pytest.mark.parametrize(
    "content, message",
    [(b"", "article is empty"), (b"caf\xe9 au lait", "article is not valid UTF-8"), (b"abc\x00def", "article looks binary")],
)
def test_extract_bad_article_names_the_file(tmp_path, capsys, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert main(["extract", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {path}") and message in err and "Traceback" not in err


def test_build_with_a_broken_rules_file_reports_it_and_writes_nothing(tmp_path, capsys):
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - name: x\n    label: x\n    kind: guess\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--seeds", str(MINI), "--out", str(out), "--rules", str(rules)]) == 1
    err = capsys.readouterr().err
    assert f"Error: {rules}:2: rule x: missing key `patterns`" in err
    assert not out.exists()
