# shellcheck shell=bash disable=SC2154,SC2034 # variables shared with bench/run, which sources this file
# The stack under test: prerequisites, the work dir and its clean-up, PostgreSQL, redis-server,
# the service instances, the seeded accounts and nginx. Sourced by bench/run at this point of its
# flow (it shares bench/run's variables and functions).

# --- prerequisites ----------------------------------------------------------------------------
pg_bindir() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)
  [[ -n $dir && -x $dir/postgres && -x $dir/pgbench ]] && printf '%s' "$dir"
}

install_prerequisites() {
  local missing=() cmd
  local -A packages=([wrk]=wrk [nginx]=nginx [redis-server]=redis-server [redis-benchmark]=redis-tools
    [redis-cli]=redis-tools [argon2]=argon2 [jq]=jq [curl]=curl [envsubst]=gettext-base
    [psql]=postgresql-client)
  for cmd in "${!packages[@]}"; do
    command -v "$cmd" >/dev/null || missing+=("${packages[$cmd]}")
  done
  # Debian: the server and pgbench both come with postgresql-NN (the "postgresql" package)
  [[ -n $(pg_bindir) ]] || missing+=(postgresql)
  ((${#missing[@]})) || return 0
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if ((EUID != 0)); then
    die "missing: ${missing[*]} (Debian packages); install them or run as root to have them installed"
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The jar is stale when a source or the POM changed after it was written. Its mtime is the
# reproducible-build timestamp, so compare with its ctime (when the file itself last changed).
jar_stale() {
  local built
  [[ -f $1 ]] || return 0
  built=$(stat -c %Z "$1")
  [[ -n $(find "$repo/src/main" "$repo/pom.xml" -newermt "@$built" -type f -print -quit) ]]
}

build_jar() {
  if [[ -n $jar ]]; then
    [[ -f $jar ]] || die "--jar $jar: no such file"
    return
  fi
  jar=$repo/target/auth.jar
  if jar_stale "$jar"; then
    log "building $jar (./mvnw -B -q -DskipTests package)"
    (cd "$repo" && ./mvnw -B -q -DskipTests package) >&2 ||
      die "the build failed (others may be editing src/main); retry, or pass --jar PATH"
  else
    log "using $jar (up to date with src/main and pom.xml)"
  fi
}

install_prerequisites
[[ -x $java25 ]] || die "Java 25 not found at $java25 (set BENCH_JAVA25)"
[[ -n $java17 && -x $java17 ]] || die "no default java (Java 17) on PATH (set BENCH_JAVA17)"
build_jar

# --- work dir and clean-up --------------------------------------------------------------------
work=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/authstack-bench.XXXXXX")
# PostgreSQL runs as postgres and must reach its directories below this one
chmod 0755 "$work"
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_all
  if [[ $keep == true ]]; then
    log "work dir kept: $work ($(du -sh "$work" 2>/dev/null | cut -f1))"
  else
    if [[ $status -ne 0 && -d $work/logs ]]; then
      # what explains the failure, without the databases, jars and caches (hundreds of MB)
      mkdir -p "$repo/bench/results"
      cp -r "$work/logs" "$repo/bench/results/failed-$(date -u +%Y%m%dT%H%M%SZ)-logs" 2>/dev/null || true
      log "logs of the failed run copied to bench/results/; --keep keeps the whole work dir"
    fi
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'exit 143' TERM

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results_dir=$repo/bench/results
mkdir -p "$results_dir" "$work/parts" "$work/logs"
parts=$work/parts
# a private copy: a rebuild by someone else during the run must not change what is measured
cp "$jar" "$work/auth.jar"
jar=$work/auth.jar
# the image's layout: the jar's layers extracted with the Boot launcher (auth.Dockerfile), started
# with `java -cp /app JarLauncher` (docker-entrypoint.sh); and the plain extracted jar (a jar per
# library), which the JVM's AOT/CDS archives need
launcher=org.springframework.boot.loader.launch.JarLauncher
for layout in app extracted; do
  extract_opts=(--destination "$work/$layout")
  [[ $layout == extracted ]] || extract_opts+=(--launcher)
  "$java25" -Djarmode=tools -jar "$jar" extract "${extract_opts[@]}" >/dev/null || die "could not extract $jar"
done

load_now() { cut -d' ' -f1-3 /proc/loadavg; }
# other engineers' test JVMs seen while measuring (the most at any check)
test_jvms_max=0
note_others() {
  local n
  n=$(test_jvms)
  ((n <= test_jvms_max)) || test_jvms_max=$n
}
# test JVMs of other engineers' suites (they skew every figure)
# shellcheck disable=SC2009 # the same check people run by hand
test_jvms() { ps aux | grep -c '[s]urefire\|[f]ailsafe' || true; }

jq -n --arg stamp "$stamp" --arg host "$(hostname)" --argjson cpus "$(nproc)" \
  --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)" \
  --argjson mem_mb "$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)" \
  --arg load_before "$(load_now)" --arg uptime_before "$(uptime)" --argjson test_jvms "$(test_jvms)" \
  --arg commit "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --argjson dirty "$(if [[ -n $(git -C "$repo" status --porcelain -- src/main pom.xml 2>/dev/null) ]]; then echo true; else echo false; fi)" \
  --argjson quick "$quick" --argjson replicas "$replicas" --argjson duration "$duration" \
  --argjson warmup "$warmup" --argjson connections "$connections" --argjson threads "$threads" \
  --argjson accounts "$accounts" --arg java25 "$("$java25" -version 2>&1 | head -n1)" \
  --arg java17 "$("$java17" -version 2>&1 | head -n1)" --arg container_opts "$(sed 's/#.*//' "$jvm_options_file" | xargs)" \
  --arg measured_opts "$measured_opts" --arg jvm_options_file "$jvm_options_file" --arg service_env "${service_env[*]}" \
  --arg nginx_keepalive "$nginx_keepalive" \
  --arg nginx "$(nginx -v 2>&1)" --arg wrk "$(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2)" \
  --arg rate "$bench_rate" --argjson burst "$bench_burst" --arg profile "$profile_name" \
  '{stamp: $stamp, host: $host, cpus: $cpus, cpu: $cpu, mem_mb: $mem_mb, commit: $commit,
    src_dirty: $dirty, load_before: $load_before, uptime_before: $uptime_before,
    test_jvms_at_start: $test_jvms, quick: $quick, replicas: $replicas, duration_s: $duration,
    warmup_s: $warmup, connections: $connections, wrk_threads: $threads, accounts: $accounts,
    java25: $java25, java17: $java17, container_java_opts: $container_opts, jvm_options_file: $jvm_options_file,
    measured_java_opts: $measured_opts, service_env: $service_env, nginx_keepalive_override: $nginx_keepalive,
    spring_profile: $profile,
    nginx: $nginx, wrk: $wrk,
    nginx_limits: {api_rate: $rate, api_burst: $burst, login_rate: $rate, login_burst: $burst}}' \
  >"$parts/meta.json"
log "load before: $(load_now); test JVMs running: $(test_jvms); work dir $work"

# --- PostgreSQL -------------------------------------------------------------------------------
bindir=$(pg_bindir) || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
as_pg() {
  if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}
db_password=$(head -c 18 /dev/urandom | base64 | tr -d '+/=')
free_port
pg_port=$REPLY
pg_dir=$work/pg
mkdir -p "$pg_dir/data" "$pg_dir/sock"
((EUID != 0)) || chown -R postgres: "$pg_dir"
log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
as_pg "$bindir/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 --no-sync >"$work/logs/initdb.log" 2>&1 || die "initdb failed: $work/logs/initdb.log"
# room for pools of up to 50 per replica, pgbench and psql: the pool size the service reports is
# checked against it once it runs
pg_max_connections=$((replicas * 50 + 100))
as_pg "$bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 \
  -o "-p $pg_port -k $pg_dir/sock -c listen_addresses=127.0.0.1 -c max_connections=$pg_max_connections" \
  start >/dev/null || die "PostgreSQL did not start: $pg_dir/postgres.log"
pg_pid=$(head -n1 "$pg_dir/data/postmaster.pid")
track "$pg_pid" postgres INT
psql_admin() { psql -h "$pg_dir/sock" -p "$pg_port" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_auth() { PGPASSWORD=$db_password psql -h 127.0.0.1 -p "$pg_port" -U auth -X -q -v ON_ERROR_STOP=1 -At "$@"; }
psql_admin -d postgres -c "CREATE ROLE auth LOGIN PASSWORD '$db_password'" \
  -c "CREATE DATABASE auth OWNER auth" -c "CREATE DATABASE pgbench OWNER auth" \
  -c "CREATE DATABASE aot_training OWNER auth"

# --- redis ------------------------------------------------------------------------------------
free_port
redis_port=$REPLY
mkdir -p "$work/redis"
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$work/redis" \
  --logfile "$work/logs/redis.log" &
redis_pid=$!
track "$redis_pid" redis-server
until [[ $(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null) == PONG ]]; do
  alive "$redis_pid" || die "redis-server did not start: $(tail -n 2 "$work/logs/redis.log")"
  sleep 0.1
done
log "redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$redis_port"

# --- service instances ------------------------------------------------------------------------
# start_service NAME PROGRAM PORT MGMT_PORT MIGRATE JVM_OPTS [ENV=VALUE...] -- ARGS...
# PROGRAM is a java, or docker-entrypoint.sh (JVM_OPTS empty, JAVA_* in the environment).
# Sets REPLY to the pid; the JVM's start time (ns) in started_ns[pid].
declare -A started_ns=()
start_service() {
  local name=$1 java=$2 port=$3 mgmt=$4 migrate=$5 opts=$6 pid
  shift 6
  local envs=()
  while (($#)) && [[ $1 != -- ]]; do
    envs+=("$1")
    shift
  done
  shift
  local -a jvm_opts
  read -ra jvm_opts <<<"$opts"
  mkdir -p "$work/data-$name"
  local t0
  t0=$(date +%s%N)
  env SERVER_PORT="$port" AUTH_MANAGEMENT_PORT="$mgmt" \
    AUTH_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/auth" AUTH_DB_USERNAME=auth AUTH_DB_PASSWORD="$db_password" \
    AUTH_REDIS_URL="redis://127.0.0.1:$redis_port" AUTH_DATA_DIR="$work/data-$name" \
    AUTH_MIGRATE_ON_START="$migrate" SPRING_PROFILES_ACTIVE="$profile_name" AUTH_LOG_FORMAT=text \
    "${envs[@]}" "$java" "${jvm_opts[@]}" "$@" >"$work/logs/$name.log" 2>&1 &
  pid=$!
  track "$pid" "$name"
  started_ns[$pid]=$t0
  REPLY=$pid
}

# wait_ready PID PORT NAME: sets REPLY to ms from the JVM's start to /readyz 200.
wait_ready() {
  local pid=$1 port=$2 name=$3 deadline=$((SECONDS + 180))
  while [[ $(http_status "$port" /readyz) != 200 ]]; do
    if ! alive "$pid"; then
      tail -n 40 "$work/logs/$name.log" >&2
      die "$name exited before it was ready (log above: $work/logs/$name.log)"
    fi
    ((SECONDS < deadline)) || die "$name not ready after 180 s: $work/logs/$name.log"
    sleep 0.05
  done
  REPLY=$((($(date +%s%N) - started_ns[$pid]) / 1000000))
}

# Spring's own figure from the log: "Started AuthApplication in 4.2 seconds (process running for 4.9)"
spring_started_s() {
  sed -n 's/.*Started [A-Za-z]* in \([0-9.]*\) seconds.*/\1/p' "$work/logs/$1.log" | tail -n1
}

# train NAME JAVA LAYOUT OPTS ENV: writes the AOT cache / CDS archive for a variant.
train() {
  local name=$1 java=$2 layout=$3 opts=$4 extra_env=$5 flag pid
  case $layout in
    aot) flag="-XX:AOTCacheOutput=$work/$name.aot" ;;
    cds) flag="-XX:ArchiveClassesAtExit=$work/$name.jsa" ;;
    *) return 0 ;;
  esac
  free_port
  local port=$REPLY
  free_port
  local -a env_list=()
  [[ -z $extra_env ]] || read -ra env_list <<<"$extra_env"
  # a training run: the application context is refreshed, then the JVM exits and writes the cache;
  # on a database of its own, migrated by the first training (as the image's build does)
  start_service "$name-training" "$java" "$port" "$REPLY" true "$opts $flag -Dspring.context.exit=onRefresh" \
    AUTH_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/aot_training" "${env_list[@]}" -- -jar "$work/extracted/auth.jar"
  pid=$REPLY
  local deadline=$((SECONDS + 240))
  while alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
  alive "$pid" && die "training run $name did not exit: $work/logs/$name-training.log"
  wait "$pid" 2>/dev/null || true
  untrack "$pid"
}

# The measured instances start as the image starts them: docker-entrypoint.sh over the extracted
# jar (auth.jar + lib/), with a Java 25 AOT cache trained with the same options and the
# entrypoint's defaults (MALLOC_ARENA_MAX). auth-1 migrates at start (AUTH_MIGRATE_ON_START)
# rather than through the entrypoint's `db upgrade head`, so its time to ready stays comparable.
log "training the image's AOT cache (options: $measured_opts)"
train image "$java25" aot "$measured_opts" ""
[[ -s $work/image.aot ]] || die "no AOT cache written: $work/logs/image-training.log"
service_ports=()
service_pids=()
: >"$parts/instances.jsonl"
for ((n = 1; n <= replicas; n++)); do
  free_port
  port=$REPLY
  free_port
  mgmt=$REPLY
  # the first instance migrates the empty database (as the entrypoint's `db upgrade` would);
  # the others start as the container does, with migrations off
  migrate=false
  ((n > 1)) || migrate=true
  start_service "auth-$n" "$repo/docker-entrypoint.sh" "$port" "$mgmt" "$migrate" "" \
    JAVA_BIN="$java25" JAVA_OPTS="$measured_opts" AUTH_APP_DIR="$work/extracted" AUTH_AOT_CACHE="$work/image.aot" \
    AUTH_MIGRATE=false "${service_env[@]}" --
  service_pids+=("$REPLY")
  service_ports+=("$port")
  if ((n == 1)); then
    auth1_mgmt=$mgmt
    wait_ready "${service_pids[0]}" "$port" auth-1
    log "auth-1 (pid ${service_pids[0]}) ready on 127.0.0.1:$port in $REPLY ms (with migrations)"
    printf '{"name":"auth-1","port":%d,"ready_ms":%d,"migrated":true}\n' "$port" "$REPLY" >>"$parts/instances.jsonl"
  fi
done
for ((n = 2; n <= replicas; n++)); do
  wait_ready "${service_pids[n - 1]}" "${service_ports[n - 1]}" "auth-$n"
  log "auth-$n ready on 127.0.0.1:${service_ports[n - 1]} in $REPLY ms"
  printf '{"name":"auth-%d","port":%d,"ready_ms":%d,"migrated":false}\n' "$n" "${service_ports[n - 1]}" "$REPLY" \
    >>"$parts/instances.jsonl"
done
direct=http://127.0.0.1:${service_ports[0]}

# The service's settings as it runs them, not copies of their defaults: Argon2id from its start-up
# line ("Argon2id m=19456 KiB, t=2, p=1 by ..."), the pool size from its metrics.
argon2_line=$(grep -m1 -o 'Argon2id m=[0-9]* KiB, t=[0-9]*, p=[0-9]*' "$work/logs/auth-1.log") ||
  die "auth-1 logged no Argon2id parameters: $work/logs/auth-1.log"
[[ $argon2_line =~ m=([0-9]+)\ KiB,\ t=([0-9]+),\ p=([0-9]+) ]]
argon2_memory_kib=${BASH_REMATCH[1]} argon2_iterations=${BASH_REMATCH[2]} argon2_parallelism=${BASH_REMATCH[3]}
# awk reads to the end: an early exit would make curl fail on a closed pipe (exit 23)
hikari_pool=$(curl -sS "http://127.0.0.1:$auth1_mgmt/actuator/prometheus" |
  awk '!found && /^hikaricp_connections_max[{ ]/ { print int($NF); found = 1 }')
[[ $hikari_pool =~ ^[1-9][0-9]*$ ]] || die "auth-1 reports no pool size (hikaricp_connections_max)"
((replicas * hikari_pool + 2 * hikari_pool + 40 <= pg_max_connections)) ||
  die "a pool of $hikari_pool per replica needs more than max_connections=$pg_max_connections"
log "auth-1 runs Argon2id m=$argon2_memory_kib KiB t=$argon2_iterations p=$argon2_parallelism, pool $hikari_pool"

# Redis in use? The health route lists it as a component once the jar wires AUTH_REDIS_URL.
health=$(curl -sS "$direct/api/v1/health" || true)
if jq -e '.components | has("redis")' >/dev/null 2>&1 <<<"$health"; then
  redis_in_use=true
  # it may still be reconnecting after a slow start
  for ((i = 0; i < 50; i++)); do
    jq -e '.components.redis.status == "UP"' >/dev/null <<<"$health" && break
    sleep 0.2
    health=$(curl -sS "$direct/api/v1/health" || true)
  done
  jq -e '.components.redis.status == "UP"' >/dev/null <<<"$health" ||
    die "the service reports redis down: $health"
  log "the service uses redis (AUTH_REDIS_URL)"
else
  redis_in_use=false
  log "this jar does not use AUTH_REDIS_URL yet (health: $health): caches and revocations are in-process"
fi

# --- accounts ---------------------------------------------------------------------------------
# One Argon2id hash (the native CLI, the service's parameters, PHC format as Spring writes it)
# for every seeded account: seeding costs one hash, not one per account; each login still
# verifies a full hash.
seed_hash=$(printf '%s' "$password" | argon2 benchseedsalt016 -id -t "$argon2_iterations" \
  -k "$argon2_memory_kib" -p "$argon2_parallelism" -l 32 -e)
psql_auth -d auth -v hash="$seed_hash" -v n="$accounts" >/dev/null <<'SQL'
INSERT INTO accounts (username, email, password, first_name, last_name, country)
SELECT 'bu' || i, 'bu' || i || '@bench.invalid', :'hash', 'Bench', 'User ' || i, 'NL'
FROM generate_series(1, :n) AS i;
SQL
log "seeded $accounts accounts (bu1..bu$accounts)"

# --- nginx ------------------------------------------------------------------------------------
free_port
nginx_port=$REPLY
free_port
static_port=$REPLY
nginx_dir=$work/nginx
AUTH_UPSTREAM="127.0.0.1:${service_ports[0]}" NGINX_PORT=$nginx_port NGINX_LISTEN=127.0.0.1 \
  NGINX_API_RATE=$bench_rate NGINX_API_BURST=$bench_burst \
  NGINX_LOGIN_RATE=$bench_rate NGINX_LOGIN_BURST=$bench_burst \
  "$repo/scripts/render-nginx-config" --foreground "$nginx_dir" >/dev/null
site=$nginx_dir/conf.d/default.conf
# The template takes one upstream server (compose scales through DNS); for N local replicas,
# list them all in the rendered copy. The project's files stay as they are.
if ((replicas > 1)); then
  servers=
  for ((n = 1; n < replicas; n++)); do
    servers+="    server 127.0.0.1:${service_ports[n]};\\n"
  done
  grep -q "^[[:space:]]*server 127.0.0.1:${service_ports[0]}[ ;]" "$site" ||
    die "cannot find the upstream server line in $site (template changed?)"
  sed -i "/^[[:space:]]*server 127.0.0.1:${service_ports[0]}[ ;]/a\\
$servers" "$site"
fi
if [[ -n $nginx_keepalive ]]; then
  grep -q '^[[:space:]]*keepalive [0-9]*;' "$site" || die "no upstream keepalive line in $site (template changed?)"
  sed -i "s/^\([[:space:]]*\)keepalive [0-9]*;/\1keepalive $nginx_keepalive;/" "$site"
  log "bench override: upstream keepalive $nginx_keepalive (the template's value is not used)"
fi
upstream_keepalive=$(sed -n 's/^[[:space:]]*keepalive \([0-9]*\);.*/\1/p' "$site" | head -n1)
# The ceiling: the same nginx answering 200 itself, in a bench-only server block (not in the
# project's template), with the same JSON access log the site writes.
# A second ceiling: the same nginx proxying to its own static 200 over a keepalive upstream as
# the site does, i.e. the most a proxied route can reach once nginx's proxy work is paid for.
cat >"$nginx_dir/conf.d/zz-bench-ceiling.conf" <<CONF
# bench only: nginx's own 200, the most a proxied route can reach
upstream bench_static {
    server 127.0.0.1:$static_port;
    keepalive $upstream_keepalive;
}
server {
    listen 127.0.0.1:$static_port;
    server_name _;
    access_log $nginx_dir/logs/access.log json;
    location = /static-200 {
        default_type text/plain;
        return 200 "ok\n";
    }
    location = /proxied-200 {
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_pass http://bench_static/static-200;
    }
}
CONF
nginx -t -q -p "$nginx_dir" -c "$nginx_dir/nginx.conf" 2>"$work/logs/nginx-t.log" ||
  die "nginx -t failed: $(cat "$work/logs/nginx-t.log")"
nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf" 2>>"$work/logs/nginx.log" &
track $! nginx QUIT
for ((i = 0; i < 100; i++)); do
  [[ $(http_status "$nginx_port" /nginx-health) == 200 ]] && break
  sleep 0.1
done
edge=http://127.0.0.1:$nginx_port
log "nginx $(nginx -v 2>&1 | cut -d/ -f2) on $edge (upstream: ${service_ports[*]}), ceiling server on :$static_port"
log "nginx limits raised for the benchmark: api and login zones $bench_rate, burst $bench_burst"

# A login through nginx must work before anything is measured.
check=$(curl -sS -w ' %{http_code}' -H 'Content-Type: application/json' \
  --data "{\"username\":\"bu1\",\"password\":\"$password\"}" "$edge/api/v1/login")
[[ ${check##* } == 200 ]] || die "login of a seeded account through nginx failed: $check"
