-- POST /api/v1/token/refresh, each token used exactly once. BENCH_REFRESH_TOKENS holds one
-- refresh token per session: one per connection plus one per thread, because wrk calls request()
-- once in the first thread to check the request before the run (that token is never sent);
-- thread k takes every BENCH_THREADS-th line. A thread keeps a queue: a request takes the oldest token, a 200 puts the rotated token
-- from its body at the back. Each session's chain is therefore rotated strictly in sequence (one
-- request in flight per session), as a client would; presenting a rotated token again would
-- revoke the session and show up as 401s. An empty queue (after failures) sends a dummy token,
-- counted as a 401, and is reported as "starved".
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local queue, first, last

function init()
  common.init()
  local threads = tonumber(common.getenv("BENCH_THREADS"))
  queue, first, last = {}, 1, 0
  for k, line in ipairs(common.read_lines(common.getenv("BENCH_REFRESH_TOKENS"))) do
    if (k - 1) % threads == tid - 1 then
      last = last + 1
      queue[last] = line
    end
  end
end

function request()
  local token = "starved"
  if first > last then
    common.add("starved")
  else
    token = queue[first]
    queue[first] = nil
    first = first + 1
  end
  return wrk.format("POST", "/api/v1/token/refresh",
    { ["Content-Type"] = "application/json", ["Accept"] = "application/json" },
    '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  common.count(status)
  if status == 200 then
    local token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
    if token then
      last = last + 1
      queue[last] = token
    else
      common.add("no_token_in_200")
    end
  end
end
