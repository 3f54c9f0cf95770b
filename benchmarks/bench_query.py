"""Query benchmark: argmap's query path vs raw pyoxigraph vs rdflib, on a synthetic am: graph.

    /work/main/.venv/bin/python benchmarks/bench_query.py [--claims 100000] [--authors 400] [--rdflib-triples 200000]

Generates a graph in the am: vocabulary (claims with text, quote, source, method, polarity, about;
sources with creators; supports/contradicts with relation nodes) straight as N-Triples text, then
measures, each engine in its own fresh process (so peak memory is its own):
  - load time of the file,
  - the bundled `agreement-matrix` query (author-pair GROUP BY over every relation),
  - the bundled `contradictions-by-author` query for one author,
through argmap's path (OxigraphEngine + run_query + CSV serialization) and through raw pyoxigraph
(Store.bulk_load + Store.query with the author pasted in + CSV serialization) on the same data,
and rdflib's in-memory Graph on a graph of --rdflib-triples (pyoxigraph is rerun on that same
smaller graph so that the ratio compares like with like). Times are the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AM = "https://w3id.org/argmap/ns#"
ID = "https://w3id.org/argmap/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCT = "http://purl.org/dc/terms/"
CLAIMS_PER_SOURCE = 50
RELATIONS_PER_CLAIM = 0.5
TRIPLES_PER_CLAIM = 7 + RELATIONS_PER_CLAIM * 6 + 4.0 / CLAIMS_PER_SOURCE  # for sizing the rdflib graph


def author_name(i: int) -> str:
    return f"Author {i:04d}"


def generate(path: Path, claims: int, authors: int, seed: int = 7) -> int:
    """Write the synthetic graph as N-Triples; return its number of triples."""
    rng = random.Random(seed)
    sources = max(1, claims // CLAIMS_PER_SOURCE)
    n = 0
    with path.open("w", encoding="utf-8") as out:
        w = out.write
        for a in range(authors):
            iri = f"<{ID}author/a{a}>"
            w(f'{iri} <{RDF_TYPE}> <{AM}Author> .\n{iri} <{RDF_TYPE}> <{AM}Person> .\n{iri} <{RDFS_LABEL}> "{author_name(a)}" .\n')
            n += 3
        for s in range(sources):
            iri = f"<{ID}source/s{s}>"
            w(f'{iri} <{RDF_TYPE}> <{AM}Source> .\n{iri} <{DCT}identifier> "s{s}" .\n'
              f'{iri} <{DCT}title> "Article {s}" .\n{iri} <{DCT}creator> <{ID}author/a{s % authors}> .\n')
            n += 4
        for c in range(claims):
            iri = f"<{ID}claim/c{c}>"
            polarity = "Affirmed" if rng.random() < 0.8 else "Denied"
            w(f'{iri} <{RDF_TYPE}> <{AM}Claim> .\n{iri} <{AM}text> "Statement number {c} about topic {c % 997}" .\n'
              f'{iri} <{AM}quote> "Verbatim quote {c} from its article." .\n{iri} <{AM}source> <{ID}source/s{c % sources}> .\n'
              f'{iri} <{AM}method> <{AM}Curated> .\n{iri} <{AM}polarity> <{AM}{polarity}> .\n'
              f'{iri} <{AM}about> <{ID}entity/e{c % 211}> .\n')
            n += 7
        for r in range(int(claims * RELATIONS_PER_CLAIM)):
            a, b = rng.randrange(claims), rng.randrange(claims)
            kind, node_class = ("supports", "Support") if rng.random() < 0.6 else ("contradicts", "Contradiction")
            method = "Curated" if rng.random() < 0.8 else "Derived"
            node = f"<{ID}relation/r{r}>"
            w(f'<{ID}claim/c{a}> <{AM}{kind}> <{ID}claim/c{b}> .\n{node} <{RDF_TYPE}> <{AM}{node_class}> .\n'
              f'{node} <{AM}from> <{ID}claim/c{a}> .\n{node} <{AM}to> <{ID}claim/c{b}> .\n'
              f'{node} <{AM}method> <{AM}{method}> .\n{node} <{AM}rationale> "Because {r}." .\n')
            n += 6
    return n


def _median_time(run, repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


def _queries():
    from graph.query import bundled_queries

    bundled = bundled_queries()
    return bundled["agreement-matrix"], bundled["contradictions-by-author"]


def worker(engine: str, path: str, author: str, repeat: int) -> dict:
    """Load the file and time both queries with one engine; runs in its own process."""
    matrix, by_author = _queries()
    started = time.perf_counter()
    if engine == "argmap":
        from graph.query import OxigraphEngine, run_query, serialize_result

        store = OxigraphEngine.from_turtle(Path(path))
        load = time.perf_counter() - started
        run_matrix = lambda: len(serialize_result(run_query(store, matrix.text, {}, matrix), "csv"))  # noqa: E731
        run_author = lambda: len(serialize_result(run_query(store, by_author.text, {"author": author}, by_author), "csv"))  # noqa: E731
    elif engine == "pyoxigraph":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)
        load = time.perf_counter() - started
        author_text = by_author.text.replace("?person a am:Author ; rdfs:label ?author .",
                                             f'?person a am:Author ; rdfs:label "{author}" . BIND("{author}" AS ?author)')
        csv = ox.QueryResultsFormat.CSV
        run_matrix = lambda: len(store.query(matrix.text).serialize(format=csv))  # noqa: E731
        run_author = lambda: len(store.query(author_text).serialize(format=csv))  # noqa: E731
    else:
        import io

        import rdflib

        graph = rdflib.Graph()
        graph.parse(path, format="nt")
        load = time.perf_counter() - started
        author_text = by_author.text

        def run_matrix() -> int:
            out = io.BytesIO()
            graph.query(matrix.text).serialize(out, format="csv")
            return len(out.getvalue())

        def run_author() -> int:
            out = io.BytesIO()
            graph.query(author_text, initBindings={"author": rdflib.Literal(author)}).serialize(out, format="csv")
            return len(out.getvalue())

    matrix_time, matrix_bytes = _median_time(run_matrix, repeat)
    author_time, author_bytes = _median_time(run_author, repeat)
    return {
        "load": load, "matrix": matrix_time, "author": author_time,
        "matrix_bytes": matrix_bytes, "author_bytes": author_bytes,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure(engine: str, path: Path, author: str, repeat: int) -> dict:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(worker, (engine, str(path), author, repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the main graph (default 100000: ~1M triples)")
    parser.add_argument("--authors", type=int, default=400, help="authors (default 400)")
    parser.add_argument("--rdflib-triples", type=int, default=200_000,
                        help="size of the graph for the rdflib comparison (default 200000; rdflib takes minutes at 1M)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query; the median is reported (default 3)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "synthetic.nt"
        started = time.perf_counter()
        triples = generate(big, args.claims, args.authors)
        print(f"synthetic graph: {triples:,} triples ({args.claims:,} claims, {args.authors} authors), "
              f"generated in {time.perf_counter() - started:.1f}s; median of {args.repeat} runs per query\n")
        author = author_name(1)
        results = {engine: measure(engine, big, author, args.repeat) for engine in ("pyoxigraph", "argmap")}
        for engine in ("pyoxigraph", "argmap"):
            assert results[engine]["matrix_bytes"] > 0 and results[engine]["author_bytes"] > 0
        _report(f"argmap vs raw pyoxigraph, {triples:,} triples", results, "pyoxigraph", "argmap", "target ≤ 1.2×")

        small = Path(tmp) / "synthetic-small.nt"
        small_claims = max(1, round(args.rdflib_triples / TRIPLES_PER_CLAIM))
        small_triples = generate(small, small_claims, args.authors)
        scaled = "" if small_triples >= triples else f" (scaled down from {triples:,} with --rdflib-triples)"
        print(f"\nrdflib comparison graph: {small_triples:,} triples{scaled}")
        results = {engine: measure(engine, small, author, args.repeat) for engine in ("argmap", "rdflib")}
        _report(f"rdflib vs argmap (Oxigraph), {small_triples:,} triples", results, "argmap", "rdflib", "how much slower rdflib is")


def _report(title: str, results: dict, base: str, other: str, note: str) -> None:
    print(f"{title}  ({note})")
    print(f"{'':<26}{base:>14}{other:>14}{'ratio':>10}")
    for key, label in (("load", "load (s)"), ("matrix", "agreement-matrix (s)"), ("author", "contradictions-by-author (s)")):
        b, o = results[base][key], results[other][key]
        print(f"{label:<26}{b:>14.3f}{o:>14.3f}{o / b:>9.2f}×")
    print(f"{'peak memory (MiB)':<26}{results[base]['peak_mib']:>14.0f}{results[other]['peak_mib']:>14.0f}")


if __name__ == "__main__":
    main()
