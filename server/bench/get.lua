-- wrk script: GET the DSR list with the path given by PW_BENCH_PATH
-- (server/bench/load.sh); prints the same RESULT line as post_dsr.lua.
wrk.headers["x-api-key"] = os.getenv("PW_BENCH_KEY") or "bench-admin-key"
wrk.path = os.getenv("PW_BENCH_PATH") or "/v1/ws/1/DataSubjectRequests"

done = function(summary, latency, requests)
  local non2xx = summary.errors.status or 0
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, non2xx))
end
