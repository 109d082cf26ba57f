-- wrk script for bench/run.sh: bearer header, method and body from the environment, and one
-- machine-readable summary line at the end (no per-request Lua callbacks, so wrk stays on its fast path).
--   BENCH_TOKEN   bearer token (empty: no Authorization header, as for /healthz)
--   BENCH_METHOD  GET (default) or PUT ...
--   BENCH_BODY    request body (sent as application/json)
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.2f p50_us=%d p99_us=%d max_us=%d non2xx=%d sockerr=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
