"""The per-article claim cache (argmap.claim_cache): a hit gives exactly the claims extraction
gives, needs neither the model nor a parse, and anything that does not check out is extracted
again, never trusted."""

from __future__ import annotations

import json
import multiprocessing
import shutil

import pytest
from argmap import claim_cache, extract, nlp, pipeline
from argmap.claim_cache import CACHE_MAGIC, ClaimCache
from argmap.extract import CLAIMS_FOLDER, extract_all
from argmap.nlp import ParseCache
from argmap.options import BuildOptions
from argmap.rules import DEFAULT_GAZETTEER, DEFAULT_RULES, load_ruleset

from .conftest import SEEDS

ARTICLES = [
    ("seoul", "Seoul believes that Moscow will not sell more weapons to Pyongyang.\n\nTokyo may lift its sanctions on Russia in 2027.\n"),
    ("beijing", "Beijing will not join the sanctions against Moscow.\n"),
    ("notes", "Notes and references\n"),  # no claim: an empty list is cached too
]


def _extract(items, cache_dir=None, jobs=1, ruleset=None):
    cache = ParseCache(cache_dir) if cache_dir else None
    return list(extract_all(items, ruleset or load_ruleset(), jobs=jobs, cache=cache))


def _entry(cache_dir, source_id, text, ruleset=None) -> tuple[ClaimCache, object]:
    cache = ClaimCache(cache_dir / CLAIMS_FOLDER, (ruleset or load_ruleset()).fingerprint)
    return cache, cache.path(cache.key(source_id, text))


def _outputs(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def _no_extraction(monkeypatch):
    """From here on, any parse or extraction in this process fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("extraction ran although every article's claims were cached")
    monkeypatch.setattr(extract, "Extractor", refuse)
    monkeypatch.setattr(extract, "load_pipeline", refuse)
    monkeypatch.setattr(nlp, "load_pipeline", refuse)


def test_a_warm_build_is_byte_identical_and_neither_parses_nor_extracts(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    pipeline.build(BuildOptions(SEEDS, parse_cache=False), tmp_path / "none", shacl=False)
    pipeline.build(BuildOptions(SEEDS, cache_dir=cache_dir), tmp_path / "cold", shacl=False)
    entries = sorted((cache_dir / CLAIMS_FOLDER).rglob("*.json"))
    assert len(entries) == len(list((SEEDS / "articles").glob("*.txt"))), "one entry per article"
    _no_extraction(monkeypatch)
    pipeline.build(BuildOptions(SEEDS, cache_dir=cache_dir, jobs=2), tmp_path / "warm", shacl=False)
    none, cold, warm = (_outputs(tmp_path / name) for name in ("none", "cold", "warm"))
    assert b"am:RuleExtracted" in none["argmap.ttl"]
    assert none == cold == warm


def test_only_new_or_changed_articles_are_extracted(tmp_path):
    cache_dir = tmp_path / "cache"
    fresh = _extract(ARTICLES)
    assert [len(found) for _, found in fresh] == [2, 1, 0]
    assert _extract(ARTICLES, cache_dir) == fresh
    changed = [ARTICLES[0], ("beijing", ARTICLES[1][1].replace("will not", "will")), ARTICLES[2], ("added", ARTICLES[1][1])]
    seen = []
    original = extract.Extractor.extract_texts

    def recording(self, items, *args, **kwargs):
        items = list(items)
        seen.extend(source_id for source_id, _ in items)
        return original(self, items, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract.Extractor, "extract_texts", recording)
        result = _extract(changed, cache_dir)
    assert seen == ["beijing", "added"]  # the changed text and the new id; the others were hits
    assert result == _extract(changed)
    assert [c.polarity.value for c in dict(result)["beijing"]] == ["affirmed"]
    assert [c.source_id for c in dict(result)["added"]] == ["added"]  # the same text under another id: its own claims


def test_jobs_and_partial_hits_keep_the_order_and_the_claims(tmp_path):
    cache_dir = tmp_path / "cache"
    items = [(f"{source_id}-{n}", text) for n in range(3) for source_id, text in ARTICLES]
    fresh = _extract(items)
    _extract(items[::2], cache_dir)  # every other article cached
    assert _extract(items, cache_dir, jobs=2) == fresh
    assert _extract(items, cache_dir, jobs=2) == fresh  # all cached


def _rules_copy(tmp_path, edit=lambda text: text):
    rules, gazetteer = tmp_path / "rules.yaml", tmp_path / "gazetteer.yaml"
    rules.write_text(edit(DEFAULT_RULES.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(DEFAULT_GAZETTEER, gazetteer)
    return rules, gazetteer


def test_other_rules_gazetteer_model_or_code_miss(tmp_path, monkeypatch):
    source_id, text = ARTICLES[0]
    ruleset = load_ruleset()
    found = _extract([ARTICLES[0]])[0][1]
    stored, _ = _entry(tmp_path, source_id, text, ruleset)
    stored.put(source_id, text, found)
    assert _entry(tmp_path, source_id, text, ruleset)[0].get(source_id, text) == found  # the same inputs: a hit
    rules, gazetteer = _rules_copy(tmp_path, lambda t: t + "\n# a comment only\n")
    assert load_ruleset(rules, DEFAULT_GAZETTEER).fingerprint != ruleset.fingerprint  # any change of the file's bytes
    other_gazetteer = tmp_path / "other-gazetteer.yaml"
    other_gazetteer.write_text(DEFAULT_GAZETTEER.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_ruleset(DEFAULT_RULES, gazetteer).fingerprint == ruleset.fingerprint  # the same bytes elsewhere: the same key
    for misses in (load_ruleset(rules, DEFAULT_GAZETTEER), load_ruleset(DEFAULT_RULES, other_gazetteer)):
        assert _entry(tmp_path, source_id, text, misses)[0].get(source_id, text) is None
    assert stored.get(source_id, text + " ") is None  # another text
    assert stored.get("other-id", text) is None  # another article id (claim ids derive from it)
    identity = json.loads(nlp.model_identity())
    with monkeypatch.context() as patch:
        patch.setattr(claim_cache, "model_identity", lambda: json.dumps({**identity, "version": "3.7.1"}))
        assert _entry(tmp_path, source_id, text, ruleset)[0].get(source_id, text) is None
    with monkeypatch.context() as patch:
        patch.setattr(claim_cache, "code_fingerprint", lambda: "0" * 64)
        assert _entry(tmp_path, source_id, text, ruleset)[0].get(source_id, text) is None
    assert _entry(tmp_path, source_id, text, ruleset)[0].get(source_id, text) == found  # and the first entry still hits


def test_the_code_fingerprint_follows_the_extraction_code(tmp_path, monkeypatch):
    before = claim_cache.code_fingerprint()
    assert before == claim_cache.code_fingerprint()
    package = tmp_path / "argmap"
    package.mkdir()
    for name in claim_cache.EXTRACTION_MODULES:
        shutil.copy(extract.__file__.replace("extract.py", name), package / name)
    monkeypatch.setattr(claim_cache, "__file__", str(package / "claim_cache.py"))
    assert claim_cache.code_fingerprint() == before
    (package / "extract.py").write_text((package / "extract.py").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert claim_cache.code_fingerprint() != before


def test_an_edited_rules_file_changes_a_warm_builds_claims(tmp_path):
    """The rules file is part of the key: with a rule taken out, a warm cache gives no claim of that rule."""
    cache_dir = tmp_path / "cache"
    rules, gazetteer = _rules_copy(tmp_path)
    before = pipeline.build_map(BuildOptions(SEEDS, cache_dir=cache_dir, rules=rules, gazetteer=gazetteer, suggest=False))
    counts: dict[str, int] = {}
    for claim in before.claims:
        if claim.rule:
            counts[claim.rule] = counts.get(claim.rule, 0) + 1
    busiest = max(sorted(counts), key=counts.get)
    ruleset = load_ruleset(rules, gazetteer)
    import ruamel.yaml

    yaml = ruamel.yaml.YAML()
    data = yaml.load(rules.read_text(encoding="utf-8"))
    data["rules"] = [rule for rule in data["rules"] if rule["name"] != busiest]
    with rules.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    assert busiest not in [r.name for r in load_ruleset(rules, gazetteer).rules]
    assert load_ruleset(rules, gazetteer).fingerprint != ruleset.fingerprint
    after = pipeline.build_map(BuildOptions(SEEDS, cache_dir=cache_dir, rules=rules, gazetteer=gazetteer, suggest=False))
    assert busiest not in {c.rule for c in after.claims}
    assert after.claims == pipeline.build_map(BuildOptions(SEEDS, parse_cache=False, rules=rules, gazetteer=gazetteer, suggest=False)).claims


def _forged(good: bytes, payload: bytes, key: str | None = None) -> bytes:
    """An entry whose header checks out for payload (so only the claims themselves can give it away)."""
    import hashlib

    header = json.loads(good[len(CACHE_MAGIC) : good.index(b"\n", len(CACHE_MAGIC))])
    header.update(length=len(payload), sha256=hashlib.sha256(payload).hexdigest(), key=key or header["key"])
    return CACHE_MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + payload


def test_damaged_foreign_or_tampered_entries_are_extracted_again(tmp_path):
    source_id, text = ARTICLES[0]
    fresh = _extract([ARTICLES[0]])
    _extract([ARTICLES[0]], tmp_path)
    cache, path = _entry(tmp_path, source_id, text)
    good = path.read_bytes()
    payload = good[good.index(b"\n", len(CACHE_MAGIC)) + 1 :]
    claims = json.loads(payload)
    assert claims and cache.get(source_id, text) is not None

    def edited(change) -> bytes:
        copy = json.loads(payload)
        change(copy)
        return json.dumps(copy).encode()

    damaged = {
        "empty": b"",
        "garbage": b"garbage",
        "truncated": good[: len(good) // 2],
        "one byte short": good[:-1],
        "zeroed tail": good[:-10] + bytes(10),
        "no header line": CACHE_MAGIC + b'{"key": ',
        "another magic": good.replace(CACHE_MAGIC, b"argmap-claims-cache 0\n", 1),
        "header not an object": CACHE_MAGIC + b"[]\n" + payload,
        "another key": _forged(good, payload, key="0" * 64),
        "not JSON claims": _forged(good, b"[{"),
        "not claims": _forged(good, b'[{"id": 1}]'),
        "a quote not at its span": _forged(good, edited(lambda c: c[0].update(quote="X" + c[0]["quote"][1:]))),
        "a shifted span": _forged(good, edited(lambda c: c[0]["span"].update(start=c[0]["span"]["start"] + 1, end=c[0]["span"]["end"] + 1))),
        "a span past the text": _forged(good, edited(lambda c: c[0]["span"].update(end=len(text) + 5))),
        "another source": _forged(good, edited(lambda c: c[0].update(source_id="beijing"))),
    }
    for what, data in damaged.items():
        path.write_bytes(data)
        hits = cache.hits
        assert cache.get(source_id, text) is None, what
        assert cache.hits == hits
        assert _extract([ARTICLES[0]], tmp_path) == fresh, what
        assert path.read_bytes() == good, f"{what}: extracted again and stored again"
    path.unlink()
    path.mkdir()  # a folder where the entry should be: a miss, and the build goes on
    assert _extract([ARTICLES[0]], tmp_path) == fresh


def test_an_unwritable_cache_only_costs_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _extract(ARTICLES, blocked / "cache") == _extract(ARTICLES)


def _writer(folder, fingerprint, source_id, text, found, rounds):
    cache = ClaimCache(folder, fingerprint)
    for _ in range(rounds):
        cache.put(source_id, text, found)


def _reader(folder, fingerprint, source_id, text, found, rounds, results):
    cache = ClaimCache(folder, fingerprint)
    seen = {"hit": 0, "miss": 0, "wrong": 0}
    for _ in range(rounds):
        got = cache.get(source_id, text)
        seen["miss" if got is None else "hit" if got == found else "wrong"] += 1
    results.put(seen)


def test_concurrent_writers_and_readers_never_see_half_an_entry(tmp_path):
    source_id, text = ARTICLES[0]
    [(_, found)] = _extract([ARTICLES[0]])
    found = found * 200  # a larger entry, so that a torn write would have room to show
    fingerprint = load_ruleset().fingerprint
    folder = tmp_path / "claims"
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    writers = [context.Process(target=_writer, args=(folder, fingerprint, source_id, text, found, 30)) for _ in range(3)]
    readers = [context.Process(target=_reader, args=(folder, fingerprint, source_id, text, found, 60, results)) for _ in range(2)]
    for process in writers + readers:
        process.start()
    seen = [results.get(timeout=300) for _ in readers]
    for process in writers + readers:
        process.join(timeout=300)
        assert process.exitcode == 0
    assert all(s["wrong"] == 0 for s in seen), seen
    cache = ClaimCache(folder, fingerprint)
    assert cache.get(source_id, text) == found
    assert [p for p in folder.rglob("*") if p.is_file()] == [cache.path(cache.key(source_id, text))]  # no temporary file left
