"""Shared fixtures: the fixture corpora, and one build of the seed corpus per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from argmap import pipeline
from argmap.options import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "seeds"
MINI = DATA / "mini"


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A private copy of the small fixture corpus, for tests that break it on purpose."""
    target = tmp_path / "seeds"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """build/ of the real seed corpus, built once per session (read-only for tests)."""
    out = tmp_path_factory.mktemp("seed-build")
    pipeline.build(BuildOptions(SEEDS), out)
    return out


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """build/ of the small fixture corpus, built once per session (read-only for tests)."""
    out = tmp_path_factory.mktemp("mini-build")
    pipeline.build(BuildOptions(MINI), out)
    return out


@pytest.fixture(scope="session")
def seed_map():
    """The ArgumentMap of the real seed corpus (rule-extracted claims included), built once per session."""
    return pipeline.build_map(BuildOptions(SEEDS))


@pytest.fixture(scope="session")
def mini_map():
    """The curated mini corpus only (no rule extraction), so that exact expectations hold; built once per session."""
    return pipeline.build_map(BuildOptions(MINI, extract=False))


@pytest.fixture(scope="session", params=["mini", "seed"])
def any_build(request: pytest.FixtureRequest) -> Path:
    """Each corpus's build folder in turn: the fixture corpus, then the real seeds."""
    return request.getfixturevalue(f"{request.param}_build")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for every browser test of the session, driven by Playwright."""
    from playwright import sync_api as playwright_api

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package chromium (scripts/install-system-deps.sh)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# A private Virtuoso server, started once per session when a test asks for it.
from .virtuoso import virtuoso  # noqa: E402,F401


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """report.html and report.md of the real seed corpus, written once per session (read-only for tests)."""
    out = tmp_path_factory.mktemp("seed-report")
    pipeline.write_outputs(out, {f"report.{fmt}": pipeline.report(BuildOptions(SEEDS), fmt).encode("utf-8") for fmt in pipeline.REPORT_FORMATS})
    return out


@pytest.fixture(scope="module")
def extractor():
    """The bundled rules' extractor (loads the spaCy model once per test module)."""
    from argmap.extract import Extractor
    from argmap.rules import load_ruleset

    return Extractor(load_ruleset())
