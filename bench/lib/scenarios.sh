# shellcheck shell=bash disable=SC2154,SC2034 # variables shared with bench/run, which sources this file
# What is measured under load: wrk, the machine's ceilings, the scenarios and the JFR profiles
# of missed targets. Sourced by bench/run (its variables and functions).

# --- wrk --------------------------------------------------------------------------------------
# start_wrk OUT_JSON URL SCRIPT SECONDS CONNECTIONS NAME [ENV=VALUE...]: one wrk run in the
# background (tracked as NAME), its output beside OUT_JSON; its PID in REPLY.
start_wrk() {
  local out=$1 url=$2 script=$3 seconds=$4 conns=$5 name=$6
  shift 6
  env BENCH_LUA_DIR="$bench_dir/lua" BENCH_RESULT="$out" BENCH_THREADS="$threads" BENCH_PASSWORD="$password" \
    BENCH_ACCOUNTS="$accounts" "$@" \
    wrk -t "$threads" -c "$conns" -d "${seconds}s" --timeout 30s -s "$bench_dir/lua/$script" "$url" \
    >"${out%.json}.wrk.txt" 2>&1 &
  REPLY=$!
  track "$REPLY" "$name"
}

# run_wrk OUT_JSON URL SCRIPT SECONDS [ENV=VALUE...]: one wrk run on $connections connections,
# waited for; its JSON summary to OUT_JSON.
run_wrk() {
  local out=$1 url=$2 script=$3 seconds=$4 pid status=0
  shift 4
  start_wrk "$out" "$url" "$script" "$seconds" "$connections" wrk "$@"
  pid=$REPLY
  wait "$pid" || status=$?
  untrack "$pid"
  ((status == 0)) || die "wrk failed: $(cat "${out%.json}.wrk.txt")"
  [[ -s $out ]] || die "wrk wrote no summary: $(cat "${out%.json}.wrk.txt")"
}

# wait_idle PID...: until these processes together use under 10 % of one CPU (max 30 s), so that
# requests still in flight when wrk stopped (64 queued logins take seconds) are not billed to
# the next run.
# cpu_ticks PID: user + system ticks of a process so far (0 once it is gone)
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
wait_idle() {
  local hz deadline=$((SECONDS + 30)) before after pid
  hz=$(getconf CLK_TCK)
  while ((SECONDS < deadline)); do
    before=0
    for pid; do before=$((before + $(cpu_ticks "$pid"))); done
    sleep 0.5
    after=0
    for pid; do after=$((after + $(cpu_ticks "$pid"))); done
    (((after - before) * 20 < hz)) && return 0
  done
  # still busy after 30 s (a flood's queued logins on a service that queues them): go on anyway
  return 0
}

# login_pool COUNT FILE: COUNT new sessions (4 logins at a time, directly against instance 1),
# as "username access_token refresh_token" lines.
login_pool() {
  local count=$1 file=$2 i user dir=$2.d
  local -a jobs=()
  mkdir -p "$dir"
  for ((i = 1; i <= count; i++)); do
    user=bu$(((i - 1) % accounts + 1))
    curl -sS -o "$dir/$user.$i.json" -H 'Content-Type: application/json' \
      --data "{\"username\":\"$user\",\"password\":\"$password\"}" "$direct/api/v1/login" &
    jobs+=("$!")
    if ((${#jobs[@]} >= 4)); then
      wait "${jobs[@]}"
      jobs=()
    fi
  done
  ((${#jobs[@]} == 0)) || wait "${jobs[@]}"
  for f in "$dir"/*.json; do
    user=$(basename "$f")
    jq -r --arg user "${user%%.*}" '"\($user) \(.access_token) \(.refresh_token)"' "$f"
  done >"$file"
  if grep -q ' null' "$file"; then
    local sample=("$dir"/*.json)
    die "logins for the token pool failed, e.g.: $(head -c 300 "${sample[0]}")"
  fi
}

# The ceiling of the static 200 and each scenario: warm-up (discarded), then the measured run.
scenario_url() {
  case $2 in
    nginx) printf '%s' "$edge" ;;
    direct) printf '%s' "$direct" ;;
  esac
  case $1 in
    health) printf '/api/v1/health' ;;
    *) printf '/' ;;
  esac
}

# Login and signup run at a concurrency the hashing gate admits (one hash per CPU, the rest wait
# their turn): what a login costs, not what shedding costs. At --connections 64 nearly every
# request was answered 503 at once (a few dozen logins/s, thousands of 503/s); overload is the
# flood scenario's business.
hash_connections=$((2 * $(nproc)))
# scenario_connections NAME: the connections a scenario runs with
scenario_connections() {
  case $1 in
    login | signup) printf '%s' "$hash_connections" ;;
    *) printf '%s' "$connections" ;;
  esac
}

# run_scenario NAME VIA PHASE SECONDS OUT_JSON
run_scenario() {
  local name=$1 via=$2 phase=$3 seconds=$4 out=$5 url prefix pool
  url=$(scenario_url "$name" "$via")
  local scenario_conns
  scenario_conns=$(scenario_connections "$name")
  local connections=$scenario_conns
  case $name in
    health) run_wrk "$out" "$url" plain.lua "$seconds" ;;
    users | me) run_wrk "$out" "$url" read.lua "$seconds" BENCH_MODE="$name" BENCH_TOKENS="$work/read-tokens.txt" ;;
    login) run_wrk "$out" "$url" login.lua "$seconds" ;;
    flood)
      # the flood: logins on $flood_connections connections for the whole run (and a second
      # before and after), the measured reads on $flood_readers connections meanwhile
      # not scenario-*.json: the report takes those for scenarios
      local logins=${out%/*}/logins-${out##*/}
      start_wrk "$logins" "$url" login.lua "$((seconds + 2))" "$flood_connections" wrk-flood
      local flood_pid=$REPLY
      sleep 1
      connections=$flood_readers run_wrk "$out" "$url" read.lua "$seconds" BENCH_MODE=me \
        BENCH_TOKENS="$work/read-tokens.txt"
      wait "$flood_pid" || true
      untrack "$flood_pid"
      [[ -s $logins ]] || die "the flood scenario wrote no summary of its logins: $(cat "${logins%.json}.wrk.txt")"
      jq --slurpfile logins "$logins" --argjson flood "$flood_connections" --argjson readers "$flood_readers" \
        '.flood = {login_connections: $flood, read_connections: $readers, logins: $logins[0]}' "$out" >"$out.tmp" &&
        mv "$out.tmp" "$out"
      ;;
    signup)
      prefix=s$(printf '%s' "$stamp" | tail -c 7 | tr -dc '0-9')${via:0:1}${phase:0:1}
      mkdir -p "${out%.json}.created"
      run_wrk "$out" "$url" signup.lua "$seconds" BENCH_PREFIX="$prefix" BENCH_CREATED_DIR="${out%.json}.created"
      printf '%s' "$prefix" >"${out%.json}.prefix"
      ;;
    refresh)
      pool=${out%.json}.pool
      # one per connection, one spare per thread (see refresh.lua)
      [[ -s $pool ]] || login_pool "$((connections + threads))" "$pool"
      cut -d' ' -f3 "$pool" >"$pool.refresh"
      run_wrk "$out" "$url" refresh.lua "$seconds" BENCH_REFRESH_TOKENS="$pool.refresh"
      ;;
    *) die "unknown scenario $name" ;;
  esac
}

# signup_check OUT_JSON: every name answered 201 is in the database exactly once.
signup_check() {
  local out=$1 prefix created answered rows missing dupes
  prefix=$(cat "${out%.json}.prefix")
  created=${out%.json}.created.txt
  cat "${out%.json}.created"/*.txt 2>/dev/null | sort >"$created" || true
  answered=$(jq '.statuses["201"] // 0' "$out")
  dupes=$(uniq -d "$created" | wc -l)
  rows=$(psql_auth -d auth -c "SELECT count(*) FROM accounts WHERE username LIKE '${prefix}t%'")
  missing=$(psql_auth -d auth -c "CREATE TEMP TABLE answered (username text)" \
    -c "\\copy answered FROM '$created'" \
    -c "SELECT count(*) FROM answered a WHERE (SELECT count(*) FROM accounts c WHERE lower(c.username) = lower(a.username)) <> 1")
  jq --arg prefix "$prefix" --argjson names "$(wc -l <"$created")" --argjson answered "$answered" \
    --argjson rows "$rows" --argjson missing "$missing" --argjson dupes "$dupes" \
    '.signup_check = {prefix: $prefix, answered_201: $answered, names_in_201_bodies: $names,
      rows_with_prefix: $rows, not_stored_once: $missing, duplicate_201_names: $dupes,
      unanswered_rows: ($rows - $names),
      ok: ($missing == 0 and $dupes == 0 and $names == $answered and $rows >= $names)}' \
    "$out" >"$out.tmp" && mv "$out.tmp" "$out"
}

annotate() { # OUT_JSON key=JSON...: sets fields, e.g. annotate f.json 'via="nginx"' connections=64
  local out=$1
  shift
  local args=() filter=. kv
  for kv in "$@"; do
    args+=(--argjson "${kv%%=*}" "${kv#*=}")
    filter+=" | .${kv%%=*} = \$${kv%%=*}"
  done
  jq "${args[@]}" "$filter" "$out" >"$out.tmp" && mv "$out.tmp" "$out"
}

# --- ceilings ---------------------------------------------------------------------------------
note_others
log "ceiling: nginx return 200 (${warmup} s warm-up, ${duration} s)"
run_wrk "$parts/warm-ceiling-nginx.json" "http://127.0.0.1:$static_port/static-200" plain.lua "$warmup"
run_wrk "$parts/ceiling-nginx.json" "http://127.0.0.1:$static_port/static-200" plain.lua "$duration"
annotate "$parts/ceiling-nginx.json" 'ceiling="nginx_static"'
log "ceiling: nginx proxying to its own return 200 (${warmup} s warm-up, ${duration} s)"
run_wrk "$parts/warm-ceiling-nginx-proxy.json" "http://127.0.0.1:$static_port/proxied-200" plain.lua "$warmup"
run_wrk "$parts/ceiling-nginx-proxy.json" "http://127.0.0.1:$static_port/proxied-200" plain.lua "$duration"
annotate "$parts/ceiling-nginx-proxy.json" 'ceiling="nginx_proxy"'

argon2_workers=$(nproc)
log "ceiling: argon2id native CLI (m=$argon2_memory_kib KiB t=$argon2_iterations p=$argon2_parallelism), $argon2_workers processes, $duration s"
argon2_dir=$work/argon2
mkdir -p "$argon2_dir"
argon2_worker() {
  local end=$((SECONDS + $1)) count=0
  while ((SECONDS < end)); do
    printf '%s' "$password" | argon2 benchsaltforrate -id -t "$argon2_iterations" -k "$argon2_memory_kib" \
      -p "$argon2_parallelism" -l 32 -r >/dev/null
    count=$((count + 1))
  done
  printf '%d\n' "$count" >"$argon2_dir/$2"
}
t0=$(date +%s%N)
jobs_list=()
for ((w = 1; w <= argon2_workers; w++)); do
  argon2_worker "$duration" "$w" &
  jobs_list+=("$!")
  track "$!" argon2-worker
done
for pid in "${jobs_list[@]}"; do
  wait "$pid"
  untrack "$pid"
done
elapsed_ms=$((($(date +%s%N) - t0) / 1000000))
hashes=$(cat "$argon2_dir"/* | awk '{ sum += $1 } END { print sum }')
jq -n --argjson hashes "$hashes" --argjson ms "$elapsed_ms" --argjson workers "$argon2_workers" \
  --argjson m "$argon2_memory_kib" --argjson t "$argon2_iterations" --argjson p "$argon2_parallelism" \
  '{ceiling: "argon2_native", hashes: $hashes, seconds: ($ms / 1000), rate: ($hashes / ($ms / 1000)),
    ms_per_hash_per_core: ($ms * $workers / $hashes), workers: $workers,
    parameters: "argon2id m=\($m) KiB (-k \($m)) t=\($t) p=\($p), 32-byte hash", tool: "argon2 (libargon2 CLI), one process per hash"}' \
  >"$parts/ceiling-argon2.json"

for impl in native java; do
  log "ceiling: argon2id in the JVM ($impl), $argon2_workers threads, $duration s"
  status=0
  run_fg "$java25" --enable-native-access=ALL-UNNAMED -cp "$work/extracted/lib/*" "$bench_dir/Argon2Rate.java" "$impl" \
    "$duration" "$argon2_workers" "$argon2_memory_kib" "$argon2_iterations" "$argon2_parallelism" \
    >"$work/argon2-jvm-$impl.json" 2>"$work/logs/argon2-jvm-$impl.log" || status=$?
  if ((status == 3)); then
    log "  argon2-jvm is not in this jar: no native JVM figure"
    continue
  fi
  ((status == 0)) || die "JVM Argon2 rate ($impl) failed: $work/logs/argon2-jvm-$impl.log"
  jq --arg tool "$(if [[ $impl == native ]]; then echo "libargon2 via argon2-jvm (JNA), as the service hashes when it loads"; else echo "Spring's Argon2PasswordEncoder (BouncyCastle), the service's fallback"; fi)" \
    '{ceiling: "argon2_jvm_\(.impl)", hashes, seconds, rate, ms_per_hash_per_core: (.seconds * 1000 * .threads / .hashes),
      workers: .threads, tool: "\($tool), Java 25, in-process"}' \
    "$work/argon2-jvm-$impl.json" >"$parts/ceiling-argon2-jvm-$impl.json"
done

pgbench_clients=$((hikari_pool * replicas))
pgbench_scale=4
[[ $quick == false ]] || pgbench_scale=1
log "ceiling: PostgreSQL PK lookups (pgbench -S -M prepared, scale $pgbench_scale, $pgbench_clients clients = Hikari pool x replicas), $duration s"
export PGPASSWORD=$db_password
run_fg pgbench -h 127.0.0.1 -p "$pg_port" -U auth -i -q -s "$pgbench_scale" pgbench >"$work/logs/pgbench-init.log" 2>&1 ||
  die "pgbench -i failed: $work/logs/pgbench-init.log"
run_fg pgbench -h 127.0.0.1 -p "$pg_port" -U auth -S -M prepared -n -c "$pgbench_clients" -j "$(nproc)" \
  -T "$duration" pgbench >"$work/logs/pgbench.log" 2>&1 || die "pgbench failed: $work/logs/pgbench.log"
unset PGPASSWORD
jq -n --argjson tps "$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/logs/pgbench.log" | tail -n1)" \
  --argjson lat "$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/logs/pgbench.log")" \
  --argjson clients "$pgbench_clients" --argjson scale "$pgbench_scale" \
  '{ceiling: "postgres_pk", rate: $tps, latency_avg_ms: $lat, clients: $clients,
    tool: "pgbench -S -M prepared (SELECT by primary key), scale \($scale), over TCP"}' >"$parts/ceiling-postgres.json"

redis_requests=300000
[[ $quick == false ]] || redis_requests=50000
log "ceiling: redis GET (redis-benchmark, $connections clients, $redis_requests requests)"
run_fg timeout 300 redis-benchmark -h 127.0.0.1 -p "$redis_port" -t set,get -n "$redis_requests" -c "$connections" --csv \
  >"$work/logs/redis-benchmark.csv" 2>&1 || die "redis-benchmark failed: $work/logs/redis-benchmark.csv"
awk '/^"GET"/ { gsub(/"/, ""); split($0, f, ","); print f[2], f[5], f[7] }' "$work/logs/redis-benchmark.csv" | {
  read -r rps p50 p99
  jq -n --argjson rps "$rps" --argjson p50 "$p50" --argjson p99 "$p99" --argjson clients "$connections" \
    '{ceiling: "redis_get", rate: $rps, latency_ms: {p50: $p50, p99: $p99}, clients: $clients,
      tool: "redis-benchmark -t get, no pipelining"}'
} >"$parts/ceiling-redis.json"

# --- scenarios --------------------------------------------------------------------------------
clk_tck=$(getconf CLK_TCK)
# user + system ticks so far: of the service's JVMs, and of PostgreSQL's processes (the backends
# of the pools live as long as their connections)
jvm_ticks() {
  local pid sum=0
  for pid in "${service_pids[@]}"; do
    sum=$((sum + $(cpu_ticks "$pid")))
  done
  printf '%s' "$sum"
}
pg_ticks() {
  local f sum=0 t
  for f in /proc/[0-9]*/stat; do
    t=$(awk -v pg="$pg_pid" '{ pid = $1; sub(/^.*\) /, ""); if (pid == pg || $2 == pg) print $12 + $13 }' "$f" 2>/dev/null) || continue
    [[ -z $t ]] || sum=$((sum + t))
  done
  printf '%s' "$sum"
}
# ms_per_response TICKS OUT_JSON: CPU milliseconds per response wrk counted (null for none)
ms_per_response() {
  jq -n --argjson t "$1" --argjson hz "$clk_tck" --slurpfile r "$2" \
    '($r[0].responses // 0) as $n | if $n > 0 then ($t / $hz * 1000 / $n) else null end'
}
IFS=, read -ra scenarios <<<"$scenario_list"
wrk_scenarios=()
for name in "${scenarios[@]}"; do
  [[ $name =~ ^(health|users|me|login|signup|refresh|flood|revoke)$ ]] || die "unknown scenario '$name' in --scenarios"
  [[ $name == revoke ]] || wrk_scenarios+=("$name")
done
log "signing in $connections sessions for the read scenarios"
login_pool "$connections" "$work/read-pool.txt"
cut -d' ' -f1,2 "$work/read-pool.txt" >"$work/read-tokens.txt"
# The JIT first: a fresh JVM compiles its hot paths during the first tens of seconds under load,
# which would slow whichever scenario came first.
jit_warmup=10
[[ $quick == false ]] || jit_warmup=2
log "JIT warm-up of the instances: $jit_warmup s each of GET /users, GET /me and logins through nginx"
for name in users me login; do
  run_scenario "$name" nginx jit "$jit_warmup" "$parts/jit-$name.json"
done
wait_idle "${service_pids[@]}"
for name in "${wrk_scenarios[@]}"; do
  for via in nginx direct; do
    note_others
    log "scenario $name via $via: ${warmup} s warm-up, ${duration} s measured, $(scenario_connections "$name") connections"
    run_scenario "$name" "$via" warm "$warmup" "$parts/warm-$name-$via.json"
    wait_idle "${service_pids[@]}"
    out=$parts/scenario-$name-$via.json
    [[ $name != refresh ]] || login_pool "$((connections + threads))" "${out%.json}.pool"
    cpu_before=$(jvm_ticks) pg_before=$(pg_ticks)
    run_scenario "$name" "$via" measured "$duration" "$out"
    cpu_after=$(jvm_ticks) pg_after=$(pg_ticks)
    wait_idle "${service_pids[@]}"
    # CPU per answered request: the service's JVMs, and PostgreSQL's backends, over the measured run
    # (not for the flood, whose CPU goes to the logins beside the reads it counts)
    [[ $name == flood ]] || annotate "$out" "cpu_ms_per_request=$(ms_per_response "$((cpu_after - cpu_before))" "$out")" \
      "pg_cpu_ms_per_request=$(ms_per_response "$((pg_after - pg_before))" "$out")"
    [[ $name != signup ]] || signup_check "$out"
    annotate "$out" "scenario=\"$name\"" "via=\"$via\"" "connections=$(scenario_connections "$name")"
    [[ $name != flood ]] || annotate "$out" "connections=$flood_readers"
    log "  $(jq -r '"\(.rps|floor) req/s, p50 \(.latency_ms.p50) ms, p99 \(.latency_ms.p99) ms, non-2xx \(.non2xx)"' "$out")"
    [[ $name != flood ]] || log "  during $flood_connections concurrent logins: $(jq -r '.flood.logins | "\(.rps|floor) logins/s answered, statuses \(.statuses), p50 \(.latency_ms.p50) ms, p99 \(.latency_ms.p99) ms"' "$out")"
  done
done

# RSS of the instances after all of that
: >"$parts/instances-rss.jsonl"
for ((n = 1; n <= replicas; n++)); do
  printf '{"name":"auth-%d","rss_mb_after_load":%s}\n' "$n" "$(rss_mb "${service_pids[n - 1]}")" >>"$parts/instances-rss.jsonl"
done

# --- revocation across replicas ---------------------------------------------------------------
# How soon a logout on one replica holds there and on another (bench/Revocation.java), on a quiet
# service and while GET /me runs through nginx at --connections: the bound issue 18 asks to
# publish (it is the near caches' price, AUTH_NEAR_CACHE_ENABLED; without them every request
# reads the shared state).
revocation_sessions=100
[[ $quick == false ]] || revocation_sessions=40
revocation_deadline_s=5
near_cache_enabled=false # the service's default (auth.near-cache.enabled)
for kv in "${service_env[@]}"; do
  [[ ${kv%%=*} != AUTH_NEAR_CACHE_ENABLED ]] || near_cache_enabled=${kv#*=}
done
if [[ ,$scenario_list, == *,revoke,* ]]; then
  if ((replicas < 2)); then
    log "scenario revoke: needs --replicas 2 or more, skipped"
    jq -n '{skipped: "needs --replicas 2 or more"}' >"$parts/revocation.json"
  else
    for load in quiet reads; do
      pool=$work/revoke-$load.pool
      login_pool "$revocation_sessions" "$pool"
      read_load=
      if [[ $load == reads ]]; then
        start_wrk "$parts/revoke-reads-load.json" "$edge" read.lua 600 "$connections" wrk-revoke-reads \
          BENCH_MODE=me BENCH_TOKENS="$work/read-tokens.txt"
        read_load=$REPLY
        sleep 1
      fi
      log "scenario revoke ($load): $revocation_sessions logouts, alternately on auth-1 and auth-2"
      run_fg "$java25" "$bench_dir/Revocation.java" "$direct" "http://127.0.0.1:${service_ports[1]}" "$pool" \
        "$revocation_deadline_s" >"$parts/revocation-$load.json" 2>"$work/logs/revocation-$load.log" ||
        die "bench/Revocation.java failed: $work/logs/revocation-$load.log"
      if [[ -n $read_load ]]; then
        # SIGINT: wrk stops and reports (read.lua writes its summary)
        stop_process "$read_load" wrk-revoke-reads INT
        untrack "$read_load"
      fi
      log "  $(jq -r '"logouts \(.logged_out)/\(.sessions); refused next on the revoking replica \(.revoking_replica_refused_next); on the other at once \(.other_replica.refused_first_request), refused_ms \(.other_replica.refused_ms | tostring)"' "$parts/revocation-$load.json")"
    done
    jq -n --arg cache "$near_cache_enabled" --slurpfile quiet "$parts/revocation-quiet.json" \
      --slurpfile reads "$parts/revocation-reads.json" \
      --slurpfile load <(cat "$parts/revoke-reads-load.json" 2>/dev/null || true) \
      '{near_cache_enabled: ($cache == "true"), quiet: ($quiet[0] + {load: "quiet"}),
        under_reads: ($reads[0] + {load: "reads", reads_rps: ($load[0].rps // null)})}' >"$parts/revocation.json"
    wait_idle "${service_pids[@]}"
  fi
fi

assemble() {
  jq -n --slurpfile meta "$parts/meta.json" \
    --slurpfile instances "$parts/instances.jsonl" --slurpfile rss "$parts/instances-rss.jsonl" \
    --slurpfile ceilings <(cat "$parts"/ceiling-*.json) \
    --slurpfile scenarios <(cat "$parts"/scenario-*.json) \
    --slurpfile startup <(cat "$parts"/startup-*.json 2>/dev/null || true) \
    --slurpfile startup_profile <(cat "$parts"/jfr-startup-summary.json 2>/dev/null || true) \
    --slurpfile profiles <(cat "$parts"/profile-*.json 2>/dev/null || true) \
    --slurpfile revocation <(cat "$parts"/revocation.json 2>/dev/null || true) \
    --argjson redis "$redis_in_use" \
    '$meta[0] + {redis_in_use: $redis, revocation: ($revocation[0] // null),
      instances: [range(0; $instances | length) as $i | $instances[$i] + ($rss[$i] // {})],
      ceilings: ($ceilings | map({key: .ceiling, value: .}) | from_entries),
      scenarios: $scenarios, startup: ($startup | sort_by(.order)), startup_profile: ($startup_profile[0] // null),
      profiles: $profiles}' |
    jq -L "$bench_dir/lib" 'include "report"; evaluate'
}

# --- profiles of missed targets ---------------------------------------------------------------
jcmd=$(dirname "$java25")/jcmd
jfr=$(dirname "$java25")/jfr
# jfr_threads FILE: Java samples per thread, as a JSON object (the busiest 5)
jfr_threads() {
  "$jfr" print --events jdk.ExecutionSample "$1" |
    sed -n 's/^[[:space:]]*sampledThread = "\([^"]*\)".*/\1/p' | sed 's/[-#][0-9]*$//' | sort | uniq -c | sort -rn |
    head -n 5 | jq -R -s 'split("\n") | map(select(length > 0) | capture("^ *(?<n>[0-9]+) (?<t>.*)$")) | map({(.t): (.n | tonumber)}) | add // {}'
}
if [[ $profile == true ]]; then
  assemble >"$work/interim.json"
  mapfile -t missed < <(jq -L "$bench_dir/lib" -r 'include "report"; missed_scenarios[]' "$work/interim.json")
  profile_seconds=$((duration < 10 ? duration : 10))
  for name in "${missed[@]}"; do
    log "profile (JFR) of $name, directly against auth-1, $profile_seconds s"
    jfr_file=$results_dir/$stamp-$name.jfr
    out=$parts/profiled-$name.json
    [[ $name != refresh ]] || login_pool "$((connections + threads))" "${out%.json}.pool"
    wait_idle "${service_pids[0]}"
    "$jcmd" "${service_pids[0]}" JFR.start name=bench settings=profile filename="$jfr_file" >/dev/null
    run_scenario "$name" direct profile "$profile_seconds" "$out"
    "$jcmd" "${service_pids[0]}" JFR.stop name=bench >/dev/null
    wait_idle "${service_pids[0]}"
    "$jfr" print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 96 "$jfr_file" |
      awk -f "$bench_dir/lib/jfr-summary.awk" >"$work/jfr-$name.jsonl"
    jq -s --arg name "$name" --arg file "bench/results/$(basename "$jfr_file")" --slurpfile run "$out" \
      '(map(select(.kind == "samples")) | .[0]) as $n
       | {scenario: $name, jfr: $file, seconds: $run[0].duration_s, rps: $run[0].rps,
          java_samples: $n.java, native_hash_samples: $n.native_hash,
          components: (map(select(.kind == "component")) | sort_by(-.samples)
            | map({component, samples, share: (.samples / ([$n.java, 1] | max))})),
          areas: (map(select(.kind == "area")) | sort_by(-.samples)
            | map({area, samples, share: (.samples / ([$n.java, 1] | max))})),
          top_frames: (map(select(.kind == "top")) | sort_by(-.samples) | .[0:12]
            | map({frame, samples, share: (.samples / ([$n.java, 1] | max))}))}' \
      "$work/jfr-$name.jsonl" >"$parts/profile-$name.json"
  done
fi

# stop the measured instances (the startup matrix needs the CPU)
for ((n = replicas; n >= 1; n--)); do
  stop_process "${service_pids[n - 1]}" "auth-$n"
done
