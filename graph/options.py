"""What a map is built from: one record, made once (by the CLI or the notebook) and passed to every
function of the pipeline that builds a map, instead of the same five parameters repeated in each.

Kept free of heavy imports: the CLI builds it before it knows which stages a command needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildOptions:
    """The inputs and settings of a map build; the outputs do not depend on `jobs`."""

    seeds_dir: Path = Path("seeds")
    extract: bool = True  # False: curated claims only
    rules: Path | None = None  # None: the rules shipped with argmap (argmap/data/rules.yaml)
    gazetteer: Path | None = None  # None: the gazetteer shipped with argmap
    jobs: int = 1  # worker processes for rule extraction
    # Parses and rule-extracted claims are cached per article (argmap.nlp.ParseCache,
    # argmap.claim_cache), the map's group layouts per group (argmap.layout_cache) and the link
    # suggestions' text features per group of documents (argmap.feature_cache), all in
    # cache_dir, so that a rebuild redoes only what changed; the outputs are the same with or
    # without the caches. False: no cache at all (`--no-cache`).
    parse_cache: bool = True
    cache_dir: Path | None = None  # None: $ARGMAP_CACHE_DIR, else ~/.cache/argmap/parses
    suggest: bool = True  # suggested links for rule-extracted claims (ArgumentMap.suggestions), when extracting
    with_suggested: bool = False  # count suggested links as relations in analysis (`--with-suggested`)

    def __post_init__(self) -> None:
        object.__setattr__(self, "seeds_dir", Path(self.seeds_dir))
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, got {self.jobs}")
