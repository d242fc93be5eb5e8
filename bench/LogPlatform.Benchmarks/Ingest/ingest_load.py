#!/usr/bin/env python3
"""Ad-hoc HTTP load on a running Ingest.Api (until bench/LoadGenerator covers it): N keep-alive clients POST batches of
real HDFS lines from loghub for a bounded time; prints logs/s, requests/s and latency percentiles.

    python3 bench/LogPlatform.Benchmarks/Ingest/ingest_load.py --batch 1000 --clients 4 --seconds 10 \
        --url http://127.0.0.1:5010 --key dev-ingest-key
"""
import argparse, csv, json, os, threading, time, http.client, urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("--batch", type=int, default=1000)
parser.add_argument("--clients", type=int, default=4)
parser.add_argument("--seconds", type=float, default=10)
parser.add_argument("--url", default="http://127.0.0.1:5010")
parser.add_argument("--key", default="dev-ingest-key")
args = parser.parse_args()

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "..", "..", "tests", "Ingest.Api.Tests", "TestData", "loghub", "HDFS_2k.log_structured.csv")
rows = list(csv.DictReader(open(data, encoding="utf-8")))
logs = [{"timestamp": "2008-11-09T20:36:15Z", "level": r["Level"], "message": r["Content"], "source": r["Component"],
         "application": "hdfs", "properties": {"pid": int(r["Pid"]), "event_id": r["EventId"]}} for r in rows]
logs = logs * (args.batch // len(logs) + 1)
bodies = [json.dumps(logs[i:i + args.batch]).encode() for i in range(0, len(rows), max(1, min(args.batch, len(rows))))][:8]
target = urllib.parse.urlparse(args.url)
latencies, refused, lock = [], [0], threading.Lock()
stop = time.time() + args.seconds

def client(k):
    connection = http.client.HTTPConnection(target.hostname, target.port)
    i = k
    while time.time() < stop:
        body = bodies[i % len(bodies)]; i += 1
        started = time.perf_counter()
        connection.request("POST", "/logs", body, {"X-Api-Key": args.key, "Content-Type": "application/json"})
        response = connection.getresponse(); response.read()
        elapsed = time.perf_counter() - started
        with lock:
            if response.status == 202: latencies.append(elapsed)
            else: refused[0] += 1

threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
began = time.time(); [t.start() for t in threads]; [t.join() for t in threads]; took = time.time() - began
latencies.sort()
print(f"batch={args.batch} clients={args.clients} {took:.1f}s: {len(latencies) * args.batch / took:,.0f} logs/s, "
      f"{len(latencies) / took:,.0f} req/s, p50={latencies[len(latencies) // 2] * 1000:.1f} ms, "
      f"p99={latencies[int(len(latencies) * 0.99)] * 1000:.1f} ms, not 202: {refused[0]}, body={len(bodies[0]):,} B")
