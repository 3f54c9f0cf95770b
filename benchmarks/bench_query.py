"""Query benchmark: argmap's query path vs raw pyoxigraph vs rdflib, on a synthetic am: graph.

    .venv/bin/python benchmarks/bench_query.py [--claims 100000] [--authors 400] [--rdflib-triples 200000]

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


def _queries():
    from argmap.query import bundled_queries

    bundled = bundled_queries()
    return bundled["agreement-matrix"], bundled["contradictions-by-author"]


def _timed(run) -> float:
    started = time.perf_counter()
    assert run() > 0, "a benchmark query returned nothing"
    return time.perf_counter() - started


def oxigraph_worker(path: str, author: str, repeat: int) -> dict:
    """argmap's path and raw pyoxigraph, interleaved run by run so machine noise hits both alike.

    Both query paths run on one store with the same query text and the same binding (raw
    pyoxigraph gets it as a substitution too), so the ratio is argmap's own overhead: prefix
    map, read-only checks, binding, result serialization.
    """
    import pyoxigraph as ox
    from argmap.query import OxigraphEngine, run_query, serialize_result

    matrix, by_author = _queries()
    times: dict[str, list[float]] = {k: [] for k in ("raw_load", "load", "raw_matrix", "matrix", "raw_author", "author")}
    engine = None
    for _ in range(repeat):
        started = time.perf_counter()
        store = ox.Store()
        store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)
        times["raw_load"].append(time.perf_counter() - started)
        del store, engine
        started = time.perf_counter()
        engine = OxigraphEngine.from_turtle(Path(path))
        times["load"].append(time.perf_counter() - started)
    store, csv = engine.store, ox.QueryResultsFormat.CSV
    binding = {ox.Variable("author"): ox.Literal(author)}
    for _ in range(repeat):
        times["raw_matrix"].append(_timed(lambda: len(store.query(matrix.text).serialize(format=csv))))
        times["matrix"].append(_timed(lambda: len(serialize_result(run_query(engine, matrix.text, {}, matrix), "csv"))))
        times["raw_author"].append(_timed(lambda: len(store.query(by_author.text, substitutions=binding).serialize(format=csv))))
        times["author"].append(_timed(lambda: len(serialize_result(
            run_query(engine, by_author.text, {"author": author}, by_author), "csv"))))
    result = {k: statistics.median(v) for k, v in times.items()}
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def rdflib_worker(path: str, author: str, which: str) -> dict:
    """Load into rdflib's in-memory Graph, then run one query ("matrix", "author") or none ("load")."""
    import io

    import rdflib

    matrix, by_author = _queries()
    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(path, format="nt")
    result = {"load": time.perf_counter() - started}
    text, bindings = {"matrix": (matrix.text, {}), "author": (by_author.text, {"author": rdflib.Literal(author)})}.get(which, (None, None))
    if text is not None:
        def run() -> int:
            out = io.BytesIO()
            graph.query(text, initBindings=bindings).serialize(out, format="csv")
            return len(out.getvalue())

        result[which] = _timed(run)
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def measure_with_timeout(worker, args: tuple, timeout: float) -> dict | None:
    """Run worker(*args) in a fresh process; None if it takes longer than timeout seconds."""
    pool = multiprocessing.get_context("spawn").Pool(1)
    try:
        return pool.apply_async(worker, args).get(timeout=timeout)
    except multiprocessing.TimeoutError:
        return None
    finally:
        pool.terminate()


def measure(worker, path: Path, author: str, repeat: int) -> dict:
    """Run worker in a fresh process, so that its peak memory is its own."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(worker, (str(path), author, repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the main graph (default 100000: ~1M triples)")
    parser.add_argument("--authors", type=int, default=400, help="authors (default 400)")
    parser.add_argument("--rdflib-triples", type=int, default=5_000,
                        help="size of the graph for the rdflib comparison (default 5000: rdflib's evaluation of these "
                        "queries takes minutes even at that size)")
    parser.add_argument("--rdflib-timeout", type=float, default=180, help="seconds before an rdflib run is given up (default 180)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query; the median is reported (default 3)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "synthetic.nt"
        started = time.perf_counter()
        triples = generate(big, args.claims, args.authors)
        print(f"synthetic graph: {triples:,} triples ({args.claims:,} claims, {args.authors} authors), "
              f"generated in {time.perf_counter() - started:.1f}s; median of {args.repeat} runs per query\n")
        author = author_name(1)
        ox_big = measure(oxigraph_worker, big, author, args.repeat)
        print(f"argmap's query path vs raw pyoxigraph, same store, {triples:,} triples (target: ≤ 1.2×)")
        _table([("load (s)", ox_big["raw_load"], ox_big["load"]),
                ("agreement-matrix (s)", ox_big["raw_matrix"], ox_big["matrix"]),
                ("contradictions-by-author (s)", ox_big["raw_author"], ox_big["author"])], "pyoxigraph", "argmap")
        print(f"peak memory of that process (one store at a time): {ox_big['peak_mib']:.0f} MiB")

        if args.rdflib_triples >= triples:
            small, small_triples, ox_small = big, triples, ox_big
        else:
            small = Path(tmp) / "synthetic-small.nt"
            small_triples = generate(small, max(1, round(args.rdflib_triples / TRIPLES_PER_CLAIM)), args.authors)
            ox_small = measure(oxigraph_worker, small, author, args.repeat)
        scaled = "" if small_triples >= triples else f" — SCALED DOWN from {triples:,} by --rdflib-triples"
        print(f"\nrdflib's in-memory store vs argmap (Oxigraph), {small_triples:,} triples{scaled}")
        print(f"(rdflib: one run per query, each in a fresh process, given up after {args.rdflib_timeout:.0f}s)")
        rows = []
        for key, label in (("load", "load (s)"), ("matrix", "agreement-matrix (s)"), ("author", "contradictions-by-author (s)")):
            rd = measure_with_timeout(rdflib_worker, (str(small), author, key), args.rdflib_timeout)
            rows.append((label, ox_small[key], rd[key] if rd else None))
            if key == "load" and rd:
                peak = rd["peak_mib"]
        _table(rows, "argmap", "rdflib")
        print(f"peak memory after loading: argmap {ox_small['peak_mib']:.0f} MiB, rdflib {peak:.0f} MiB")


def _table(rows: list[tuple[str, float, float]], base: str, other: str) -> None:
    print(f"{'':<30}{base:>12}{other:>12}{'ratio':>9}")
    for label, b, o in rows:
        if o is None:
            print(f"{label:<30}{b:>12.3f}{'timed out':>12}{'':>9}")
        else:
            print(f"{label:<30}{b:>12.3f}{o:>12.3f}{o / b:>8.2f}×")


if __name__ == "__main__":
    main()
