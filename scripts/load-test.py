#!/usr/bin/env python3
"""Load test of `faultline serve` on loopback (Python 3 standard library only).

Starts the server on 127.0.0.1 with an ephemeral port, sends a fixed number of
requests (default 1,000) from concurrent clients (default 20) in a fixed mix of
valid, invalid, oversized, cross-origin and wrongly typed requests, stops the
server and prints: requests, answers by status, latency median/p95/max and the
server's resident memory before and after. Every request has a timeout and the
whole run a deadline, so it always stops by itself. Nothing leaves the machine.

    cargo build --release -p cli
    python3 scripts/load-test.py [--binary target/release/faultline] [--requests 1000] [--clients 20]
"""

import argparse
import collections
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def runaway_params():
    params = {}
    for group in ("jaish_al_adl", "baloch_separatists"):
        params[f"group.{group}.background_rate"] = 50
        params[f"group.{group}.branching"] = 0.999
        params[f"group.{group}.initial_excitation"] = 1000
        params[f"group.{group}.capacity_max"] = 100
    return params


def request_mix(port):
    """(kind, method, path, headers, body) for each of 20 slots; request i uses slot i % 20."""
    json_type = {"Content-Type": "application/json"}
    valid = json.dumps({"runs": 200, "days": 90, "charts": False, "levers": {"mutual_expulsion": 1}})
    with_charts = json.dumps({"runs": 500, "days": 180, "seed": 7})
    invalid = json.dumps({"runs": 0})
    unknown = json.dumps({"runs": 100, "when": 3})
    over_budget = json.dumps({"runs": 100, "days": 365, "params": runaway_params()})
    big_body = json.dumps({"scenario": "x" * 100_000})
    slots = (
        [("valid forecast", "POST", "/api/forecast", json_type, valid)] * 6
        + [("valid forecast with charts", "POST", "/api/forecast", json_type, with_charts)] * 2
        + [("scenario list", "GET", "/api/scenarios", {}, None)] * 2
        + [("invalid runs", "POST", "/api/forecast", json_type, invalid)]
        + [("unknown field", "POST", "/api/forecast", json_type, unknown)]
        + [("over work budget", "POST", "/api/forecast", json_type, over_budget)] * 2
        + [("oversized body", "POST", "/api/forecast", json_type, big_body)]
        + [("cross-origin", "POST", "/api/forecast", {**json_type, "Origin": "http://evil.example"}, valid)] * 2
        + [("text/plain body", "POST", "/api/forecast", {"Content-Type": "text/plain"}, valid)]
        + [("rebinding Host", "GET", "/api/scenarios", {"Host": f"rebind.example:{port}"}, None)]
        + [("unknown path", "GET", "/nope", {}, None)]
    )
    assert len(slots) == 20
    return slots


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="target/release/faultline")
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--deadline", type=float, default=600.0, help="seconds before the test stops sending")
    args = ap.parse_args()

    server = subprocess.Popen(
        [args.binary, "serve", "--addr", f"{HOST}:0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stderr.readline()
        if "http://" not in line:
            sys.exit(f"the server did not start: {line!r}")
        addr = line.split("http://")[1].split("/")[0]
        host, port = addr.rsplit(":", 1)
        if host != HOST:
            sys.exit(f"refusing to load {host}: loopback only")
        port = int(port)
        time.sleep(0.2)
        rss_before = rss_kib(server.pid)

        slots = request_mix(port)
        next_index = iter(range(args.requests))
        lock = threading.Lock()
        results = []  # (kind, status, seconds)
        stop_at = time.monotonic() + args.deadline

        def client():
            while time.monotonic() < stop_at:
                with lock:
                    i = next(next_index, None)
                if i is None:
                    return
                kind, method, path, headers, body = slots[i % len(slots)]
                started = time.monotonic()
                try:
                    conn = http.client.HTTPConnection(HOST, port, timeout=120)
                    conn.putrequest(method, path, skip_host="Host" in headers)
                    for name, value in headers.items():
                        conn.putheader(name, value)
                    data = body.encode() if body is not None else b""
                    conn.putheader("Content-Length", str(len(data)))
                    conn.endheaders(data)
                    res = conn.getresponse()
                    res.read()
                    status = res.status
                    conn.close()
                except (OSError, http.client.HTTPException) as e:
                    status = f"error ({type(e).__name__})"
                with lock:
                    results.append((kind, status, time.monotonic() - started))

        wall = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - wall
        rss_after = rss_kib(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()

    latencies = sorted(r[2] * 1e3 for r in results)
    by_status = collections.Counter(str(r[1]) for r in results)
    by_kind = collections.defaultdict(collections.Counter)
    for kind, status, _ in results:
        by_kind[kind][str(status)] += 1
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)] if latencies else float("nan")
    print(f"requests: {len(results)} from {args.clients} clients in {wall:.1f} s")
    print("status:   " + ", ".join(f"{s}: {n}" for s, n in sorted(by_status.items())))
    for kind, counts in by_kind.items():
        print(f"  {kind:28} " + ", ".join(f"{s}: {n}" for s, n in sorted(counts.items())))
    if latencies:
        print(
            f"latency:  median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms"
        )
    print(f"server RSS: {rss_before / 1024:.1f} MiB before, {rss_after / 1024:.1f} MiB after")


if __name__ == "__main__":
    main()
