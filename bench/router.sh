#!/usr/bin/env bash
# Router overhead benchmark. The same load goes straight to a zero-latency backend ("direct"), through nginx as a
# plain reverse proxy ("nginx") and through skyhedge-router ("router"). For each target it measures the maximum
# requests/s (closed loop: wrk, 1 thread, 64 connections) and p50/p99 latency at a fixed 1,000 requests/s (open loop:
# bench/router/openloop.c, or hey with GEN=hey). Then it prints the ratios router/nginx and router/direct. See
# bench/README.md, "Router benchmark".
#
# Installs nginx, wrk, and gcc or hey with apt-get when they are missing. Works from any directory. Everything it
# starts runs from a temp dir and is stopped on exit. Settings (environment variables):
#   DURATION=10        seconds per measured run (each target gets one throughput run and one latency run)
#   WARMUP=15          seconds of wrk load on each target before it is measured, in slices of 5 s
#   BACKENDS=4         zero-latency backends (nginx server blocks), all behind the router and the nginx proxy
#   RATE=1000          requests/s of the fixed-rate latency run
#   GEN=openloop       latency generator: openloop (bench/router/openloop.c) or hey
#   LAT_CONNECTIONS=32 openloop: keep-alive connections it may use
#   HEY_WORKERS=50     hey: workers; each sends RATE/HEY_WORKERS requests/s
#   CONNECTIONS=64     wrk connections for the maximum-throughput run
#   PROXY_CPU=0        core of the proxy under test (router or nginx proxy)
#   LOAD_CPU=1         core of the load generator and the backends
#   PIN=1              0: no taskset pinning
#   PORT_BASE=         first of BACKENDS+2 consecutive ports to use; empty: pick free ports
#   ROUTER_ARGS=       extra arguments for skyhedge-router (word-split), e.g. "--Logging:LogLevel:Default Warning"
#   NO_BUILD=1         skip `dotnet build` (use the Release build already there)
#   JSON_OUT=bench/results/router.json   where the JSON copy of the results goes (empty: none)
# The router gets DOTNET_TC_CallCountingDelayMs=0 unless that is set already (see the README: without it, tiered
# compilation on one core needs ~40 s of load to reach full speed). Other DOTNET_* variables reach it as usual.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true # bash 5.2: '&' in ${x//p/r} would mean the match

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
here="$root/bench/router"

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-15}"
BACKENDS="${BACKENDS:-4}"
RATE="${RATE:-1000}"
GEN="${GEN:-openloop}"
LAT_CONNECTIONS="${LAT_CONNECTIONS:-32}"
HEY_WORKERS="${HEY_WORKERS:-50}"
CONNECTIONS="${CONNECTIONS:-64}"
PROXY_CPU="${PROXY_CPU:-0}"
LOAD_CPU="${LOAD_CPU:-1}"
PIN="${PIN:-1}"
PORT_BASE="${PORT_BASE:-}"
ROUTER_ARGS="${ROUTER_ARGS:-}"
NO_BUILD="${NO_BUILD:-0}"
JSON_OUT="${JSON_OUT-bench/results/router.json}"
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs-0}"

ADMIN_KEY="bench-admin-key-0123456789abcdef"
BODY='{"model":"bench","prompt":"hello","max_tokens":16}'
ROUTER_BIN="$root/router/SkyHedge.Router/bin/Release/net10.0/skyhedge-router"
started_at=$SECONDS

log() { printf '[router.sh] %s\n' "$*" >&2; }
die() { printf 'router.sh: error: %s\n' "$*" >&2; exit 1; }

int_setting() {
  if [[ ! "$2" =~ ^[0-9]+$ ]] || (($2 < $3)); then die "$1 must be an integer >= $3, got '$2'."; fi
}
int_setting DURATION "$DURATION" 1
int_setting WARMUP "$WARMUP" 0
int_setting BACKENDS "$BACKENDS" 1
int_setting RATE "$RATE" 1
int_setting LAT_CONNECTIONS "$LAT_CONNECTIONS" 1
int_setting HEY_WORKERS "$HEY_WORKERS" 1
int_setting CONNECTIONS "$CONNECTIONS" 1
int_setting PROXY_CPU "$PROXY_CPU" 0
int_setting LOAD_CPU "$LOAD_CPU" 0
[[ -z "$PORT_BASE" ]] || int_setting PORT_BASE "$PORT_BASE" 1024
[[ "$GEN" == openloop || "$GEN" == hey ]] || die "GEN must be openloop or hey, got '$GEN'."

# --- tools -------------------------------------------------------------------------------------------------------

# nginx lives in /usr/sbin, which is not on every user's PATH.
find_nginx() { command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } || true; }

missing=()
[[ -n "$(find_nginx)" ]] || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [[ "$GEN" == hey ]]; then
  command -v hey >/dev/null 2>&1 || missing+=(hey)
elif ! command -v cc >/dev/null 2>&1 || [[ ! -e /usr/include/stdio.h ]]; then
  missing+=(gcc libc6-dev)
fi
if [[ "$PIN" == 1 ]] && ! command -v taskset >/dev/null 2>&1; then missing+=(util-linux); fi
if ((${#missing[@]})); then
  sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "${missing[*]} missing, not root and no sudo: install them first."
    sudo=(sudo)
  fi
  log "installing ${missing[*]} with apt-get"
  "${sudo[@]}" apt-get update -qq || die "apt-get update failed."
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed."
fi
NGINX="$(find_nginx)"
[[ -n "$NGINX" ]] || die "nginx is still not found after installing it."
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH (needed to build the router)."

cores="$(nproc)"
if [[ "$PIN" == 1 ]]; then
  if ((cores < 2)); then
    log "only $cores core: not pinning"
    PIN=0
  elif ((PROXY_CPU >= cores || LOAD_CPU >= cores)); then
    die "PROXY_CPU=$PROXY_CPU or LOAD_CPU=$LOAD_CPU is not a core of this $cores-core machine."
  fi
fi

# Command prefixes that pin to a core. Arrays, not a function: `pin nginx &` would fork a subshell, and $! would be
# that subshell rather than nginx (taskset execs its command, so "${pin_load[@]}" nginx & makes $! nginx).
pin_proxy=()
pin_load=()
if [[ "$PIN" == 1 ]]; then
  pin_proxy=(taskset -c "$PROXY_CPU")
  pin_load=(taskset -c "$LOAD_CPU")
fi

load_average() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0; }
load_start="$(load_average)"
if awk -v l="$load_start" 'BEGIN { exit !(l > 0.5) }'; then
  log "warning: load average $load_start before the benchmark: other work on this machine will add noise."
fi

# --- build -------------------------------------------------------------------------------------------------------

if [[ "$NO_BUILD" != 1 ]]; then
  log "building the router (Release)"
  if ! build_log="$(dotnet build router/SkyHedge.Router -c Release -v q --nologo 2>&1)"; then
    printf '%s\n' "$build_log" | tail -40 >&2
    die "the router does not build (dotnet build output above)."
  fi
fi
[[ -x "$ROUTER_BIN" ]] || die "$ROUTER_BIN is missing: build it (dotnet build router/SkyHedge.Router -c Release) or unset NO_BUILD."

# --- processes and cleanup ---------------------------------------------------------------------------------------

tmp="$(mktemp -d "${TMPDIR:-/tmp}/skyhedge-router-bench.XXXXXX")"
declare -A pids=()

# stop NAME: TERM the process, KILL it after 5 s, reap it.
stop() {
  local name="$1" pid="${pids[$1]:-}"
  [[ -n "$pid" ]] || return 0
  unset "pids[$name]"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for name in "${!pids[@]}"; do stop "$name"; done
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT
trap 'log terminated; exit 143' TERM

# started NAME LOG: the last background process is NAME; fail at once if it died.
started() {
  pids[$1]=$!
  sleep 0.2
  kill -0 "${pids[$1]}" 2>/dev/null || { tail -20 "$2" >&2 || true; die "$1 exited at start (log above)."; }
}

# wait_http NAME URL LOG [CURL ARGS...]: until URL answers 200, for 30 s at most.
wait_http() {
  local name="$1" url="$2" logfile="$3"
  shift 3
  for _ in $(seq 300); do
    kill -0 "${pids[$name]}" 2>/dev/null || { tail -20 "$logfile" >&2 || true; die "$name exited while starting (log above)."; }
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$@" "$url" || true)" == 200 ]] && return 0
    sleep 0.1
  done
  tail -20 "$logfile" >&2 || true
  die "$name did not answer 200 at $url within 30 s."
}

# check_post NAME URL: one request as the load sends it must get 200 and the backend's answer.
check_post() {
  local out code
  out="$(curl -s -w '\n%{http_code}' --max-time 5 -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $ADMIN_KEY" --data "$BODY" "$2" || true)"
  code="${out##*$'\n'}"
  [[ "$code" == 200 && "$out" == *text_completion* ]] || die "$1: POST $2 answered ${code:-nothing}: ${out%$'\n'*}"
}

port_free() { ! (: >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Ports: BACKENDS backends, the nginx proxy, the router. Below the ephemeral range (32768+) so that the load's own
# connections cannot take them.
ports=()
need=$((BACKENDS + 2))
if [[ -n "$PORT_BASE" ]]; then
  for ((i = 0; i < need; i++)); do
    port_free $((PORT_BASE + i)) || die "port $((PORT_BASE + i)) (from PORT_BASE) is in use."
    ports+=($((PORT_BASE + i)))
  done
else
  p=$((20000 + RANDOM % 10000))
  while ((${#ports[@]} < need)); do
    ((p < 32000)) || p=20000
    if port_free "$p"; then ports+=("$p"); fi
    p=$((p + 1))
  done
fi
backend_ports=("${ports[@]:0:BACKENDS}")
proxy_port="${ports[BACKENDS]}"
router_port="${ports[BACKENDS + 1]}"

# The nginx configs: bench/router/*.conf.in with @PLACEHOLDERS@ filled in (multi-line values are fine).
user_line=""
[[ $EUID -ne 0 ]] || user_line="user root;" # workers as root: they use the temp dir, which is mode 700
backend_servers=""
upstream_servers=""
for port in "${backend_ports[@]}"; do
  backend_servers+="    server {
        listen 127.0.0.1:$port backlog=4096;
        location / {
            return 200 '{\"id\":\"x\",\"object\":\"text_completion\",\"choices\":[{\"text\":\"ok\"}]}';
        }
    }
"
  upstream_servers+="        server 127.0.0.1:$port;
"
done
render() {
  local text
  text="$(<"$1")"
  text="${text//@TMP@/$tmp}"
  text="${text//@USER_LINE@/$user_line}"
  text="${text//@BACKEND_SERVERS@/$backend_servers}"
  text="${text//@UPSTREAM_SERVERS@/$upstream_servers}"
  text="${text//@PROXY_PORT@/$proxy_port}"
  printf '%s\n' "$text" >"$2"
}
render "$here/backends.conf.in" "$tmp/backends.conf"
render "$here/proxy.conf.in" "$tmp/proxy.conf"

if [[ "$GEN" == openloop ]]; then
  cc -O2 -Wall -o "$tmp/openloop" "$here/openloop.c" 2>"$tmp/openloop.cc.log" \
    || { cat "$tmp/openloop.cc.log" >&2; die "bench/router/openloop.c does not compile (above)."; }
fi

# --- load --------------------------------------------------------------------------------------------------------

export BENCH_BODY="$BODY" BENCH_KEY="$ADMIN_KEY"
declare -A max_rps=() p50=() p90=() p99=() p999=() max_ms=() fixed_rps=() late=() warm=()

# run_wrk TARGET URL SECONDS OUT: prints requests/s.
run_wrk() {
  "${pin_load[@]}" wrk -t1 -c"$CONNECTIONS" -d"$3"s --timeout 5s --latency -s "$here/post.lua" "$2" >"$4" 2>&1 \
    || { cat "$4" >&2; die "$1: wrk failed (output above)."; }
  local bad errors rps
  bad="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$4")"
  [[ -z "$bad" || "$bad" == 0 ]] || { cat "$4" >&2; die "$1: $bad answers were not 2xx under wrk (output above)."; }
  errors="$(grep -E '^ *Socket errors:' "$4" || true)"
  [[ -z "$errors" ]] || log "$1: wrk reported $errors"
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$4")"
  [[ -n "$rps" ]] || { cat "$4" >&2; die "$1: no Requests/sec in wrk's output (above)."; }
  echo "$rps"
}

# fixed_rate TARGET URL OUT: RATE requests/s for DURATION s; sets p50/p90/p99/p999/max_ms/fixed_rps/late.
fixed_rate() {
  local target="$1" url="$2" out="$3"
  if [[ "$GEN" == openloop ]]; then
    "${pin_load[@]}" "$tmp/openloop" -u "$url" -r "$RATE" -d "$DURATION" -c "$LAT_CONNECTIONS" -b "$BODY" \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN_KEY" >"$out" 2>&1 \
      || { cat "$out" >&2; die "$target: openloop failed (output above)."; }
    value() { awk -v k="$1" '$1 == k { print $2 }' "$out"; }
    local non2xx errors
    non2xx="$(value non2xx)"
    errors="$(value errors)"
    [[ "$non2xx" == 0 && "$errors" == 0 ]] || { cat "$out" >&2; die "$target: $non2xx non-2xx answers and $errors failed requests at $RATE requests/s (above)."; }
    p50[$target]="$(value p50_ms)"
    p90[$target]="$(value p90_ms)"
    p99[$target]="$(value p99_ms)"
    p999[$target]="$(value p999_ms)"
    max_ms[$target]="$(value max_ms)"
    fixed_rps[$target]="$(value achieved_rps)"
    late[$target]="$(value late)"
    if ((late[$target] * 100 > RATE * DURATION)); then
      log "warning: $target: ${late[$target]} requests waited > 1 ms to be sent (a busy core?); their wait counts as latency."
    fi
  else
    local q
    q="$(awk -v r="$RATE" -v w="$HEY_WORKERS" 'BEGIN { printf "%g", r / w }')"
    "${pin_load[@]}" hey -z "${DURATION}s" -c "$HEY_WORKERS" -q "$q" -m POST -T application/json \
      -H "Authorization: Bearer $ADMIN_KEY" -d "$BODY" "$url" >"$out" 2>&1 \
      || { cat "$out" >&2; die "$target: hey failed (output above)."; }
    # hey prints "  50% in 0.0004 secs" (some builds "50%%"), "  [200]\t10000 responses", "Error distribution:".
    pct() { awk -v p="^$1%" '$1 ~ p && $2 == "in" { printf "%.3f", $3 * 1000 }' "$out"; }
    p50[$target]="$(pct 50)"
    p90[$target]="$(pct 90)"
    p99[$target]="$(pct 99)"
    p999[$target]=null
    max_ms[$target]="$(awk '$1 == "Slowest:" { printf "%.3f", $2 * 1000 }' "$out")"
    fixed_rps[$target]="$(awk '/Requests\/sec:/ { print $2 }' "$out")"
    late[$target]=null
    [[ -n "${p50[$target]}" && -n "${p99[$target]}" ]] || { cat "$out" >&2; die "$target: no latency distribution in hey's output (above)."; }
    if grep -q 'Error distribution' "$out" || awk '$1 ~ /^\[[0-9]+\]$/ && $1 != "[200]" { bad = 1 } END { exit !bad }' "$out"; then
      cat "$out" >&2
      die "$target: errors or non-200 answers under hey (output above)."
    fi
  fi
  if awk -v got="${fixed_rps[$target]}" -v want="$RATE" 'BEGIN { exit !(got < 0.95 * want) }'; then
    log "warning: $target: only ${fixed_rps[$target]} of $RATE requests/s were answered; the latencies are not at the fixed rate."
  fi
}

# measure TARGET URL: warm-up, maximum throughput, then latency at RATE.
measure() {
  local target="$1" url="$2" rps slice=0 slices=() left="$WARMUP" seconds
  while ((left > 0)); do
    seconds=$((left < 5 ? left : 5))
    left=$((left - seconds))
    slice=$((slice + 1))
    rps="$(run_wrk "$target" "$url" "$seconds" "$tmp/wrk-$target-warmup-$slice.txt")"
    slices+=("$(printf '%.0f' "$rps")")
  done
  if ((${#slices[@]})); then
    warm[$target]="${slices[*]}"
    log "$target: warm-up ${WARMUP}s, requests/s per slice: ${slices[*]}"
  fi

  log "$target: maximum throughput (wrk -t1 -c$CONNECTIONS, ${DURATION}s)"
  max_rps[$target]="$(run_wrk "$target" "$url" "$DURATION" "$tmp/wrk-$target.txt")"
  if ((${#slices[@]})) && awk -v m="${max_rps[$target]}" -v w="${slices[-1]}" 'BEGIN { exit !(m > 1.15 * w) }'; then
    log "warning: $target: the measured run was >15% faster than the last warm-up slice; it may not have been warm (raise WARMUP)."
  fi
  sleep 1

  log "$target: latency at $RATE requests/s ($GEN, ${DURATION}s)"
  fixed_rate "$target" "$url" "$tmp/$GEN-$target.txt"
  sleep 1
}

# --- backends ----------------------------------------------------------------------------------------------------

log "temp dir $tmp; backends on ${backend_ports[*]}, nginx proxy on $proxy_port, router on $router_port"
if [[ "$PIN" == 1 ]]; then
  log "pinning: proxy under test on core $PROXY_CPU; backends, wrk and $GEN on core $LOAD_CPU"
fi
"$NGINX" -t -q -p "$tmp" -c "$tmp/backends.conf" -e "$tmp/backends.error.log" 2>"$tmp/backends.test.log" \
  || { cat "$tmp/backends.test.log" >&2; die "the backends' nginx config is invalid (above; $tmp/backends.conf)."; }
"${pin_load[@]}" "$NGINX" -p "$tmp" -c "$tmp/backends.conf" -e "$tmp/backends.error.log" >"$tmp/backends.out" 2>&1 &
started backends "$tmp/backends.error.log"
for port in "${backend_ports[@]}"; do
  wait_http backends "http://127.0.0.1:$port/" "$tmp/backends.error.log"
done

# --- direct ------------------------------------------------------------------------------------------------------

direct_url="http://127.0.0.1:${backend_ports[0]}/v1/completions"
check_post direct "$direct_url"
measure direct "$direct_url"

# --- nginx as a reverse proxy ------------------------------------------------------------------------------------

"$NGINX" -t -q -p "$tmp" -c "$tmp/proxy.conf" -e "$tmp/proxy.error.log" 2>"$tmp/proxy.test.log" \
  || { cat "$tmp/proxy.test.log" >&2; die "the nginx proxy config is invalid (above; $tmp/proxy.conf)."; }
"${pin_proxy[@]}" "$NGINX" -p "$tmp" -c "$tmp/proxy.conf" -e "$tmp/proxy.error.log" >"$tmp/proxy.out" 2>&1 &
started nginx "$tmp/proxy.error.log"
nginx_url="http://127.0.0.1:$proxy_port/v1/completions"
wait_http nginx "$nginx_url" "$tmp/proxy.error.log" -X POST -H 'Content-Type: application/json' --data "$BODY"
check_post nginx "$nginx_url"
measure nginx "$nginx_url"
stop nginx

# --- router ------------------------------------------------------------------------------------------------------

{
  printf '{"services": [{"name": "bench", "load_balancing_policy": "least_load", "replicas": ['
  for i in "${!backend_ports[@]}"; do
    ((i == 0)) || printf ', '
    printf '{"id": "b%d", "address": "http://127.0.0.1:%d", "accelerator": "A10G", "token": "t%d"}' \
      $((i + 1)) "${backend_ports[i]}" $((i + 1))
  done
  printf ']}]}\n'
} >"$tmp/replicas.json"

# shellcheck disable=SC2086 # ROUTER_ARGS is meant to be word-split
"${pin_proxy[@]}" "$ROUTER_BIN" --urls "http://127.0.0.1:$router_port" --replicas "$tmp/replicas.json" \
  --SKYHEDGE_ADMIN_KEY "$ADMIN_KEY" \
  --SkyHedge:Router:RateLimitPerSecond 100000000 --SkyHedge:Router:RateLimitBurst 100000000 \
  $ROUTER_ARGS >"$tmp/router.log" 2>&1 &
started router "$tmp/router.log"
router_url="http://127.0.0.1:$router_port/v1/completions"
wait_http router "http://127.0.0.1:$router_port/healthz" "$tmp/router.log"
# The replica file is read at start and every 2 s: wait until the service lists every backend as ready.
ready=""
models=""
for _ in $(seq 150); do
  models="$(curl -s --max-time 1 -H "Authorization: Bearer $ADMIN_KEY" "http://127.0.0.1:$router_port/v1/models" || true)"
  ready="$(printf '%s' "$models" | tr -d ' \n' | grep -o '"id":"bench"[^}]*"ready_replicas":[0-9]*' | grep -o '[0-9]*$' || true)"
  [[ "$ready" == "$BACKENDS" ]] && break
  sleep 0.2
done
[[ "$ready" == "$BACKENDS" ]] || {
  tail -20 "$tmp/router.log" >&2 || true
  die "the router lists ${ready:-no} ready replicas of 'bench', expected $BACKENDS (/v1/models: ${models:-no answer})."
}
check_post router "$router_url"
measure router "$router_url"
stop router

# --- report ------------------------------------------------------------------------------------------------------

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "null" }'; }
delta() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'; }
r_nginx="$(ratio "${max_rps[router]}" "${max_rps[nginx]}")"
r_direct="$(ratio "${max_rps[router]}" "${max_rps[direct]}")"
n_direct="$(ratio "${max_rps[nginx]}" "${max_rps[direct]}")"
p99_nginx="$(delta "${p99[router]}" "${p99[nginx]}")"
p99_direct="$(delta "${p99[router]}" "${p99[direct]}")"
p50_nginx="$(delta "${p50[router]}" "${p50[nginx]}")"
p50_direct="$(delta "${p50[router]}" "${p50[direct]}")"
meets_tput="$(awk -v r="$r_nginx" 'BEGIN { print (r + 0 >= 0.8) ? "yes" : "no" }')"
meets_p99="$(awk -v d="$p99_direct" 'BEGIN { print (d + 0 <= 1.0) ? "yes" : "no" }')"
load_end="$(load_average)"
elapsed=$((SECONDS - started_at))

echo
echo "router benchmark: $BACKENDS zero-latency backends; ${DURATION}s per run after ${WARMUP}s warm-up; wrk -t1 -c$CONNECTIONS; $GEN at $RATE requests/s"
if [[ "$PIN" == 1 ]]; then
  echo "pinning: proxy under test on core $PROXY_CPU; backends and load generators on core $LOAD_CPU ($cores cores)"
else
  echo "pinning: none ($cores cores)"
fi
printf '%-8s %10s %13s %13s\n' target max_rps "p50_ms@$RATE" "p99_ms@$RATE"
for target in direct nginx router; do
  printf '%-8s %10.0f %13.3f %13.3f\n' "$target" "${max_rps[$target]}" "${p50[$target]}" "${p99[$target]}"
done
echo "ratios: router/nginx throughput=$r_nginx  router/direct throughput=$r_direct  added p99 vs nginx=$p99_nginx ms, vs direct=$p99_direct ms"
echo "        (nginx/direct throughput=$n_direct; added p50 vs nginx=$p50_nginx ms, vs direct=$p50_direct ms)"
echo "targets: router/nginx throughput >= 0.80: $meets_tput; added p99 vs direct <= 1 ms: $meets_p99"
echo "load average: $load_start at start, $load_end at end (above ~0.5, other work shares the cores: expect noise)"
echo "wall time: ${elapsed}s (build included)"

if [[ -n "$JSON_OUT" ]]; then
  if mkdir -p "$(dirname "$JSON_OUT")" 2>/dev/null && [[ -w "$(dirname "$JSON_OUT")" ]]; then
    target_json() {
      printf '"%s": {"max_rps": %s, "p50_ms": %s, "p90_ms": %s, "p99_ms": %s, "p999_ms": %s, "max_ms": %s, "fixed_rate_rps": %s, "late_sends": %s, "warmup_rps": [%s]}' \
        "$1" "${max_rps[$1]}" "${p50[$1]}" "${p90[$1]}" "${p99[$1]}" "${p999[$1]}" "${max_ms[$1]:-null}" "${fixed_rps[$1]}" \
        "${late[$1]}" "$(tr ' ' ',' <<<"${warm[$1]:-}")"
    }
    json_string() { local s="${1//\\/\\\\}"; printf '"%s"' "${s//\"/\\\"}"; }
    bool() { [[ "$1" == yes ]] && echo true || echo false; }
    {
      printf '{\n'
      printf '  "date": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
      printf '  "commit": "%s",\n' "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
      printf '  "machine": {"cores": %s, "load_average_start": %s, "load_average_end": %s, "nginx": "%s", "wrk": "%s"},\n' \
        "$cores" "$load_start" "$load_end" "$("$NGINX" -v 2>&1 | sed 's/.*nginx\///')" "$(wrk -v 2>&1 | head -1 | awk '{ print $2 }')"
      printf '  "settings": {"duration_s": %s, "warmup_s": %s, "backends": %s, "rate": %s, "generator": "%s", "wrk_connections": %s, "pinned": %s, "proxy_cpu": %s, "load_cpu": %s, "router_args": %s, "DOTNET_TC_CallCountingDelayMs": %s},\n' \
        "$DURATION" "$WARMUP" "$BACKENDS" "$RATE" "$GEN" "$CONNECTIONS" "$([[ "$PIN" == 1 ]] && echo true || echo false)" \
        "$PROXY_CPU" "$LOAD_CPU" "$(json_string "$ROUTER_ARGS")" "$(json_string "$DOTNET_TC_CallCountingDelayMs")"
      printf '  "targets": {\n    %s,\n    %s,\n    %s\n  },\n' "$(target_json direct)" "$(target_json nginx)" "$(target_json router)"
      printf '  "ratios": {"router_nginx_throughput": %s, "router_direct_throughput": %s, "nginx_direct_throughput": %s, "added_p99_ms_vs_nginx": %s, "added_p99_ms_vs_direct": %s, "added_p50_ms_vs_nginx": %s, "added_p50_ms_vs_direct": %s},\n' \
        "$r_nginx" "$r_direct" "$n_direct" "${p99_nginx#+}" "${p99_direct#+}" "${p50_nginx#+}" "${p50_direct#+}"
      printf '  "targets_met": {"router_nginx_throughput_ge_0_8": %s, "added_p99_vs_direct_le_1ms": %s},\n' \
        "$(bool "$meets_tput")" "$(bool "$meets_p99")"
      printf '  "wall_time_s": %s\n' "$elapsed"
      printf '}\n'
    } >"$JSON_OUT"
    echo "json: $JSON_OUT"
  else
    log "warning: cannot write $JSON_OUT; no JSON copy."
  fi
fi
