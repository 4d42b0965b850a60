#!/usr/bin/env bash
# Reliability chaos (long forms of the CI scenarios in RELIABILITY.md): the control-plane host killed at random
# points of its work KILLS times (CI: 5), then the cloud-throttling, preemption-storm and storage-restart scenarios.
# Prints each scenario's figures and writes them to bench/results/chaos.txt. Invariant of every scenario: live
# instances == live replica rows, no duplicate.
#
# Settings: KILLS=20, REPLICAS=10 (the throttling run's target). Needs dotnet and node (Azurite). Bounded: about 2 minutes plus 15 s per kill.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mkdir -p bench/results
out=bench/results/chaos.txt
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export SKYHEDGE_CHAOS_KILLS="${KILLS:-20}"
export SKYHEDGE_CHAOS_REPLICAS="${REPLICAS:-10}"
echo "chaos: ${SKYHEDGE_CHAOS_KILLS} host kills, throttling at ${SKYHEDGE_CHAOS_REPLICAS} replicas, storm, storage restart (build + run)..." >&2
rc=0
dotnet test tests/SkyHedge.Control.Tests -c Release \
  --filter "FullyQualifiedName~CrashSafetyTests|FullyQualifiedName~ControlPlaneFaultTests" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
{ echo "# bench/chaos.sh $(date -u +%Y-%m-%dT%H:%M:%SZ), KILLS=${SKYHEDGE_CHAOS_KILLS}, REPLICAS=${SKYHEDGE_CHAOS_REPLICAS}, exit ${rc}"
  grep -E "^\s*(kill [0-9]+:|converged |[0-9]+ replica rows|storm:|throttling|storage down|after the restart)" "$log" | sed 's/^ *//'
  grep -E "^\s*(Passed|Failed) SkyHedge" "$log" | sed 's/^ *//'; } | tee "$out"
exit "$rc"
