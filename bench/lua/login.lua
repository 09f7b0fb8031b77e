-- POST /api/v1/login as random seeded accounts (bu1..buN, BENCH_ACCOUNTS) with the right
-- password (BENCH_PASSWORD). 2000 requests are built per thread in init() and cycled.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local requests, n, i = {}, 0, 0

function init()
  common.init()
  local accounts = tonumber(common.getenv("BENCH_ACCOUNTS"))
  local password = common.getenv("BENCH_PASSWORD")
  math.randomseed(tid * 7919 + os.time())
  for _ = 1, 2000 do
    local body = string.format('{"username":"bu%d","password":"%s"}', math.random(1, accounts), password)
    table.insert(requests, wrk.format("POST", "/api/v1/login",
      { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }, body))
  end
  n = #requests
end

function request()
  i = i % n + 1
  return requests[i]
end

function response(status)
  common.count(status)
end
