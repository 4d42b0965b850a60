#!/usr/bin/env bash
# Builds Release and runs the simulator benchmark; results go to bench/results/simulator.json (git-ignored).
# Works from any directory: everything is relative to the repository root, found from this script's path.
# Extra arguments go to the benchmark, e.g. `bench/run.sh --quick`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

dotnet build bench/SkyHedge.Bench -c Release --nologo -v quiet
# The CLI too, so the benchmark can time a whole cold `skyhedge simulate` process against the budget.
dotnet build cli/SkyHedge.Cli -c Release --nologo -v quiet

mkdir -p bench/results
dotnet bench/SkyHedge.Bench/bin/Release/net10.0/SkyHedge.Bench.dll \
  --json bench/results/simulator.json \
  --cli cli/SkyHedge.Cli/bin/Release/net10.0/skyhedge.dll \
  "$@"
