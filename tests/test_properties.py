"""Property tests: whatever a person types into seeds/, the loader answers with argmap's own
errors (or a corpus), never with a crash."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from argmap.errors import InputError
from argmap.seeds import load_corpus

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
