"""Load test of `argmap serve`: cheap and heavy queries from many clients, on loopback, bounded in time.

    .venv/bin/python benchmarks/bench_serve.py [--seconds 60] [--clients 50] [--heavy-clients 5] [--graph FILE]

Starts the real command (`python -m argmap serve --port 0`) on the seed graph (built into a temporary
folder unless --graph is given) and measures, in one run:

  1. idle: one client sends cheap queries one after the other (the baseline latency);
  2. cheap load: all --clients send cheap queries (with a short random pause between two);
  3. mixed load, --seconds long: the same, except that --heavy-clients of them send heavy queries
     (a cartesian product that only the time limit stops, one that only the memory limit stops, and
     one of a few seconds), and wait as long as a 503's Retry-After says before the next.

Cheap queries are small ASK/SELECT queries and the bundled queries without parameters that answer in
under 50 ms on the idle server (measured first, in the same run; on the seed graph that leaves out
extracted-uncurated, ~0.2 s). For each
phase it reports the cheap queries' p50 and p99 latency (and the ratio to the idle baseline and to
the cheap-only load), the answers by status, and whether every request got an answer; and the
server's memory (the command and its query processes): at rest, and the peak of the sum of their
RSS and of their PSS (shared pages counted once) sampled every 50 ms, with the growth ratio.
Exit status 1 if a request went unanswered (a 503 with Retry-After is an answer, counted apart).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHEAP_TEXTS = ["ASK { ?s ?p ?o }", "SELECT ?s WHERE { ?s a <https://w3id.org/argmap/ns#Claim> } LIMIT 10",
               "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]
HEAVY_TEXTS = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # hours: stopped by the time limit
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",  # gigabytes: stopped by the memory limit
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",  # 19 million rows: a few seconds
]


@dataclass
class Tally:
    cheap_latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)  # (kind, status) -> count
    sent: int = 0
    answered: int = 0
    unanswered: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


CHEAP_SECONDS = 0.05


def candidate_texts() -> list[str]:
    from argmap.query import bundled_queries

    return CHEAP_TEXTS + [q.text for q in bundled_queries().values() if not q.parameters]


class Client:
    """One keep-alive connection; reconnects after the server closes it."""

    def __init__(self, address: tuple[str, int], timeout: float):
        self.address, self.timeout = address, timeout
        self.conn: http.client.HTTPConnection | None = None

    def get(self, text: str) -> tuple[int, dict[str, str], bytes]:
        target = "/sparql?" + urllib.parse.urlencode({"query": text})
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(*self.address, timeout=self.timeout)
            try:
                self.conn.request("GET", target, headers={"Accept": "application/sparql-results+json"})
                response = self.conn.getresponse()
                body = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, dict(response.getheaders()), body
            except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
                self.close()  # a kept-alive connection the server had closed: retry once on a new one
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def run_client(address, tally: Tally, stop_at: float, texts: list[str], heavy: bool, think: float, timeout: float, seed: int):
    rng = random.Random(seed)
    client = Client(address, timeout)
    kind = "heavy" if heavy else "cheap"
    while time.monotonic() < stop_at:
        text = rng.choice(texts)
        with tally.lock:
            tally.sent += 1
        started = time.perf_counter()
        try:
            status, headers, _ = client.get(text)
        except OSError as err:
            with tally.lock:
                tally.unanswered.append(f"{kind}: {type(err).__name__}: {err}")
            client.close()
            continue
        elapsed = time.perf_counter() - started
        with tally.lock:
            tally.answered += 1
            tally.statuses[(kind, status)] += 1
            if not heavy and status == 200:
                tally.cheap_latencies.append(elapsed)
        pause = float(headers.get("Retry-After", 0)) if status == 503 else 0.0
        time.sleep(max(pause, rng.expovariate(1 / think) if think else 0.0))
    client.close()


def load_phase(address, seconds: float, clients: int, heavy_clients: int, think: float, timeout: float, cheap: list[str]) -> Tally:
    tally = Tally()
    stop_at = time.monotonic() + seconds
    threads = [threading.Thread(target=run_client, args=(address, tally, stop_at, HEAVY_TEXTS if i < heavy_clients else cheap,
                                                         i < heavy_clients, think, timeout, i))
               for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def process_tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [pid], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            tree.append(child)
            todo.append(child)
    return tree


def memory_mb(pid: int) -> tuple[float, float]:
    """(sum of RSS, sum of PSS) in MB over the server's process tree."""
    rss = pss = 0
    for member in process_tree(pid):
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss / 1024, pss / 1024


class MemorySampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.peak_pss, self.running = pid, 0.0, 0.0, True

    def run(self) -> None:
        while self.running:
            rss, pss = memory_mb(self.pid)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            time.sleep(0.05)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else (values[0] if values else float("nan"))


def start_server(graph: Path, timeout: float) -> tuple[subprocess.Popen, tuple[str, int]]:
    process = subprocess.Popen([sys.executable, "-m", "argmap", "serve", "--port", "0", "--timeout", str(timeout), "--graph", str(graph)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = urllib.parse.urlsplit(process.stdout.readline().rsplit(" ", 1)[1].strip())
    return process, (url.hostname, url.port)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60, help="length of the mixed load (default: 60; the cheap-only load is a third of it)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default: 50)")
    parser.add_argument("--heavy-clients", type=int, default=5, help="of those, clients sending heavy queries (default: 5)")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause of a client between two queries, in s (default: 1)")
    parser.add_argument("--timeout", type=float, default=10, help="the server's --timeout (default: 10)")
    parser.add_argument("--graph", type=Path, help="the graph to serve (default: the seed corpus, built into a temporary folder)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        graph = args.graph
        if graph is None:
            subprocess.run([sys.executable, "-m", "argmap", "build", "--out", scratch, "--no-shacl"], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
            graph = Path(scratch) / "argmap.ttl"
        server, address = start_server(graph, args.timeout)
        try:
            client_timeout = args.timeout + 60
            idle_client, cheap = Client(address, client_timeout), []
            for text in candidate_texts():  # each query's first answers (a worker's first sight of it) are not measured
                for _ in range(5):
                    idle_client.get(text)
                started = time.perf_counter()
                idle_client.get(text)
                if time.perf_counter() - started < CHEAP_SECONDS:
                    cheap.append(text)
            rest_rss, rest_pss = memory_mb(server.pid)
            idle = []
            for i in range(300):
                started = time.perf_counter()
                status, _, _ = idle_client.get(cheap[i % len(cheap)])
                idle.append(time.perf_counter() - started)
                assert status == 200, status
            idle_client.close()
            sampler = MemorySampler(server.pid)
            sampler.start()
            cheap_only = load_phase(address, args.seconds / 3, args.clients, 0, args.think, client_timeout, cheap)
            mixed = load_phase(address, args.seconds, args.clients, args.heavy_clients, args.think, client_timeout, cheap)
            sampler.running = False
            sampler.join()
            alive = server.poll() is None
        finally:
            server.terminate()
            server.wait(timeout=30)

    idle_p50, idle_p99 = percentile(idle, 50), percentile(idle, 99)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end (other jobs share it)")
    print(f"argmap serve under load: {graph.name}, {args.clients} clients ({args.heavy_clients} sending heavy queries in the "
          f"mixed phase), mean pause {args.think:g} s, server --timeout {args.timeout:g} s, loopback; "
          f"{len(cheap)} cheap queries")
    print(f"{'phase':<34}{'cheap p50':>11}{'cheap p99':>11}{'p50/idle':>10}{'p99/idle':>10}{'cheap/s':>9}  answers")
    print(f"{'idle (1 client, sequential)':<34}{idle_p50 * 1000:>9.1f}ms{idle_p99 * 1000:>9.1f}ms{1:>9.1f}×{1:>9.1f}×"
          f"{len(idle) / sum(idle):>9.0f}  {len(idle)} × 200")
    failed = False
    for name, tally, seconds in (("cheap only", cheap_only, args.seconds / 3), ("mixed (cheap + heavy)", mixed, args.seconds)):
        p50, p99 = percentile(tally.cheap_latencies, 50), percentile(tally.cheap_latencies, 99)
        statuses = ", ".join(f"{kind} {status}: {count}" for (kind, status), count in sorted(tally.statuses.items()))
        print(f"{name + f' ({seconds:g} s)':<34}{p50 * 1000:>9.1f}ms{p99 * 1000:>9.1f}ms{p50 / idle_p50:>9.1f}×{p99 / idle_p99:>9.1f}×"
              f"{len(tally.cheap_latencies) / seconds:>9.0f}  {statuses}")
        if tally.unanswered or tally.answered != tally.sent:
            failed = True
        print(f"{'':<34}sent {tally.sent}, answered {tally.answered}, unanswered {len(tally.unanswered)}"
              + (f": {tally.unanswered[:3]}" if tally.unanswered else ""))
    mixed_p50, cheap_p50 = percentile(mixed.cheap_latencies, 50), percentile(cheap_only.cheap_latencies, 50)
    mixed_p99, cheap_p99 = percentile(mixed.cheap_latencies, 99), percentile(cheap_only.cheap_latencies, 99)
    print(f"heavy queries' effect on cheap ones (mixed / cheap only, same clients): p50 {mixed_p50 / cheap_p50:.2f}×, "
          f"p99 {mixed_p99 / cheap_p99:.2f}×")
    print(f"server memory (argmap serve + its query processes): at rest RSS {rest_rss:.0f} MB / PSS {rest_pss:.0f} MB; "
          f"peak RSS {sampler.peak_rss:.0f} MB ({sampler.peak_rss / rest_rss:.2f}×) / PSS {sampler.peak_pss:.0f} MB "
          f"({sampler.peak_pss / rest_pss:.2f}×); server alive at the end: {alive}")
    print("every request answered: " + ("yes" if not failed else "NO"))
    return 1 if failed or not alive else 0


if __name__ == "__main__":
    sys.exit(main())
