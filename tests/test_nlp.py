"""The English pipeline (the pinned model and nothing else), long articles in chunks, and the
per-article parse cache (trusted only when it checks out; never changes an output)."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys

import pytest
from argmap import nlp, pipeline
from argmap.extract import CLAIMS_FOLDER, Extractor
from argmap.options import BuildOptions
from argmap.rules import load_ruleset

from .conftest import MINI, SEEDS


def test_the_installed_model_is_en_core_web_sm_3_8_0_and_nothing_else():
    pipe = nlp.load_pipeline()
    nlp.check_meta(pipe.meta)  # the installed package passes
    assert pipe.meta["performance"]["dep_las"] == pytest.approx(0.8991533598)
    assert pipe.meta["performance"]["ents_f"] == pytest.approx(0.8433119744)
    assert pipe.meta["spacy_git_version"] == "5010fcbd3"
    assert tuple(pipe.pipe_names) == nlp.COMPONENTS and "senter" not in pipe.pipe_names
    for key, value in (("dep_las", 0.8991533599), ("ents_f", 0.84), ("speed", 9000.0)):
        other = copy.deepcopy(pipe.meta)
        other["performance"][key] = value
        with pytest.raises(nlp.ModelError, match="not en_core_web_sm 3.8.0"):
            nlp.check_meta(other)
    for key, value in (("version", "3.7.1"), ("spacy_git_version", "0000000")):
        with pytest.raises(nlp.ModelError):
            nlp.check_meta({**pipe.meta, key: value})


def test_a_missing_model_is_one_line_naming_the_package(tmp_path):
    """Hide the model package from a fresh interpreter: the CLI says what to install, in one line."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\n"
        "class _Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] == {nlp.MODEL_PACKAGE!r}:\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, _Hide())\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Japan wants a treaty with Russia.\n", encoding="utf-8")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "argmap", "extract", "--no-cache", str(article)], capture_output=True, text=True, env=env)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [f"Error: the English model is not installed: pip install {nlp.MODEL_REQUIREMENT}"]


def test_chunks_cover_the_text_exactly_and_end_at_line_breaks():
    text = "Title\n\nFirst paragraph. It goes on.\nSecond line\n\n\nLast"
    assert nlp.chunks(text) == ["Title\n\n", "First paragraph. It goes on.\n", "Second line\n\n\n", "Last"]
    long_line = "Moscow wants a deal. " * 30
    pieces = nlp.chunks(long_line, limit=100)
    assert "".join(pieces) == long_line and all(len(p) <= 100 for p in pieces)
    assert all(p.endswith(". ") for p in pieces[:-1])


def test_an_article_longer_than_max_length_keeps_its_offsets(monkeypatch):
    """A text past spaCy's max_length would stop with E088; chunked, claims keep true offsets."""
    paragraph = "Intro sentence about the weather.\n\nBeijing will not join the sanctions against Moscow.\n\n"
    text = paragraph * 3 + "x" * 300 + " Tokyo may lift its sanctions on Russia in 2027."
    monkeypatch.setattr(nlp.load_pipeline(), "max_length", 200)
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 150)
    monkeypatch.setattr(nlp.chunks, "__defaults__", (150,))
    claims = Extractor(load_ruleset()).extract_text("long", text)
    assert [c.statement for c in claims] == ["Beijing will join the sanctions against Moscow."] * 3 + ["Tokyo may lift its sanctions on Russia in 2027."]
    for claim in claims:
        assert text[claim.span.start : claim.span.end] == claim.quote


def test_the_cache_returns_the_same_parse_and_ignores_damaged_or_foreign_entries(tmp_path):
    cache = nlp.ParseCache(tmp_path)
    text = "Seoul believes that Moscow will not sell more weapons to Pyongyang.\n"
    [fresh] = nlp.parse_texts([text], cache)
    assert (cache.hits, cache.misses) == (0, 1)
    [cached] = nlp.parse_texts([text], cache)
    assert cache.hits == 1 and cached.to_json() == fresh.to_json()
    path = cache.path(cache.key(text))
    good = path.read_bytes()
    for damaged in (good[: len(good) // 2], good[:-1], good.replace(b'"key": "', b'"key": "0', 1), b"garbage", b"",
                    good[: -10] + bytes(10)):
        path.write_bytes(damaged)
        [doc] = nlp.parse_texts([text], cache)
        assert doc.to_json() == fresh.to_json()
        assert path.read_bytes() == good  # parsed again and stored again
    # an entry of another model or settings (another fingerprint) is not trusted, even under this key
    other = nlp.ParseCache(tmp_path)
    other.fingerprint = other.fingerprint.replace("3.8.0", "3.7.1")
    other.put(cache.key(text), fresh)
    before = cache.hits
    [doc] = nlp.parse_texts([text], cache)
    assert cache.hits == before and doc.to_json() == fresh.to_json()
    # a cached parse of other text under this key is not trusted either
    [wrong] = nlp.parse_texts(["Something else entirely.\n"])
    cache.put(cache.key(text), wrong)
    [doc] = nlp.parse_texts([text], cache)
    assert doc.text == text


def test_an_unwritable_cache_only_costs_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    cache = nlp.ParseCache(blocked / "cache")
    [doc] = nlp.parse_texts(["Japan wants a treaty with Russia.\n"], cache)
    assert doc.text == "Japan wants a treaty with Russia.\n"


@pytest.mark.parametrize("corpus", [MINI, SEEDS], ids=["mini", "seeds"])
def test_outputs_are_byte_identical_with_and_without_the_cache(corpus, tmp_path):
    cache_dir = tmp_path / "cache"
    runs = {}
    for name, options in (("none", BuildOptions(corpus, parse_cache=False)),
                          ("cold", BuildOptions(corpus, cache_dir=cache_dir)),
                          ("warm", BuildOptions(corpus, cache_dir=cache_dir))):
        if name == "warm":
            # without the claim cache (tests/test_claim_cache.py), so that the build reads the parses
            shutil.rmtree(cache_dir / CLAIMS_FOLDER)
        out = tmp_path / name
        pipeline.build(options, out, shacl=False)
        runs[name] = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".") and p.is_file()}
    assert list(cache_dir.rglob("*.spacy")), "the cache was written"
    assert runs["none"] == runs["cold"] == runs["warm"]
    for data in runs["none"].values():
        assert str(cache_dir).encode() not in data and b"parses" not in data
