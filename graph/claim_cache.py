"""Rule-extracted claims cached per article, so that a rebuild extracts only new or changed articles.

An article's claims depend on its text and id, the rules file, the gazetteer, the English model and
the pipeline settings (argmap.nlp.model_identity), and the extraction code itself: the key is the
sha256 of all of them (the code as the sha256 of the modules that decide what a claim is). A hit
needs neither the model nor a parse, so a rebuild after adding one article loads and parses only
for that article.

A file holds a header (magic line, then one JSON line naming the key, the payload's length and
sha256) and the claims as JSON. Anything that does not check out (another key, a truncated or
corrupt payload, a claim that fails validation, a quote that is not the article's text at its
span) is ignored, extracted again and stored again. Writes go to a temporary file renamed into
place (argmap.cache_files). A claim read back equals the claim stored (pydantic's JSON round trip), so the outputs are
the same bytes with or without the cache.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from .cache_files import frame, read_entry, source_fingerprint, unframe, write_entry
from .models import Claim
from .nlp import model_identity

CACHE_MAGIC = b"argmap-claims-cache 1\n"
# The modules whose code decides what claims an article gives (what they import from argmap too).
EXTRACTION_MODULES = ("extract.py", "nlp.py", "rules.py", "yamlfile.py", "models.py", "seeds.py", "claim_cache.py", "cache_files.py")
# Libraries that shape a statement besides spaCy (named in model_identity).
# thinc and numpy compute the parse (their versions are not in the model's identity).
LIBRARIES = ("lemminflect", "pydantic", "thinc", "numpy")
_CLAIMS = TypeAdapter(list[Claim])


def code_fingerprint() -> str:
    """sha256 of the extraction modules' source and of the libraries' versions they rely on."""
    return source_fingerprint(Path(__file__).parent, EXTRACTION_MODULES, LIBRARIES)


class ClaimCache:
    """Claims stored one file per article, keyed by its id and text, the rules, the model and the code."""

    def __init__(self, folder: Path, rules_fingerprint: str):
        self.folder = Path(folder)
        self.fingerprint = hashlib.sha256(
            json.dumps({"rules": rules_fingerprint, "model": model_identity(), "code": code_fingerprint()}, sort_keys=True).encode()
        ).hexdigest()
        self.hits = self.misses = 0

    def key(self, source_id: str, text: str) -> str:
        article = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return hashlib.sha256(f"{source_id}\n{article}\n{self.fingerprint}".encode()).hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, source_id: str, text: str) -> list[Claim] | None:
        """The article's claims as stored, or None (a miss) when there is no entry to trust."""
        key = self.key(source_id, text)
        claims = self._decode(read_entry(self.path(key)), key, source_id, text)
        if claims is None:
            self.misses += 1
        else:
            self.hits += 1
        return claims

    def _decode(self, data: bytes, key: str, source_id: str, text: str) -> list[Claim] | None:
        payload = unframe(data, CACHE_MAGIC, {"key": key})
        if payload is None:
            return None
        try:
            claims = _CLAIMS.validate_json(payload)
        except (ValueError, ValidationError):
            return None
        for claim in claims:
            if claim.source_id != source_id or text[claim.span.start : claim.span.end] != claim.quote:
                return None  # not this article's claims, whatever the header says
        return claims

    def put(self, source_id: str, text: str, claims: list[Claim]) -> None:
        """Store an article's claims; a cache that cannot be written is skipped (it only saves time)."""
        key = self.key(source_id, text)
        write_entry(self.path(key), frame(CACHE_MAGIC, {"key": key}, _CLAIMS.dump_json(claims)))
