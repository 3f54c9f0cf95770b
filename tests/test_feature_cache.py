"""The link suggestions' feature cache (argmap.feature_cache): a warm index holds the computed
features exactly and computes none again, a changed claim recomputes its source's group only, and
an entry that does not check out is computed again, never trusted."""

from __future__ import annotations

import dataclasses
import json

import pytest
from argmap import pipeline, suggest
from argmap.feature_cache import FeatureCache
from argmap.options import BuildOptions
from argmap.suggest import SuggestionIndex, suggested_links

from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seed_map():
    return pipeline.build_map(BuildOptions(SEEDS, parse_cache=False, suggest=False))


def _index(amap, cache=None) -> SuggestionIndex:
    return SuggestionIndex.build(amap.sources, amap.propositions, amap.claims, cache=cache)


def _featured(index: SuggestionIndex) -> list[tuple]:
    """Every document with every field, the computed ones included (features are compare=False)."""
    return [tuple(getattr(d, f.name) for f in dataclasses.fields(d)) for d in index.documents]


def test_a_warm_index_has_the_computed_features_and_computes_none(seed_map, tmp_path, monkeypatch):
    plain = _featured(_index(seed_map))
    cold = FeatureCache(tmp_path)
    assert _featured(_index(seed_map, cold)) == plain
    groups = len(seed_map.sources) + 1  # each source's claims, and the propositions
    assert (cold.hits, cold.misses) == (0, groups)
    assert len(list(tmp_path.rglob("*.json"))) == groups

    def refuse(*args, **kwargs):
        raise AssertionError("features of a cached group were computed again")

    with monkeypatch.context() as patch:
        patch.setattr(suggest, "_with_features", refuse)
        warm = FeatureCache(tmp_path)
        index = _index(seed_map, warm)
        assert _featured(index) == plain
        assert (warm.hits, warm.misses) == (groups, 0)
    # and the links made from it are the same
    links = suggested_links(seed_map.sources, seed_map.propositions, seed_map.claims, seed_map.relations, index=index)
    assert links and links == suggested_links(seed_map.sources, seed_map.propositions, seed_map.claims, seed_map.relations)


def test_a_changed_claim_recomputes_its_sources_group_and_the_propositions_only_if_theirs(seed_map, tmp_path):
    _index(seed_map, FeatureCache(tmp_path))
    extracted = next(c for c in seed_map.claims if c.rule is not None and c.proposition_id is None)
    changed = seed_map.model_copy(update={"claims": tuple(
        c.model_copy(update={"statement": c.statement + " Moscow disagrees."}) if c.id == extracted.id else c for c in seed_map.claims)})
    cache = FeatureCache(tmp_path)
    index = _index(changed, cache)
    assert (cache.hits, cache.misses) == (len(seed_map.sources), 1)  # the propositions' group is unchanged
    assert _featured(index) == _featured(_index(changed))
    assert "@russia" in index.documents[index.position[("claim", extracted.id)]].features


@pytest.mark.parametrize("damage", [
    lambda entry: b"",
    lambda entry: entry[: len(entry) // 2],
    lambda entry: entry.replace(b"argmap-features-cache 1", b"argmap-features-cache 0"),
    lambda entry: entry[:-3] + b"xyz",  # the payload no longer matches its sha256
])
def test_a_damaged_entry_is_computed_again_and_replaced(seed_map, tmp_path, damage):
    plain = _featured(_index(seed_map))
    _index(seed_map, FeatureCache(tmp_path))
    victim = sorted(tmp_path.rglob("*.json"))[0]
    victim.write_bytes(damage(victim.read_bytes()))
    cache = FeatureCache(tmp_path)
    assert _featured(_index(seed_map, cache)) == plain
    assert cache.misses == 1
    again = FeatureCache(tmp_path)
    _index(seed_map, again)
    assert again.misses == 0  # stored again


def _reframed(entry: bytes, records) -> bytes:
    """The entry with other records under its own key, and a matching length and sha256."""
    from argmap.cache_files import frame
    from argmap.feature_cache import CACHE_MAGIC

    header = json.loads(entry[len(CACHE_MAGIC) : entry.index(b"\n", len(CACHE_MAGIC))])
    return frame(CACHE_MAGIC, {"key": header["key"]}, json.dumps(records).encode())


@pytest.mark.parametrize("spoil", [
    lambda records: records[:-1],  # one record short
    lambda records: [[r[0], 2, *r[2:]] for r in records],  # a sign that is not ±1
    lambda records: [[[*r[0], 7], *r[1:]] for r in records],  # a feature that is not a string
    lambda records: [[*r[:4], ["1990"]] for r in records],  # a year that is not an integer
    lambda records: [r[:4] for r in records],  # a field missing
    lambda records: {"records": records},
])
def test_records_of_the_wrong_shape_are_not_trusted_even_with_a_good_checksum(seed_map, tmp_path, spoil):
    plain = _featured(_index(seed_map))
    _index(seed_map, FeatureCache(tmp_path))
    victim = max(tmp_path.rglob("*.json"), key=lambda p: p.stat().st_size)
    entry = victim.read_bytes()
    records = json.loads(entry[entry.index(b"\n", len(b"argmap-features-cache 1\n")) + 1 :])
    victim.write_bytes(_reframed(entry, spoil(records)))
    cache = FeatureCache(tmp_path)
    assert _featured(_index(seed_map, cache)) == plain
    assert cache.misses == 1


def test_another_gazetteer_is_another_key(seed_map, tmp_path):
    from argmap.rules import DEFAULT_GAZETTEER

    _index(seed_map, FeatureCache(tmp_path))
    gazetteer = tmp_path / "gazetteer.yaml"
    gazetteer.write_bytes(DEFAULT_GAZETTEER.read_bytes() + b"\n# a comment changes the bytes, and so the key\n")
    cache = FeatureCache(tmp_path / "cache")
    cache.folder = tmp_path  # the same folder as the first index's entries
    SuggestionIndex.build(seed_map.sources, seed_map.propositions, seed_map.claims, gazetteer=gazetteer, cache=cache)
    assert cache.hits == 0


def test_a_cache_that_cannot_be_written_only_costs_time(seed_map, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache's folder would be")
    cache = FeatureCache(blocker)
    assert _featured(_index(seed_map, cache)) == _featured(_index(seed_map))
    assert cache.hits == 0
