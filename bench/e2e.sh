#!/usr/bin/env bash
# End-to-end evaluation on the local stack, the local counterpart of the SpotHedge paper's real-cloud runs. For each
# policy (spothedge, skyhedge, ondemand) it starts `skyhedge local up` (Azurite, control plane, admin API, router and
# emulator replicas whose spot zones follow a real spot trace at TIME_SCALE x), replays a time-compressed slice of
# the Azure LLM conversation trace (../shared/data/requests/azure-llm-2023-conv-first30min.csv, real token counts)
# through the router with an open-loop client (bench/e2e/replay.py), reads the service's spend with `skyhedge status
# --json` at the end of the send window, lets the stack stop itself (--duration), and prints per policy: spend
# (dollars and spot-units), requests served/failed, P50/P90/P99 latency. JSON copy: bench/results/e2e.json; per-run
# logs, specs, service views and request lists: bench/results/e2e/. See bench/README.md, "End-to-end evaluation".
#
# Works from any directory; needs dotnet, node (for Azurite, as `local up` does) and python3 >= 3.9 (standard
# library only). Bounded: about 7-8 minutes with the defaults (build + 6 runs of about 68 s); every stack stops by
# itself, and on exit, error or Ctrl+C the script kills whatever is left of the stack it started.
#
# Runs are 45 s of sending so two rounds of three policies take about 8 minutes (bench/README.md, "Run length").
#
# Settings (environment variables):
#   POLICIES="spothedge skyhedge ondemand"   which runs, in this order (also: dynamic_fallback)
#   ROUNDS=2                 how many times each policy runs (rounds interleave the policies)
#   REPLAY_SECONDS=45        wall seconds of sending requests per run
#   WARMUP_SECONDS=5         wall seconds from the service's submission to the first request
#   DRAIN_SECONDS=10         after the last send, requests still unanswered this much later count as failed
#   TIME_SCALE=480           spot trace seconds per wall second (`local up --time-scale`)
#   EMULATOR_TIME_SCALE=8    emulated GPU speed-up (`local up --emulator-time-scale`)
#   COMPRESSION=3            request-trace seconds per wall second
#   TRACE_START=0            where in the request trace the slice starts (trace seconds)
#   MAX_OUTPUT_TOKENS=256    cap on max_tokens (the trace's GeneratedTokens)
#   REQUEST_TIMEOUT=60       per-request client timeout (the router holds a request up to 60 s for a replica)
#   MAX_RATE=20              refuse a slice whose mean rate exceeds this many requests/s
#   PREEMPT_TRACE=data/spot/aws-v100-excerpt   spot trace of the local cloud's zones
#   ONDEMAND_COST_RATIO=     price on-demand as R x spot (empty: the catalog's on-demand price)
#   DATA=../shared/data      the shared data folder
#   NO_BUILD=1               skip `dotnet build` (use the Release build already there)
#   JSON_OUT=bench/results/e2e.json   where the JSON goes
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$SECONDS
started_at_utc="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

POLICIES="${POLICIES:-spothedge skyhedge ondemand}"
ROUNDS="${ROUNDS:-2}"
REPLAY_SECONDS="${REPLAY_SECONDS:-45}"
WARMUP_SECONDS="${WARMUP_SECONDS:-5}"
DRAIN_SECONDS="${DRAIN_SECONDS:-10}"
TIME_SCALE="${TIME_SCALE:-480}"
EMULATOR_TIME_SCALE="${EMULATOR_TIME_SCALE:-8}"
COMPRESSION="${COMPRESSION:-3}"
TRACE_START="${TRACE_START:-0}"
MAX_OUTPUT_TOKENS="${MAX_OUTPUT_TOKENS:-256}"
REQUEST_TIMEOUT="${REQUEST_TIMEOUT:-60}"
MAX_RATE="${MAX_RATE:-20}"
PREEMPT_TRACE="${PREEMPT_TRACE:-data/spot/aws-v100-excerpt}"
ONDEMAND_COST_RATIO="${ONDEMAND_COST_RATIO:-}"
DATA="${DATA:-../shared/data}"
NO_BUILD="${NO_BUILD:-0}"
JSON_OUT="${JSON_OUT:-bench/results/e2e.json}"

SERVICE=e2e
API_KEY="e2e-bench-key-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
CLI_DLL="$root/cli/SkyHedge.Cli/bin/Release/net10.0/skyhedge.dll"
CSV="$DATA/requests/azure-llm-2023-conv-first30min.csv"
RESULTS_DIR="$root/bench/results/e2e"
STOP_MARGIN=3 # seconds between the drain deadline and the stack's self-stop

load_average() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0; }
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
log() { printf '[e2e.sh %4ds] %s\n' "$((SECONDS - started))" "$*" >&2; }
die() {
  printf 'e2e.sh: error: %s\n' "$*" >&2
  exit 1
}

# --- checks ------------------------------------------------------------------------------------------------------

[[ -d "$DATA" ]] || die "the shared data folder $DATA is missing (expected next to the clone, see ../shared/data/README.md); set DATA=DIR to point elsewhere."
[[ -f "$CSV" ]] || die "$CSV is missing: the request trace comes from the shared data folder (../shared/data/README.md, requests/)."
[[ -d "$PREEMPT_TRACE" || -f "$PREEMPT_TRACE" ]] || die "spot trace $PREEMPT_TRACE not found."
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH."
command -v python3 >/dev/null 2>&1 || die "python3 is not on PATH (the replayer is bench/e2e/replay.py)."
python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))' || die "python3 3.9 or newer is needed."
for setting in ROUNDS REPLAY_SECONDS WARMUP_SECONDS DRAIN_SECONDS REQUEST_TIMEOUT MAX_OUTPUT_TOKENS; do
  if [[ ! "${!setting}" =~ ^[0-9]+$ ]] || ((${!setting} == 0)); then die "$setting must be a positive integer, got '${!setting}'."; fi
done
for setting in TIME_SCALE EMULATOR_TIME_SCALE COMPRESSION MAX_RATE; do
  [[ "${!setting}" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "$setting must be a positive number, got '${!setting}'."
done
[[ "$TRACE_START" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "TRACE_START must be a number of seconds, got '$TRACE_START'."
[[ -z "$ONDEMAND_COST_RATIO" || "$ONDEMAND_COST_RATIO" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "ONDEMAND_COST_RATIO must be a number, got '$ONDEMAND_COST_RATIO'."
[[ -n "${POLICIES// /}" ]] || die "POLICIES is empty."
for policy in $POLICIES; do
  case "$policy" in spothedge | skyhedge | dynamic_fallback | ondemand) ;; *) die "unknown policy '$policy' (spothedge, skyhedge, dynamic_fallback, ondemand)." ;; esac
done

# --- processes and cleanup ---------------------------------------------------------------------------------------

tmp="$(mktemp -d "${TMPDIR:-/tmp}/skyhedge-e2e.XXXXXX")"
stack_pid=""
replay_pid=""

# The stack leads its own process group (see run_policy), so the group holds it, Azurite and every emulator.
group_alive() { [[ -n "$(ps -eo pgid= | awk -v g="$1" '$1 == g')" ]]; }

# `local up` stops by itself after --duration; an early stop sends it SIGTERM (an orderly stop), and kills its
# process group only if something is still there after 3 s.
kill_stack() {
  local pid="$1"
  [[ -n "$pid" ]] || return 0
  if group_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      group_alive "$pid" || break
      sleep 0.3
    done
    if group_alive "$pid"; then
      log "killing the stack's process group $pid"
      kill -KILL -- "-$pid" 2>/dev/null || true
      sleep 0.5
    fi
  fi
  { wait "$pid"; } 2>/dev/null || true
  rm -rf "${TMPDIR:-/tmp}/skyhedge-local/$pid" # the stack's replica logs
}

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if [[ -n "$replay_pid" ]]; then
    kill -TERM "$replay_pid" 2>/dev/null || true
    { wait "$replay_pid"; } 2>/dev/null || true
  fi
  if [[ -n "$stack_pid" ]]; then
    kill_stack "$stack_pid"
    stack_pid=""
  fi
  rm -rf "$tmp"
  exit "$code"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Sleep until Unix time $1, interruptibly (a trapped signal ends `wait` at once, not `sleep`).
sleep_until() {
  local secs
  secs="$(calc "max(0.0, $1 - $(now))")"
  sleep "$secs" &
  wait $! || true
}

# --- build -------------------------------------------------------------------------------------------------------

if [[ "$NO_BUILD" != 1 ]]; then
  log "building cli/SkyHedge.Cli (Release; the emulator comes with it)"
  if ! build_log="$(dotnet build cli/SkyHedge.Cli -c Release -v q --nologo 2>&1)"; then
    printf '%s\n' "$build_log" | tail -40 >&2
    die "cli/SkyHedge.Cli does not build (output above)."
  fi
fi
[[ -f "$CLI_DLL" ]] || die "$CLI_DLL is missing: build it (dotnet build cli/SkyHedge.Cli -c Release) or unset NO_BUILD."
[[ -f "$(dirname "$CLI_DLL")/skyhedge-emulator.dll" ]] || die "the emulator is not next to $CLI_DLL: rebuild cli/SkyHedge.Cli."
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR" "$(dirname "$JSON_OUT")"

# --- one run -----------------------------------------------------------------------------------------------------

write_spec() { # write_spec POLICY FILE
  if [[ "$1" == ondemand ]]; then
    cat >"$2" <<EOF
# bench/e2e.sh: on-demand only, no over-provisioning
name: $SERVICE
resources:
  use_spot: false
  any_of:
    - region: us-west-2
      accelerators: A10G:1
    - region: us-east-1
      accelerators: A10G:1
service:
  readiness_probe:
    path: /health
    initial_delay_seconds: 60
    timeout_seconds: 5
  replica_policy:
    min_replicas: 2
    max_replicas: 2
    num_overprovision: 0
EOF
  else
    cat >"$2" <<EOF
# bench/e2e.sh: spot with one extra replica and on-demand fallback, placer $1
name: $SERVICE
resources:
  use_spot: true
  any_of:
    - region: us-west-2
      accelerators: A10G:1
    - region: us-east-1
      accelerators: A10G:1
service:
  readiness_probe:
    path: /health
    initial_delay_seconds: 60
    timeout_seconds: 5
  replica_policy:
    min_replicas: 2
    max_replicas: 2
    num_overprovision: 1
    dynamic_ondemand_fallback: true
    spot_placer: $1
EOF
  fi
}

# The first line of FILE that reads `  LABEL  http://…`, as the URL.
url_after() { sed -n "s|^ *$1 *\(http://[^ ]*\).*|\1|p" "$2" | head -1; }

run_policy() { # run_policy POLICY ROUND
  local policy="$1" round="$2"
  local name="$policy-$round"
  local spec="$RESULTS_DIR/$policy.yaml" out="$RESULTS_DIR/$name.stack.out" err="$RESULTS_DIR/$name.stack.err"
  local duration=$((WARMUP_SECONDS + REPLAY_SECONDS + DRAIN_SECONDS + STOP_MARGIN))
  write_spec "$policy" "$spec"

  local extra=()
  [[ -z "$ONDEMAND_COST_RATIO" ]] || extra=(--ondemand-cost-ratio "$ONDEMAND_COST_RATIO")
  log "$name: starting the local stack (--time-scale $TIME_SCALE, --emulator-time-scale $EMULATOR_TIME_SCALE, --duration $duration)"
  local load_start spawned_at
  load_start="$(load_average)"
  spawned_at="$(now)"
  # Own session and process group (pid = group id), so the group is exactly the stack: the host, Azurite and every
  # emulator it starts. python3 only calls setsid() and execs dotnet, so $! is the stack's pid.
  python3 -c 'import os, sys
try:
    os.setsid()
except OSError:
    pass
os.execvp(sys.argv[1], sys.argv[1:])' \
    dotnet "$CLI_DLL" local up "$spec" --ports auto --duration "$duration" --api-key "$API_KEY" \
    --preempt-trace "$PREEMPT_TRACE" --time-scale "$TIME_SCALE" --emulator-time-scale "$EMULATOR_TIME_SCALE" "${extra[@]}" \
    </dev/null >"$out" 2>"$err" &
  stack_pid=$!

  local router="" admin="" waited=0
  while [[ -z "$router" || -z "$admin" ]]; do
    if ! kill -0 "$stack_pid" 2>/dev/null; then
      tail -20 "$err" >&2
      die "$name: the local stack exited before printing its endpoints (stderr above; logs in $RESULTS_DIR)."
    fi
    ((waited < 900)) || die "$name: no router URL after 90 s (logs in $RESULTS_DIR)."
    sleep 0.1
    waited=$((waited + 1))
    router="$(url_after 'router (OpenAI API):' "$out")"
    admin="$(url_after 'admin API:' "$out")"
  done
  local submitted_at
  submitted_at="$(now)" # --duration runs from about here (the spec was just submitted)
  # Never kill a group that is not the stack's own: kill_stack relies on pid = process group id.
  if [[ "$(ps -o pgid= -p "$stack_pid" | tr -d ' ')" != "$stack_pid" ]]; then
    local unsafe="$stack_pid"
    stack_pid=""
    die "$name: the stack (pid $unsafe) does not lead its own process group; it stops by itself within $duration s."
  fi
  log "$name: router $router, admin $admin"

  local start_at send_end deadline stop_at
  start_at="$(calc "$submitted_at + $WARMUP_SECONDS")"
  send_end="$(calc "$start_at + $REPLAY_SECONDS")"
  deadline="$(calc "$send_end + $DRAIN_SECONDS")"
  stop_at="$(calc "$submitted_at + $duration")"

  # In the background and waited for, so that a signal to this script ends the wait at once (the trap stops it).
  python3 bench/e2e/replay.py --csv "$CSV" --url "$router" --key "$API_KEY" --model "$SERVICE" \
    --duration "$REPLAY_SECONDS" --compression "$COMPRESSION" --trace-start "$TRACE_START" --max-rate "$MAX_RATE" \
    --max-output-tokens "$MAX_OUTPUT_TOKENS" --timeout "$REQUEST_TIMEOUT" --start-at "$start_at" --deadline "$deadline" \
    --admin "$admin" --target 2 --label "$name" --out "$tmp/$name.replay.json" --view-out "$tmp/$name.view.json" \
    --requests-csv "$RESULTS_DIR/$name.requests.csv" &
  replay_pid=$!

  # The spend: `skyhedge status --json` right at the end of the send window (requests may still be draining).
  sleep_until "$send_end"
  local status_at status_source=cli
  status_at="$(now)"
  if ! dotnet "$CLI_DLL" status "$SERVICE" --endpoint "${admin%/api}" --api-key "$API_KEY" --timeout 5 --json \
    >"$RESULTS_DIR/$name.status.json" 2>"$tmp/$name.status.err"; then
    log "$name: warning: skyhedge status failed ($(tail -1 "$tmp/$name.status.err")); using the replayer's service view"
    status_source=replayer
  fi

  local replay_rc=0
  wait "$replay_pid" || replay_rc=$?
  replay_pid=""
  ((replay_rc == 0)) || die "$name: the replay failed (exit $replay_rc)."
  local load_end
  load_end="$(load_average)"
  if [[ "$status_source" == replayer ]]; then
    [[ -s "$tmp/$name.view.json" ]] || die "$name: no service view to price the run with (the admin API did not answer)."
    cp "$tmp/$name.view.json" "$RESULTS_DIR/$name.status.json"
    status_at="$(python3 -c "import json; print(json.load(open('$tmp/$name.replay.json'))['view_read_at'])")"
  fi

  # The stack stops by itself at stop_at; give it its 10 s stop budget and some slack before killing it.
  local limit t=0 self_stopped=true
  limit="$(calc "int($stop_at - $(now) + 20)")"
  while kill -0 "$stack_pid" 2>/dev/null && ((t < limit * 10)); do
    sleep 0.1
    t=$((t + 1))
  done
  if kill -0 "$stack_pid" 2>/dev/null; then
    log "$name: warning: the stack did not stop by itself within 20 s of its --duration; killing it"
    self_stopped=false
  elif group_alive "$stack_pid"; then
    log "$name: warning: processes of the stack outlived it; killing them"
    self_stopped=false
  fi
  kill_stack "$stack_pid"
  stack_pid=""
  log "$name: stack $(grep -h "stopped in" "$err" | tail -1 || echo "did not report its stop")"

  python3 - "$tmp/$name.replay.json" "$spawned_at" "$submitted_at" "$status_at" "$status_source" "$self_stopped" \
    "$load_start" "$load_end" <<'PY'
import json, sys
path, spawned, submitted, status_at, source, self_stopped, load_start, load_end = sys.argv[1:]
d = json.load(open(path))
d["stack"] = {"spawned": float(spawned), "submitted": float(submitted), "status_read": float(status_at),
              "status_source": source, "stopped_by_itself": self_stopped == "true",
              "load_average": [float(load_start), float(load_end)]}
json.dump(d, open(path, "w"), indent=1)
PY
}

runs=()
for ((round = 1; round <= ROUNDS; round++)); do
  for policy in $POLICIES; do
    run_policy "$policy" "$round"
    runs+=("$policy=$tmp/$policy-$round.replay.json:$RESULTS_DIR/$policy-$round.status.json")
  done
done

# --- report ------------------------------------------------------------------------------------------------------

python3 bench/e2e/report.py --out "$JSON_OUT" --prices core/SkyHedge.Core/Data/prices.csv \
  --wall-seconds "$((SECONDS - started))" --started "$started_at_utc" --commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --settings "time_scale=$TIME_SCALE" "emulator_time_scale=$EMULATOR_TIME_SCALE" "compression=$COMPRESSION" \
  "rounds=$ROUNDS" "replay_seconds=$REPLAY_SECONDS" "warmup_seconds=$WARMUP_SECONDS" "drain_seconds=$DRAIN_SECONDS" \
  "max_output_tokens=$MAX_OUTPUT_TOKENS" "request_timeout_s=$REQUEST_TIMEOUT" "preempt_trace=$PREEMPT_TRACE" \
  "ondemand_cost_ratio=${ONDEMAND_COST_RATIO:-catalog}" "trace_start_s=$TRACE_START" \
  --runs "${runs[@]}"
log "done: wall time $((SECONDS - started)) s (JSON: ${JSON_OUT#"$root"/}, logs: ${RESULTS_DIR#"$root"/}/)"
