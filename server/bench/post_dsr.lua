-- wrk script: POST a new DSR per request (server/bench/load.sh).
-- Each request carries a distinct e-mail so rows differ; no Idempotency-Key,
-- so every 201 is a real committed insert.
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = os.getenv("PW_BENCH_KEY") or "bench-public-key"

request = function()
  counter = counter + 1
  local body = string.format(
    '{"title":"Load %d","email":"load%d@example.com","givenName":"Load","familyName":"Test %d","purposes":["Access","Erasure"],"channel":"Widget","widgetId":1}',
    counter, counter, counter)
  return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
  local non2xx = summary.errors.status or 0
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, non2xx))
end
