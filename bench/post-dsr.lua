-- wrk: one public DSR create per request (bench/load.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local body = string.format(
    '{"title":"Load %d","givenName":"Ada","familyName":"Load%d","email":"load%d@example.com","purposes":["Access"]}',
    n, n % 1009, n)
  return wrk.format(nil, nil, nil, body)
end
