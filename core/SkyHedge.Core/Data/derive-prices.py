#!/usr/bin/env python3
"""Derive core/SkyHedge.Core/Data/prices.csv from the SkyPilot catalog subsets in ../shared/data/catalog.

Usage (from the repository root):
    python3 core/SkyHedge.Core/Data/derive-prices.py [CATALOG_DIR] > core/SkyHedge.Core/Data/prices.csv

CATALOG_DIR defaults to ../shared/data/catalog relative to the repository root. The output is
deterministic (sorted, exact decimals), so re-running it on the same inputs gives the same bytes.
See README.md next to this script for what is kept, dropped and combined, and why.
"""
import csv
import os
import sys
from decimal import Decimal

# Must agree with SkyHedge.Core.Model.Accelerators: canonical ids, and the aliases the catalogs use.
CANONICAL = {"T4", "L4", "A10G", "V100", "V100-32GB", "A100", "A100-80GB", "H100"}
ALIASES = {"A10": "A10G"}  # Azure's NVads A10 v5 name; the only catalog spelling that is not canonical.

# GCP prices a GPU VM as host row + accelerator row. Which GPUs each host type carries
# (from GCP's machine-type docs: A2 highgpu = A100 40GB, A2 ultragpu = A100 80GB, A3 highgpu = H100 80GB).
GCP_HOST_GPUS = {
    "a2-highgpu-1g": ("A100", 1),
    "a2-highgpu-8g": ("A100", 8),
    "a2-ultragpu-1g": ("A100-80GB", 1),
    "a3-highgpu-1g": ("H100", 1),
}

HEADER = ["cloud", "region", "zone", "instance_type", "accelerator", "accelerator_count",
          "ondemand_usd_per_hour", "spot_usd_per_hour"]


def dec(text):
    """Exact decimal, or None for an empty cell (no price recorded)."""
    text = (text or "").strip()
    return Decimal(text) if text else None


def fmt(value):
    """Plain decimal text without exponent or trailing zeros ('0.314700' -> '0.3147')."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def canonical(name):
    name = ALIASES.get(name, name)
    return name if name in CANONICAL else None


def count(text):
    value = Decimal(text)
    if value != value.to_integral_value():
        raise ValueError(f"fractional accelerator count {text!r}")
    return int(value)


def is_local_zone(az_id):
    # AWS Local Zones (use1-atl2-az1, usw2-lax1-az1) need an account opt-in and are not ordinary AZs of the
    # region; keeping them would make "cheapest spot in us-west-2" a Los Angeles local zone.
    return az_id.count("-") >= 2


def aws_rows(path, notes):
    for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
        acc = canonical(r["AcceleratorName"])
        if acc is None:
            notes.append(f"aws: dropped {r['InstanceType']} ({r['AcceleratorName']} is not a supported GPU)")
            continue
        if is_local_zone(r["AvailabilityZone"]):
            notes.append(f"aws: dropped {r['InstanceType']} in local zone {r['AvailabilityZone']}")
            continue
        yield ["aws", r["Region"], r["AvailabilityZone"], r["InstanceType"], acc, count(r["AcceleratorCount"]),
               dec(r["Price"]), dec(r["SpotPrice"])]


def azure_rows(path, notes):
    for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
        acc = canonical(r["AcceleratorName"])
        if acc is None:
            notes.append(f"azure: dropped {r['InstanceType']} ({r['AcceleratorName']} is not a supported GPU)")
            continue
        # The Azure catalog has no zone column: the zone stays empty.
        yield ["azure", r["Region"], "", r["InstanceType"], acc, count(r["AcceleratorCount"]),
               dec(r["Price"]), dec(r["SpotPrice"])]


def gcp_rows(path, notes):
    hosts = []
    # (accelerator, region) -> {count: (ondemand, spot, zones)}; GCP prices GPUs per region.
    gpus = {}
    for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
        if r["InstanceType"]:
            hosts.append(r)
            continue
        acc = canonical(r["AcceleratorName"])
        if acc is None:
            continue
        key = (acc, r["Region"])
        n = count(r["AcceleratorCount"])
        prices = (dec(r["Price"]), dec(r["SpotPrice"]))
        entry = gpus.setdefault(key, {}).setdefault(n, [prices, set()])
        if entry[0] != prices:
            raise ValueError(f"gcp: {acc} x{n} has different prices within {r['Region']}")
        entry[1].add(r["AvailabilityZone"])

    # GCP bills each GPU separately, so an N-GPU price is N x the per-GPU price. Check that on every
    # (GPU, region) where the catalog lists several counts before relying on it for the missing ones.
    for (acc, region), by_count in gpus.items():
        per_gpu = {n: (p[0][0] / n, p[0][1] / n) for n, p in by_count.items()}
        values = list(per_gpu.values())
        for od, spot in values[1:]:
            if abs(od - values[0][0]) > Decimal("0.00001") or abs(spot - values[0][1]) > Decimal("0.00001"):
                raise ValueError(f"gcp: {acc} in {region} is not priced linearly per GPU: {per_gpu}")

    for h in hosts:
        acc, n = GCP_HOST_GPUS.get(h["InstanceType"], (None, None))
        if acc is None:
            notes.append(f"gcp: dropped host {h['InstanceType']} (GPU type unknown)")
            continue
        by_count = gpus.get((acc, h["Region"]))
        if not by_count:
            notes.append(f"gcp: dropped {h['InstanceType']} {h['AvailabilityZone']} (no {acc} price in {h['Region']})")
            continue
        if n in by_count:
            (od, spot), zones = by_count[n]
        else:
            # Scale from the smallest listed count (documented in README.md).
            base = min(by_count)
            (od1, spot1), zones = by_count[base]
            od, spot = od1 / base * n, spot1 / base * n
            notes.append(f"gcp: {h['InstanceType']} {h['AvailabilityZone']}: {acc} x{n} scaled from x{base}")
        if h["AvailabilityZone"] not in zones:
            notes.append(f"gcp: dropped {h['InstanceType']} {h['AvailabilityZone']} (no {acc} row for that zone)")
            continue
        host_od, host_spot = dec(h["Price"]), dec(h["SpotPrice"])
        yield ["gcp", h["Region"], h["AvailabilityZone"], h["InstanceType"], acc, n,
               host_od + od, None if host_spot is None or spot is None else host_spot + spot]


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    catalog = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "catalog")
    notes = []
    rows = list(aws_rows(os.path.join(catalog, "aws-gpu-vms.csv"), notes))
    rows += gcp_rows(os.path.join(catalog, "gcp-gpu-vms.csv"), notes)
    rows += azure_rows(os.path.join(catalog, "azure-gpu-vms.csv"), notes)
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    seen = set()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(HEADER)
    for r in rows:
        key = tuple(r[:4])
        if key in seen:
            raise ValueError(f"duplicate row {key}")
        seen.add(key)
        out.writerow(r[:6] + [fmt(r[6]), fmt(r[7])])
    for note in notes:
        print(note, file=sys.stderr)
    print(f"{len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
