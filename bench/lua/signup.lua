-- POST /api/v1/signup with names unique across threads and connections: BENCH_PREFIX (unique
-- per run) .. "t" .. thread .. "n" .. per-thread counter; one thread's connections share its
-- counter, so no name is sent twice. Every name answered 201 is appended to
-- BENCH_CREATED_DIR/created-<thread>.txt, so bench/run can check that each is stored once.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local prefix, password, counter, created

function init()
  common.init()
  prefix = common.getenv("BENCH_PREFIX") .. "t" .. tid .. "n"
  password = common.getenv("BENCH_PASSWORD")
  counter = 0
  created = assert(io.open(common.getenv("BENCH_CREATED_DIR") .. "/created-" .. tid .. ".txt", "w"))
  created:setvbuf("line")
end

function request()
  counter = counter + 1
  local name = prefix .. counter
  local body = string.format('{"username":"%s","email":"%s@bench.invalid","password":"%s",'
    .. '"first_name":"Bench","last_name":"Signup","country":"NL"}', name, name, password)
  return wrk.format("POST", "/api/v1/signup",
    { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }, body)
end

function response(status, headers, body)
  common.count(status)
  if status == 201 then
    created:write(body:match('"username"%s*:%s*"([^"]+)"') or "?", "\n")
  end
end
