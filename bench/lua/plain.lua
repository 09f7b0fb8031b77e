-- GET of the URL given to wrk, no credentials: /api/v1/health, and the nginx return-200 ceiling.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

function init()
  common.init()
end

function response(status)
  common.count(status)
end
