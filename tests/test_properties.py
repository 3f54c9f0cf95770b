"""Property tests: whatever a person types into seeds/, the loader answers with argmap's own
errors (or a corpus), never with a crash."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from argmap.errors import InputError
from argmap.seeds import load_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from .conftest import MINI

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40), st.dates())
yaml_values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=20,
)
claim_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=20), st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)),
        "statement": scalars,
        "quote": st.one_of(st.text(max_size=60), st.sampled_from(["Trade will grow.", "Japan’s sanctions"])),
        "about": scalars,
        "polarity": st.one_of(st.sampled_from(["affirmed", "denied"]), scalars),
        "proposition": st.one_of(st.just("russia-sees-japan-not-independent"), scalars),
        "confidence": scalars,
        "occurrence": st.one_of(st.integers(-2, 5), scalars),
        "extra": scalars,
    },
)


def load_with(replacements: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        shutil.copytree(MINI, seeds)
        for relative, content in replacements.items():
            (seeds / relative).write_bytes(content)
        try:
            load_corpus(seeds)
        except InputError as err:
            assert err.issues, "an InputError must say what is wrong"
            for issue in err.issues:
                assert issue.where and issue.message


def dump(data) -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    YAML().dump(data, buffer)
    return buffer.getvalue()


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_as_a_claims_file(content):
    load_with({"claims/beta.yaml": content})


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_as_relations(content):
    load_with({"relations.yaml": content.encode("utf-8")})


@SETTINGS
@given(yaml_values)
def test_any_yaml_structure_as_sources(data):
    load_with({"sources.yaml": dump(data)})


@SETTINGS
@given(st.lists(claim_like, max_size=4))
def test_any_claims_list(claims):
    load_with({"claims/beta.yaml": dump({"source": "beta", "claims": claims})})


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_as_an_article(content):
    load_with({"articles/alpha.txt": content})


# ---------------------------------------------------------------- YAML documents, as text

# Scalars as a person (or an attacker) types them: words, numbers, impossible dates, timestamps,
# escapes that make control characters, and explicit tags, safe or not.
TAGS = ["", "", "", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!timestamp ", "!!binary ", "!!set ", "!!omap ",
        "!!python/object:os.system ", "!custom ", "!!merge "]
PLAIN = ["beta", "alpha", "Ann Alpha", "person", "organization", "unsigned", "unknown", "supports", "contradicts", "affirmed",
         "Japan", "2017", "0.6", "-1", "1e999", ".nan", "null", "true", "yes", "~", "2017-02-30", "2016-13", "2017-04-03",
         "2017-04-03T10:00:00Z", "0x1F", "beta-sanctions-sectoral", "alpha-sanctions-moderate", "russia-sees-japan-not-independent"]
QUOTED = ['"Japan\\u2019s sanctions"', '"bell\\a"', '"esc\\e[31m"', '"nul\\0"', '"\\N next line"', '"\\L sep"', '"\\uFFFE"',
          "'single ''quoted'''", '"Trade will grow."', '"  "', '""']
scalar_text = st.builds(lambda tag, value: tag + value, st.sampled_from(TAGS), st.sampled_from(PLAIN + QUOTED))


def _flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    anchor = st.sampled_from(["", "", "&a ", "&b "])
    seq = st.builds(lambda a, items: a + "[" + ", ".join(items) + "]", anchor, st.lists(children, max_size=4))
    pairs = st.lists(st.tuples(st.sampled_from(PLAIN[:12] + ["id", "quote", "statement", "about", "polarity", "from", "to", "type",
                                                            "rationale", "text", "name", "kind", "date", "title", "publisher", "url"]),
                               children), max_size=5)
    mapping = st.builds(lambda a, kv: a + "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}", anchor, pairs)
    alias = st.sampled_from(["*a", "*b", "*undefined"])
    return st.one_of(seq, mapping, alias)


yaml_node = st.recursive(scalar_text, _flow, max_leaves=25)
DOCUMENTS = {
    "sources.yaml": st.builds(lambda a, b: f"sources:\n  alpha: {a}\n  beta: {b}\n", yaml_node, yaml_node),
    "claims/beta.yaml": st.builds(lambda a, b: f"source: beta\nclaims:\n  - {a}\n  - {b}\n", yaml_node, yaml_node),
    "relations.yaml": st.builds(lambda a: f"relations:\n  - {a}\n", yaml_node),
    "propositions.yaml": st.builds(lambda a: f"propositions: {a}\n", yaml_node),
}


@SETTINGS
@given(st.sampled_from(sorted(DOCUMENTS)).flatmap(lambda name: st.tuples(st.just(name), DOCUMENTS[name])))
def test_any_yaml_document_into_any_seeds_file(named_document):
    """Tags, anchors, aliases (of themselves too), impossible dates and control characters, in any
    file of the seeds: argmap's own InputError, with a location, or a corpus; nothing else."""
    name, document = named_document
    load_with({name: document.encode("utf-8")})
