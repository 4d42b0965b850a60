-- wrk script for bench/router.sh: every request is the same small completion POST.
-- BENCH_BODY and BENCH_KEY come from the environment (router.sh sets them); the backends and nginx ignore the key.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or '{"model":"bench","prompt":"hello","max_tokens":16}'
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
