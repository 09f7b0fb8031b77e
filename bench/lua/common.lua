-- Shared by the wrk scripts: per-thread status counts, and done() writing one JSON object with
-- rate, latency percentiles and failures to $BENCH_RESULT (wrk's own report still goes to stdout).
local M = {}

local threads = {}

-- Runs in wrk's main Lua state once per thread, before the threads start.
function M.setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

-- Runs in each thread's own Lua state.
function M.init()
  statuses = {}
  -- script-specific counters, summed over threads into "extra" (e.g. refresh.lua's "starved")
  extra = {}
end

function M.add(name, n)
  extra[name] = (extra[name] or 0) + (n or 1)
end

function M.count(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function M.getenv(name, default)
  local value = os.getenv(name)
  if value == nil or value == "" then
    if default == nil then error("wrk script: environment variable " .. name .. " is not set") end
    return default
  end
  return value
end

function M.read_lines(path)
  local lines = {}
  local file = assert(io.open(path, "r"), "cannot read " .. path)
  for line in file:lines() do
    if line ~= "" then table.insert(lines, line) end
  end
  file:close()
  return lines
end

function M.done(summary, latency, requests)
  local counts, non2xx, responses, extras = {}, 0, 0, {}
  for _, thread in ipairs(threads) do
    for name, n in pairs(thread:get("extra") or {}) do extras[name] = (extras[name] or 0) + n end
    local s = thread:get("statuses") or {}
    for code, n in pairs(s) do
      counts[code] = (counts[code] or 0) + n
      responses = responses + n
      if code < 200 or code > 299 then non2xx = non2xx + n end
    end
  end
  local parts, extra_parts = {}, {}
  for code, n in pairs(counts) do table.insert(parts, string.format('"%d":%d', code, n)) end
  for name, n in pairs(extras) do table.insert(extra_parts, string.format('"%s":%d', name, n)) end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local json = string.format(
    '{"requests":%d,"responses":%d,"duration_s":%.3f,"rps":%.1f,'
      .. '"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"mean":%.3f,"max":%.3f},'
      .. '"statuses":{%s},"non2xx":%d,"extra":{%s},'
      .. '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d}}\n',
    summary.requests, responses, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, latency.max / 1000,
    table.concat(parts, ","), non2xx, table.concat(extra_parts, ","),
    e.connect, e.read, e.write, e.timeout)
  local out = os.getenv("BENCH_RESULT")
  if out and out ~= "" then
    local file = assert(io.open(out, "w"))
    file:write(json)
    file:close()
  else
    io.write(json)
  end
end

return M
