#!/usr/bin/env bash
# Reliability soak (long form of the CI soak in RELIABILITY.md): the whole local stack (Azurite, control plane,
# router, emulator replicas in trace-driven spot zones at 300x) under two back-to-back clients for SOAK_SECONDS,
# through preemptions from the shipped AWS trace. Prints and writes the test's "soak:" line (sent, ok, success
# rate, p50/p99 latency, instances launched, preempted, leaked) to bench/results/soak.txt. Leaked must be 0.
#
# Settings: SOAK_SECONDS=300. Needs dotnet and node (Azurite). Bounded: SOAK_SECONDS plus about a minute.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mkdir -p bench/results
out=bench/results/soak.txt
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export SKYHEDGE_SOAK_SECONDS="${SOAK_SECONDS:-300}"
echo "soak: ${SKYHEDGE_SOAK_SECONDS} s of traffic through the local stack (build + run)..." >&2
rc=0
dotnet test tests/SkyHedge.Cli.Tests -c Release --filter "FullyQualifiedName~LocalStackEndToEndTests" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
{ echo "# bench/soak.sh $(date -u +%Y-%m-%dT%H:%M:%SZ), SOAK_SECONDS=${SKYHEDGE_SOAK_SECONDS}, exit ${rc}"
  grep -E "^\s*soak:" "$log" | sed 's/^ *//' || echo "no soak line: see the test output"; } | tee "$out"
exit "$rc"
