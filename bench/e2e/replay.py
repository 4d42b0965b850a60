#!/usr/bin/env python3
"""Open-loop replay of an Azure LLM request trace through the SkyHedge router (bench/e2e.sh; see bench/README.md).

Reads `TIMESTAMP,ContextTokens,GeneratedTokens` rows (CRLF line ends are fine), takes the slice of the trace that fits
in --duration wall seconds at --compression trace seconds per wall second, and sends request i at
t0 + (arrival_i - trace_start) / compression, whatever happened to earlier requests (open loop: a request that waits
for a free worker still counts its latency from its scheduled time). Each request is an OpenAI `/v1/completions`
call whose prompt is about ContextTokens tokens long (4 characters per token, the emulator's estimate) and whose
max_tokens is GeneratedTokens, both capped (see --max-output-tokens and --context-tokens). Latency runs from the
scheduled send to the last byte of the answer. A request counts as served on HTTP 200; anything else (an HTTP error,
a refused connection, a timeout, or no answer by --deadline) is a failure, with its reason.

With --admin URL it also polls the service view (GET {admin}/services/{model}) every --poll-seconds and records a
timeline of ready spot / on-demand replicas, from which it derives the fraction of polls with at least --target ready
replicas.

Python 3.11 standard library only. Writes one JSON summary (--out) and optionally every request as CSV (--requests-csv).
"""
from __future__ import annotations

import argparse
import csv
import http.client
import json
import math
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

LATE_SEND_SECONDS = 0.05


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--csv", required=True, help="request trace (TIMESTAMP,ContextTokens,GeneratedTokens)")
    p.add_argument("--url", required=True, help="router base URL ending in /v1, e.g. http://127.0.0.1:8080/v1")
    p.add_argument("--key", required=True, help="API key for Authorization: Bearer")
    p.add_argument("--model", required=True, help="service name")
    p.add_argument("--duration", type=float, required=True, help="wall seconds of sending")
    p.add_argument("--compression", type=float, default=3.0, help="trace seconds replayed per wall second")
    p.add_argument("--trace-start", type=float, default=0.0, help="seconds into the trace where the slice starts")
    p.add_argument("--max-rate", type=float, default=20.0, help="refuse a slice whose mean rate exceeds this (req/s)")
    p.add_argument("--max-output-tokens", type=int, default=256, help="cap on max_tokens")
    p.add_argument("--context-tokens", type=int, default=4096,
                   help="model context; prompts are cut to context - max_tokens - 64 tokens (the emulator answers "
                        "400 context_length_exceeded beyond the context)")
    p.add_argument("--timeout", type=float, default=60.0, help="per-request timeout in seconds")
    p.add_argument("--deadline", type=float, default=None,
                   help="absolute time (Unix seconds) by which every request must be done; later ones are failures "
                        "('unfinished'). Default: end of sending + --timeout")
    p.add_argument("--workers", type=int, default=320, help="sender threads (concurrent requests in flight)")
    p.add_argument("--start-at", type=float, default=None, help="Unix time to send the first request at (default: now + 0.5 s)")
    p.add_argument("--admin", default=None, help="admin API base URL ending in /api, to record replica readiness")
    p.add_argument("--target", type=int, default=2, help="replicas the service needs (for the readiness fraction)")
    p.add_argument("--poll-seconds", type=float, default=2.0)
    p.add_argument("--bucket-seconds", type=float, default=10.0, help="timeline bucket width (wall seconds)")
    p.add_argument("--out", required=True, help="JSON summary file")
    p.add_argument("--view-out", default=None,
                   help="with --admin: write the service view fetched first at or after the end of sending here")
    p.add_argument("--requests-csv", default=None, help="also write every request as CSV here")
    p.add_argument("--label", default="", help="free text copied into the JSON")
    return p.parse_args(argv)


def parse_timestamp(text: str) -> float:
    text = text.strip()
    main, _, frac = text.partition(".")
    base = datetime.strptime(main, "%Y-%m-%d %H:%M:%S")  # no timezone in the source: naive, only differences matter
    return base.timestamp() + (float("0." + frac) if frac else 0.0)


def load_slice(args: argparse.Namespace) -> tuple[list[dict], dict]:
    with open(args.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise SystemExit(f"replay.py: error: {args.csv} has no rows")
    for col in ("TIMESTAMP", "ContextTokens", "GeneratedTokens"):
        if col not in rows[0]:
            raise SystemExit(f"replay.py: error: {args.csv} has no column {col} (columns: {', '.join(rows[0])})")
    t_first = parse_timestamp(rows[0]["TIMESTAMP"])
    span = args.duration * args.compression
    lo, hi = args.trace_start, args.trace_start + span
    out_cap = args.max_output_tokens
    prompt_cap = args.context_tokens - out_cap - 64
    if prompt_cap < 1:
        raise SystemExit("replay.py: error: --context-tokens must exceed --max-output-tokens + 64")
    reqs = []
    clipped_prompts = clipped_outputs = 0
    for row in rows:
        at = parse_timestamp(row["TIMESTAMP"]) - t_first
        if at < lo:
            continue
        if at >= hi:
            break  # the file is sorted by time (checked in the README); stop at the end of the slice
        ctx, gen = int(row["ContextTokens"]), int(row["GeneratedTokens"])
        prompt = max(1, min(ctx, prompt_cap))
        out = max(1, min(gen, out_cap))
        clipped_prompts += prompt != ctx
        clipped_outputs += out != gen
        reqs.append({"offset": (at - lo) / args.compression, "ctx": ctx, "gen": gen, "prompt_tokens": prompt, "max_tokens": out})
    if not reqs:
        raise SystemExit(f"replay.py: error: no requests in trace seconds [{lo:.0f}, {hi:.0f})")
    rate = len(reqs) / args.duration
    if rate > args.max_rate:
        raise SystemExit(
            f"replay.py: error: the slice has {len(reqs)} requests in {args.duration:.0f} s = {rate:.1f} req/s, above "
            f"--max-rate {args.max_rate:g}; lower --compression")
    info = {
        "trace_seconds": [lo, hi],
        "requests": len(reqs),
        "mean_rate_per_s": round(rate, 3),
        "peak_rate_10s_per_s": round(peak_rate(reqs, 10.0), 2),
        "prompt_tokens_mean": round(sum(r["prompt_tokens"] for r in reqs) / len(reqs), 1),
        "max_tokens_mean": round(sum(r["max_tokens"] for r in reqs) / len(reqs), 1),
        "trace_context_tokens_mean": round(sum(r["ctx"] for r in reqs) / len(reqs), 1),
        "trace_generated_tokens_mean": round(sum(r["gen"] for r in reqs) / len(reqs), 1),
        "prompts_clipped": clipped_prompts,
        "outputs_clipped": clipped_outputs,
    }
    return reqs, info


def peak_rate(reqs: list[dict], window: float) -> float:
    best, j = 0, 0
    for i, r in enumerate(reqs):
        while reqs[j]["offset"] < r["offset"] - window:
            j += 1
        best = max(best, i - j + 1)
    return best / window


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of an ascending list."""
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1, math.ceil(q / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


class Sender:
    """One keep-alive connection per worker thread; a request that fails drops its connection."""

    def __init__(self, url: str, key: str, model: str):
        u = urllib.parse.urlsplit(url)
        if u.scheme != "http":
            raise SystemExit(f"replay.py: error: --url must be http://…, got {url}")
        self.host, self.port = u.hostname, u.port or 80
        self.path = u.path.rstrip("/") + "/completions"
        self.model = model
        self.headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        self.local = threading.local()

    def _conn(self, timeout: float) -> http.client.HTTPConnection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
            self.local.conn = conn
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        return conn

    def _drop(self) -> None:
        conn = getattr(self.local, "conn", None)
        if conn is not None:
            try:
                conn.close()
            except OSError:
                pass
        self.local.conn = None

    def send(self, req: dict, scheduled: float, timeout: float, deadline: float) -> None:
        req["sent_late_s"] = max(0.0, time.time() - scheduled)
        remaining = min(timeout - (time.time() - scheduled), deadline - time.time())
        if remaining <= 0:
            req.update(status=0, error="unfinished", latency_s=None)
            return
        body = json.dumps({"model": self.model, "prompt": "tok " * req["prompt_tokens"], "max_tokens": req["max_tokens"]})
        try:
            conn = self._conn(remaining)
            conn.request("POST", self.path, body=body, headers=self.headers)
            resp = conn.getresponse()
            data = resp.read()
            done = time.time()
            req["status"] = resp.status
            req["latency_s"] = done - scheduled
            if resp.status != 200:
                req["error"] = error_code(data) or f"http_{resp.status}"
                if resp.getheader("Connection", "").lower() == "close":
                    self._drop()
            else:
                req["error"] = ""
                try:
                    usage = json.loads(data).get("usage") or {}
                    req["completion_tokens"] = usage.get("completion_tokens")
                except ValueError:
                    pass
            if done > deadline:
                req["error"] = "unfinished"
                req["status"] = 0
        except (socket.timeout, TimeoutError):
            self._drop()
            late_by_deadline = time.time() >= deadline - 0.05
            req.update(status=0, error="unfinished" if late_by_deadline else "timeout", latency_s=None)
        except (OSError, http.client.HTTPException) as ex:
            self._drop()
            req.update(status=0, error=type(ex).__name__, latency_s=None)


def error_code(data: bytes) -> str | None:
    try:
        err = json.loads(data).get("error") or {}
        return err.get("code") or err.get("type")
    except (ValueError, AttributeError):
        return None


class Monitor(threading.Thread):
    """Polls the admin API's service view: ready spot / on-demand replicas over time."""

    def __init__(self, admin: str, key: str, model: str, every: float, view_after: float | None = None):
        super().__init__(daemon=True)
        self.view_after = view_after
        self.view: dict | None = None
        self.view_at: float | None = None
        self.url = admin.rstrip("/") + "/services/" + urllib.parse.quote(model)
        self.key, self.every = key, every
        self.samples: list[dict] = []
        self.errors = 0
        self.error_kinds: dict[str, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            t = time.time()
            try:
                r = urllib.request.Request(self.url, headers={"Authorization": f"Bearer {self.key}", "Accept": "application/json"})
                with urllib.request.urlopen(r, timeout=5) as resp:
                    view = json.load(resp)
                if self.view_after is not None and self.view is None and t >= self.view_after:
                    self.view, self.view_at = view, t
                reps = view.get("replicas") or []
                ready = [x for x in reps if x.get("status") == "ready"]
                self.samples.append({
                    "t": t,
                    "ready_spot": sum(x.get("market") == "spot" for x in ready),
                    "ready_ondemand": sum(x.get("market") == "on_demand" for x in ready),
                    "live": sum(x.get("ended_at") is None for x in reps),
                })
            except (OSError, ValueError, urllib.error.URLError) as ex:
                self.errors += 1
                kind = type(getattr(ex, "reason", None) or ex).__name__
                self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1
            nxt = t + self.every
            if self.view_after is not None and self.view is None and t < self.view_after < nxt:
                nxt = self.view_after  # one poll right at the end of sending, for the spend
            self.stop.wait(max(0.0, nxt - time.time()))


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    reqs, info = load_slice(args)
    sender = Sender(args.url, args.key, args.model)
    t0 = args.start_at if args.start_at is not None else time.time() + 0.5
    send_end = t0 + args.duration
    deadline = args.deadline if args.deadline is not None else send_end + args.timeout
    monitor = Monitor(args.admin, args.key, args.model, args.poll_seconds, send_end if args.view_out else None) if args.admin else None
    if monitor:
        monitor.start()

    print(f"[replay] {info['requests']} requests over {args.duration:.0f} s ({info['mean_rate_per_s']} req/s, "
          f"peak {info['peak_rate_10s_per_s']} req/s over 10 s), trace seconds {info['trace_seconds'][0]:.0f}-"
          f"{info['trace_seconds'][1]:.0f} at x{args.compression:g}", file=sys.stderr, flush=True)
    pool = ThreadPoolExecutor(max_workers=args.workers, thread_name_prefix="send")
    futures = []
    interrupted = False
    try:
        next_report = t0 + 30
        for req in reqs:
            scheduled = t0 + req["offset"]
            req["scheduled"] = scheduled
            delay = scheduled - time.time()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(sender.send, req, scheduled, args.timeout, deadline))
            if time.time() >= next_report:
                done = sum(f.done() for f in futures)
                print(f"[replay] t={time.time() - t0:5.0f} s  sent {len(futures)}  done {done}", file=sys.stderr, flush=True)
                next_report += 30
        # Wait for the stragglers, but never past the deadline (each request also stops itself there).
        for f in futures:
            left = deadline - time.time() + 2
            try:
                f.result(timeout=max(0.1, left))
            except Exception:  # noqa: BLE001 - a worker that did not finish is counted below
                pass
    except KeyboardInterrupt:
        interrupted = True
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        if monitor:
            monitor.stop.set()
    finished_at = time.time()

    for req in reqs:
        if "status" not in req:
            req.update(status=0, error="unfinished" if "scheduled" in req else "not_sent", latency_s=None)
    sent = [r for r in reqs if "scheduled" in r]
    served = [r for r in sent if r["status"] == 200]
    failed = [r for r in sent if r["status"] != 200]
    lat = sorted(r["latency_s"] * 1000 for r in served)
    reasons: dict[str, int] = {}
    for r in failed:
        reasons[r["error"]] = reasons.get(r["error"], 0) + 1

    summary = {
        "label": args.label,
        "settings": {
            "csv": os.path.abspath(args.csv), "duration_s": args.duration, "compression": args.compression,
            "trace_start_s": args.trace_start, "max_output_tokens": args.max_output_tokens,
            "context_tokens": args.context_tokens, "timeout_s": args.timeout, "workers": args.workers,
            "chars_per_token": 4, "late_send_threshold_s": LATE_SEND_SECONDS,
        },
        "slice": info,
        "window": {"start": t0, "send_end": send_end, "deadline": deadline, "finished": finished_at},
        "interrupted": interrupted,
        "sent": len(sent),
        "served": len(served),
        "failed": len(failed),
        "failure_reasons": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
        "latency_ms": {
            "p50": rnd(percentile(lat, 50)), "p90": rnd(percentile(lat, 90)), "p99": rnd(percentile(lat, 99)),
            "mean": rnd(sum(lat) / len(lat)) if lat else None, "max": rnd(lat[-1]) if lat else None,
        },
        "late_sends": sum(r.get("sent_late_s", 0) > LATE_SEND_SECONDS for r in sent),
        "timeline": timeline(sent, t0, args.bucket_seconds, monitor.samples if monitor else []),
    }
    if monitor:
        samples = [s for s in monitor.samples if t0 <= s["t"] <= send_end]
        ok = sum(s["ready_spot"] + s["ready_ondemand"] >= args.target for s in samples)
        # The longest stretch of the send window without an answer from the admin API (it shares the control
        # plane's storage, so a long gap means the control plane was stalled too).
        answered = [t0] + [s["t"] for s in samples] + [send_end]
        summary["readiness"] = {
            "polls": len(samples), "poll_errors": monitor.errors, "poll_error_kinds": monitor.error_kinds,
            "admin_max_gap_s": round(max(b - a for a, b in zip(answered, answered[1:])), 1),
            "target": args.target,
            "fraction_at_target": round(ok / len(samples), 4) if samples else None,
            "mean_ready_spot": round(sum(s["ready_spot"] for s in samples) / len(samples), 3) if samples else None,
            "mean_ready_ondemand": round(sum(s["ready_ondemand"] for s in samples) / len(samples), 3) if samples else None,
            "polls_with_none_ready": sum(s["ready_spot"] + s["ready_ondemand"] == 0 for s in samples),
        }
    summary["served_latencies_ms"] = [round(x, 1) for x in lat]
    if monitor and args.view_out:
        if monitor.view is not None:
            with open(args.view_out, "w") as f:
                json.dump(monitor.view, f)
        summary["view_read_at"] = monitor.view_at
    with open(args.out, "w") as f:
        json.dump(summary, f, indent=1)
    if args.requests_csv:
        with open(args.requests_csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["offset_s", "context_tokens", "generated_tokens", "prompt_tokens", "max_tokens", "status", "error",
                        "latency_ms", "sent_late_ms"])
            for r in sent:
                w.writerow([f"{r['offset']:.3f}", r["ctx"], r["gen"], r["prompt_tokens"], r["max_tokens"], r["status"],
                            r.get("error", ""), "" if r.get("latency_s") is None else f"{r['latency_s'] * 1000:.1f}",
                            f"{r.get('sent_late_s', 0) * 1000:.1f}"])
    print(f"[replay] sent {len(sent)}, served {len(served)}, failed {len(failed)} {summary['failure_reasons'] or ''}; "
          f"p50/p90/p99 {summary['latency_ms']['p50']}/{summary['latency_ms']['p90']}/{summary['latency_ms']['p99']} ms; "
          f"late sends {summary['late_sends']}", file=sys.stderr, flush=True)
    if interrupted:
        return 130
    return 0


def timeline(sent: list[dict], t0: float, width: float, samples: list[dict]) -> list[dict]:
    buckets: dict[int, dict] = {}
    for r in sent:
        b = buckets.setdefault(int(r["offset"] // width), {"sent": 0, "served": 0, "failed": 0, "lat": []})
        b["sent"] += 1
        if r["status"] == 200:
            b["served"] += 1
            b["lat"].append(r["latency_s"] * 1000)
        else:
            b["failed"] += 1
    for s in samples:
        k = int((s["t"] - t0) // width)
        if k in buckets:
            b = buckets[k]
            b["min_ready"] = min(b.get("min_ready", 99), s["ready_spot"] + s["ready_ondemand"])
            b["max_ready_ondemand"] = max(b.get("max_ready_ondemand", 0), s["ready_ondemand"])
    out = []
    for k in sorted(buckets):
        b = buckets[k]
        lat = sorted(b.pop("lat"))
        out.append({"t_s": k * width, **b, "p50_ms": rnd(percentile(lat, 50)), "p99_ms": rnd(percentile(lat, 99))})
    return out


def rnd(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
