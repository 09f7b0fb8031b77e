-- Token-authenticated reads. BENCH_MODE=users: GET /api/v1/users/{username} (the next user's
-- name, so mostly the public profile); BENCH_MODE=me: GET /api/v1/me. BENCH_TOKENS is a file of
-- "username access_token" lines, one per signed-in session; requests cycle through them. All
-- requests are built once in init(), so wrk spends its CPU on sending, not on Lua.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local requests, n, i = {}, 0, 0

function init()
  common.init()
  local mode = common.getenv("BENCH_MODE")
  local names, tokens = {}, {}
  for _, line in ipairs(common.read_lines(common.getenv("BENCH_TOKENS"))) do
    local name, token = line:match("^(%S+)%s+(%S+)")
    table.insert(names, name)
    table.insert(tokens, token)
  end
  assert(#tokens > 0, "no tokens in " .. os.getenv("BENCH_TOKENS"))
  for k = 1, #tokens do
    local path = "/api/v1/me"
    if mode == "users" then
      path = "/api/v1/users/" .. names[k % #names + 1]
    end
    table.insert(requests, wrk.format("GET", path,
      { ["Authorization"] = "Bearer " .. tokens[k], ["Accept"] = "application/json" }))
  end
  n = #requests
  i = (tid * 17) % n
end

function request()
  i = i % n + 1
  return requests[i]
end

function response(status)
  common.count(status)
end
