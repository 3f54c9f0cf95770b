"""Shared, session-scoped fixtures: one build per corpus, one Virtuoso server."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import pipeline

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "data" / "mini"
SEEDS = REPO / "seeds"

from virtuoso import virtuoso  # noqa: F401  (a session fixture, registered here once)


def _build(tmp_path_factory: pytest.TempPathFactory, seeds: Path, name: str) -> Path:
    out = tmp_path_factory.mktemp(f"build-{name}")
    pipeline.build(seeds, out)
    return out


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of `argmap build` on tests/data/mini."""
    return _build(tmp_path_factory, MINI, "mini")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of `argmap build` on seeds/ (the real corpus)."""
    if not (SEEDS / "claims").is_dir():
        pytest.skip("seeds/claims/ is not curated yet on this branch (merge main)")
    return _build(tmp_path_factory, SEEDS, "seeds")


@pytest.fixture(scope="session", params=["mini", "seed"])
def any_build(request: pytest.FixtureRequest) -> Path:
    """Each corpus's build folder in turn."""
    return request.getfixturevalue(f"{request.param}_build")
