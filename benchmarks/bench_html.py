"""Benchmark: how long the interactive map takes to become usable in headless Chromium, by size.

For synthetic corpora of about 200, 2,000 and 5,000 claims (benchmarks/corpus.py: seed sentences
recombined at the seed corpus's density of claims, relations and shared propositions) it measures:
  - ready: from navigation start to the map's first complete drawing (positions are precomputed and
    physics is off, so the first drawing is the stabilised map), in the page's own clock;
  - filter: unticking one author until the map is redrawn;
  - file size per claim, and the Python time to lay out and render the page.
Baseline, in the same run and browser: a page with vis-network inlined and an empty network.

Run from the repository root:  .venv/bin/python benchmarks/bench_html.py [--sizes 200 2000 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.corpus import make_corpus  # noqa: E402
from argmap.assemble import ArgumentMap  # noqa: E402
from argmap.map_page import _vis_js, map_model, render_html  # noqa: E402
from argmap.pipeline import build_map  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CLAIMS_PER_ARTICLE = 15  # about what benchmarks.corpus generates (the seed corpus's density)


def synthetic_map(claims: int, work: Path, seed: int = 0) -> ArgumentMap:
    """A realistic corpus of about `claims` claims from the shared generator, loaded and assembled."""
    out = work / f"corpus-{claims}"
    make_corpus(out, articles=math.ceil(claims / CLAIMS_PER_ARTICLE), seed=seed)
    # Curated claims only, so the size is what was asked for; extracted claims would be drawn the same way.
    return build_map(out, extract=False)


def baseline_page() -> str:
    """vis-network inlined, as in argmap's page, drawing an empty network."""
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><div id='c' style='height:100vh'></div>"
            f"<script>{_vis_js()}</script><script>var n = new vis.Network(document.getElementById('c'), "
            "{nodes: [], edges: []}, {physics: {enabled: false}});"
            "window.baseline = {ready: false}; n.once('afterDrawing', function () {"
            "window.baseline.ready = true; window.baseline.readyAt = performance.now(); });</script></body></html>")


MAP = "document.querySelector('.argmap-root') && document.querySelector('.argmap-root').argmapMap"


def time_page(browser, path: Path, baseline: bool) -> tuple[float, float, float | None]:
    """(ms from navigation start to the first full drawing, in the page's clock; the same seen from
    outside, from the navigation request until the ready flag is observed; ms to apply an author filter)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    started = time.perf_counter()
    page.goto(path.as_uri())
    if baseline:
        page.wait_for_function("window.baseline && window.baseline.ready", timeout=60000, polling=10)
        wall = (time.perf_counter() - started) * 1000
        ready, filtered = page.evaluate("window.baseline.readyAt"), None
    else:
        page.wait_for_function(f"{MAP} && {MAP}.ready", timeout=60000, polling=10)
        wall = (time.perf_counter() - started) * 1000
        ready = page.evaluate(f"{MAP}.readyAt")
        filtered = page.evaluate(f"""() => new Promise(resolve => {{
            const map = {MAP}, box = document.querySelector('.am-filter[data-filter="author"] input');
            const t0 = performance.now();
            map.network.once('afterDrawing', () => resolve(performance.now() - t0));
            box.click();
        }})""")
    context.close()
    return ready, wall, filtered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="page loads per size (the median is reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        base = Path(tmp) / "baseline.html"
        base.write_text(baseline_page(), encoding="utf-8")
        time_page(browser, base, True)  # warm-up: the first page of a browser pays for its start
        base_runs = [time_page(browser, base, True) for _ in range(args.runs)]
        base_ms = statistics.median(r[0] for r in base_runs)
        base_wall = statistics.median(r[1] for r in base_runs)
        rows = [("baseline: empty vis-network page", base.stat().st_size, None, None, base_ms, base_wall, None)]
        for size in args.sizes:
            amap = synthetic_map(size, Path(tmp))
            started = time.perf_counter()
            html = render_html(amap, model=map_model(amap))
            build_s = time.perf_counter() - started
            page = Path(tmp) / f"map-{size}.html"
            page.write_text(html, encoding="utf-8")
            runs = [time_page(browser, page, False) for _ in range(args.runs)]
            rows.append((f"{len(amap.claims)} claims, {len(amap.relations)} relations, {len({s.author.id for s in amap.sources})} authors", page.stat().st_size, size, build_s,
                         statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
                         statistics.median(r[2] for r in runs)))
        browser.close()
    print(f"Chromium {CHROMIUM}, median of {args.runs} loads each\n")
    print("| page | file size | bytes per claim (beyond vis-network) | layout + render (Python) | ready, page clock "
          "| ready / baseline | ready, seen by Playwright | author filter |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, nbytes, claims, build_s, ready, wall, filtered in rows:
        print(f"| {name} | {nbytes / 1e6:.2f} MB | {(nbytes - rows[0][1]) // claims if claims else '–'} | "
              f"{f'{build_s:.1f} s' if build_s is not None else '–'} | {ready:.0f} ms | {ready / base_ms:.1f}× | {wall:.0f} ms | "
              f"{f'{filtered:.0f} ms' if filtered is not None else '–'} |")


if __name__ == "__main__":
    main()
