#!/usr/bin/env python3
"""Summarise bench/e2e.sh runs: one table on stdout, everything as JSON (--out).

Each run is POLICY=REPLAY_JSON:STATUS_JSON, the replayer's summary (bench/e2e/replay.py) and the service view that
`skyhedge status NAME --json` printed at the end of that run.

Spend is computed from the service view's replica rows exactly as the control plane bills them (price_per_hour from
launched_at to ended_at, or to the status read for live replicas; Replica.CostUpTo), but only the part inside the
send window [first request, first request + REPLAY_SECONDS], so every policy is charged for the same wall time.
The control plane's own `cost.spent` (launch of the first replica to the status read, warm-up and drain included)
is kept in the JSON as `spent_usd_whole_run`.

spot-units = ($ per wall hour in the window) / (cheapest A10G spot $/h in the spec's regions, from the price catalog
core/SkyHedge.Core/Data/prices.csv): the fleet's mean cost in replicas of the cheapest spot zone (the simulator's
cost unit, one spot replica for one unit of time). $ per hour is independent of --time-scale.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from datetime import datetime


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", nargs="+", required=True, help="POLICY=REPLAY_JSON:STATUS_JSON ...")
    p.add_argument("--prices", required=True, help="core/SkyHedge.Core/Data/prices.csv")
    p.add_argument("--out", required=True)
    p.add_argument("--settings", nargs="*", default=[], help="KEY=VALUE pairs copied into the JSON")
    p.add_argument("--wall-seconds", type=float, default=None)
    p.add_argument("--started", default="")
    p.add_argument("--commit", default="")
    return p.parse_args(argv)


def ts(text: str | None) -> float | None:
    if not text:
        return None
    # .NET writes 7 fractional digits; fromisoformat takes at most 6 before Python 3.11 in some forms.
    text = re.sub(r"(\.\d{6})\d+", r"\1", text).replace("Z", "+00:00")
    return datetime.fromisoformat(text).timestamp()


def spec_regions(view: dict) -> list[str]:
    res = (view.get("spec") or {}).get("resources") or {}
    entries = res.get("any_of") or res.get("ordered") or [res]
    return sorted({e["region"] for e in entries if isinstance(e, dict) and e.get("region")})


def reference_spot_price(prices_csv: str, regions: list[str], gpu: str = "A10G") -> tuple[float, str]:
    """The cheapest spot $/h of one GPU in the given regions (the local cloud prices a trace zone as its region)."""
    with open(prices_csv, newline="") as f:
        rows = [r for r in csv.DictReader(f)]
    need = {"region", "accelerator", "accelerator_count", "spot_usd_per_hour"}
    if not rows or not need <= set(rows[0]):
        raise SystemExit(f"report.py: error: {prices_csv} lacks the columns {sorted(need)}")
    best = None
    for r in rows:
        if r["accelerator"] != gpu or r["accelerator_count"] != "1" or not r["spot_usd_per_hour"]:
            continue
        if regions and r["region"] not in regions:
            continue
        price = float(r["spot_usd_per_hour"])
        if best is None or price < best[0]:
            best = (price, r["region"])
    if best is None:
        raise SystemExit(f"report.py: error: no {gpu} spot price for regions {regions} in {prices_csv}")
    return best


def spend(view: dict, window: tuple[float, float], status_read: float) -> dict:
    lo, hi = window
    spot = ondemand = 0.0
    counts = {"spot_launches": 0, "spot_failed_launches": 0, "preemptions": 0, "ondemand_launches": 0}
    for rep in view.get("replicas") or []:
        start = ts(rep.get("launched_at"))
        end = ts(rep.get("ended_at")) or status_read
        market = rep.get("market")
        status = rep.get("status")
        if market == "spot":
            if status == "failed_provision":
                counts["spot_failed_launches"] += 1
            else:
                counts["spot_launches"] += 1
            counts["preemptions"] += status == "preempted"
        elif market == "on_demand":
            counts["ondemand_launches"] += status != "failed_provision"
        if start is None:
            continue
        overlap = max(0.0, min(end, hi) - max(start, lo))
        cost = float(rep.get("price_per_hour") or 0) * overlap / 3600
        if market == "spot":
            spot += cost
        else:
            ondemand += cost
    return {"spot_usd": spot, "ondemand_usd": ondemand, "usd": spot + ondemand, **counts}


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile, as replay.py computes it."""
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1, math.ceil(q / 100 * len(sorted_values)) - 1))
    return round(sorted_values[k], 1)


def one_run(policy: str, replay: dict, view: dict, p_ref: float, time_scale: float) -> dict:
    w = replay["window"]
    window = (w["start"], w["send_end"])
    hours = (window[1] - window[0]) / 3600
    s = spend(view, window, replay["stack"]["status_read"])
    per_hour = s["usd"] / hours
    cost = view.get("cost") or {}
    # The trace clock starts when `local up` creates its cloud, a moment after the process starts, so these tick
    # numbers are upper bounds by that start-up time (under 1 s of wall time).
    t_spawn = replay["stack"]["spawned"]
    ticks = [round((t - t_spawn) * time_scale / 195, 1) for t in window] if time_scale else None
    return {
        "policy": policy,
        "run": replay.get("label", policy),
        "spend_usd": round(s["usd"], 6),
        "spend_spot_usd": round(s["spot_usd"], 6),
        "spend_ondemand_usd": round(s["ondemand_usd"], 6),
        "usd_per_hour": round(per_hour, 4),
        "spot_units": round(per_hour / p_ref, 3),
        "spent_usd_whole_run": cost.get("spent"),
        "ondemand_equivalent_usd_whole_run": cost.get("on_demand_equivalent"),
        "sent": replay["sent"],
        "served": replay["served"],
        "failed": replay["failed"],
        "failure_reasons": replay["failure_reasons"],
        "latency_ms": replay["latency_ms"],
        "late_sends": replay["late_sends"],
        "readiness": replay.get("readiness"),
        "replicas": {k: s[k] for k in ("spot_launches", "spot_failed_launches", "preemptions", "ondemand_launches")},
        "spot_trace_ticks_of_window": ticks,
        "status_source": replay["stack"].get("status_source"),
        "stopped_by_itself": replay["stack"]["stopped_by_itself"],
        "load_average": replay["stack"].get("load_average"),
        "slice": replay["slice"],
        "timeline": replay["timeline"],
    }


def aggregate(policy: str, runs: list[dict], latencies: list[float]) -> dict:
    n = len(runs)
    mean = lambda key: sum(r[key] for r in runs) / n  # noqa: E731
    ready = [r["readiness"]["fraction_at_target"] for r in runs if r.get("readiness") and r["readiness"].get("fraction_at_target") is not None]
    lat = sorted(latencies)
    reasons: dict[str, int] = {}
    for r in runs:
        for k, v in r["failure_reasons"].items():
            reasons[k] = reasons.get(k, 0) + v
    return {
        "policy": policy,
        "runs": n,
        "spend_usd_mean": round(mean("spend_usd"), 6),
        "usd_per_hour_mean": round(mean("usd_per_hour"), 4),
        "usd_per_hour_range": [min(r["usd_per_hour"] for r in runs), max(r["usd_per_hour"] for r in runs)],
        "spot_units_mean": round(mean("spot_units"), 3),
        "spot_units_range": [min(r["spot_units"] for r in runs), max(r["spot_units"] for r in runs)],
        "ondemand_share_of_spend": round(sum(r["spend_ondemand_usd"] for r in runs) / max(1e-12, sum(r["spend_usd"] for r in runs)), 3),
        "sent": sum(r["sent"] for r in runs),
        "served": sum(r["served"] for r in runs),
        "failed": sum(r["failed"] for r in runs),
        "failure_reasons": reasons,
        "latency_ms_pooled": {"p50": percentile(lat, 50), "p90": percentile(lat, 90), "p99": percentile(lat, 99),
                              "max": round(lat[-1], 1) if lat else None},
        "ready_at_target_mean": round(sum(ready) / len(ready), 4) if ready else None,
        "preemptions": sum(r["replicas"]["preemptions"] for r in runs),
        "spot_launches": sum(r["replicas"]["spot_launches"] for r in runs),
        "spot_failed_launches": sum(r["replicas"]["spot_failed_launches"] for r in runs),
        "ondemand_launches": sum(r["replicas"]["ondemand_launches"] for r in runs),
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    settings = dict(kv.split("=", 1) for kv in args.settings)
    time_scale = float(settings.get("time_scale") or 0)
    loaded = []
    regions: set[str] = set()
    for item in args.runs:
        policy, _, paths = item.partition("=")
        replay_path, _, status_path = paths.rpartition(":")
        replay = json.load(open(replay_path))
        view = json.load(open(status_path))
        regions.update(spec_regions(view))
        loaded.append((policy, replay, view))
    p_ref, p_ref_region = reference_spot_price(args.prices, sorted(regions))

    runs = [one_run(policy, replay, view, p_ref, time_scale) for policy, replay, view in loaded]
    order = list(dict.fromkeys(policy for policy, _, _ in loaded))
    policies = [
        aggregate(p, [r for r in runs if r["policy"] == p],
                  [x for policy, replay, _ in loaded if policy == p for x in replay.get("served_latencies_ms", [])])
        for p in order
    ]

    doc = {
        "benchmark": "bench/e2e.sh",
        "started": args.started,
        "commit": args.commit,
        "wall_seconds": args.wall_seconds,
        "settings": settings,
        "spot_unit": {"usd_per_hour": p_ref, "region": p_ref_region, "accelerator": "A10G",
                      "meaning": "spot-units = spend per wall hour / this price (the fleet's mean cost in replicas of the cheapest spot zone)"},
        "policies": policies,
        "runs": runs,
    }
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1)

    first = runs[0]["slice"]
    window_s = loaded[0][1]["window"]["send_end"] - loaded[0][1]["window"]["start"]
    print()
    print(f"request slice per run: {first['requests']} requests in {window_s:.0f} s, trace seconds "
          f"{first['trace_seconds'][0]:.0f}-{first['trace_seconds'][1]:.0f} ({first['mean_rate_per_s']} req/s, peak "
          f"{first['peak_rate_10s_per_s']} req/s over 10 s), mean prompt {first['prompt_tokens_mean']:.0f} tokens, mean "
          f"max_tokens {first['max_tokens_mean']:.0f}")
    print(f"{'policy':<16} {'runs':>4} {'spend $':>9} {'$/h':>7} {'spot-units':>10} {'served':>7} {'failed':>6} "
          f"{'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'ready>=2':>8} {'preempt':>7} {'od-launch':>9}")
    for a in policies:
        lat = a["latency_ms_pooled"]
        ready = a["ready_at_target_mean"]
        print(f"{a['policy']:<16} {a['runs']:>4} {a['spend_usd_mean']:>9.4f} {a['usd_per_hour_mean']:>7.3f} {a['spot_units_mean']:>10.2f} "
              f"{a['served']:>7} {a['failed']:>6} {fmt(lat['p50']):>7} {fmt(lat['p90']):>7} {fmt(lat['p99']):>7} "
              f"{'-' if ready is None else f'{ready:.1%}':>8} {a['preemptions']:>7} {a['ondemand_launches']:>9}")
    print("per run:")
    for r in runs:
        lat = r["latency_ms"]
        ready = (r.get("readiness") or {}).get("fraction_at_target")
        print(f"  {r['run']:<14} {'':>4} {r['spend_usd']:>9.4f} {r['usd_per_hour']:>7.3f} {r['spot_units']:>10.2f} {r['served']:>7} "
              f"{r['failed']:>6} {fmt(lat['p50']):>7} {fmt(lat['p90']):>7} {fmt(lat['p99']):>7} "
              f"{'-' if ready is None else f'{ready:.1%}':>8} {r['replicas']['preemptions']:>7} {r['replicas']['ondemand_launches']:>9}")
    for r in runs:
        rd = r.get("readiness") or {}
        la = r.get("load_average") or ["?", "?"]
        print(f"  {r['run']}: spot ${r['spend_spot_usd']:.4f} + on-demand ${r['spend_ondemand_usd']:.4f}; "
              f"{r['replicas']['spot_launches']} spot launches ({r['replicas']['spot_failed_launches']} refused for capacity); "
              f"mean ready spot/on-demand {rd.get('mean_ready_spot')}/{rd.get('mean_ready_ondemand')}; "
              f"admin API silent for up to {rd.get('admin_max_gap_s')} s; late sends {r['late_sends']}; "
              f"load average {la[0]} -> {la[1]}; spot trace ticks {r['spot_trace_ticks_of_window']}"
              + (f"; failures {r['failure_reasons']}" if r["failure_reasons"] else ""))
    print(f"spend: the replicas' cost during each {window_s:.0f} s send window (catalog prices, billed in wall time), mean "
          f"over runs; spot-units = $/h / ${p_ref}/h (cheapest A10G spot, {p_ref_region}); latency: served requests, "
          f"scheduled send to last byte, pooled over runs; ready>=2: share of 2 s polls with 2+ ready replicas")
    return 0


def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.0f}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
