"""Where the files of the repository's ontology/ folder are, in a checkout and in an installed wheel.

The folder stays at the top of the repository, where people look for it; pyproject.toml ships it
inside the package as argmap/ontology, so an installed argmap does not depend on a checkout.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_PLACES = (_PACKAGE / "ontology", _PACKAGE.parent / "ontology")  # wheel, then checkout (editable install)


def ontology_file(name: str) -> Path:
    """The path of ontology/<name>, e.g. "shapes.ttl"; FileNotFoundError naming both places if absent."""
    for folder in _PLACES:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"ontology/{name} is neither in {_PLACES[0]} nor in {_PLACES[1]}; reinstall argmap")
