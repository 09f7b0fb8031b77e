#!/usr/bin/env bash
# Entrypoint of the auth image; runs the same way outside a container.
#
#   docker-entrypoint.sh [--option ...]   secrets from *_FILE, wait for the database,
#                                         `db upgrade head`, then exec the service (options
#                                         are passed to it)
#   docker-entrypoint.sh db <command> ... secrets from *_FILE, wait for the database, then exec
#                                         the migration CLI (upgrade, downgrade, current, ...)
#   docker-entrypoint.sh <command> ...    exec it as is (bash, sh, env, ...)
#
# Settings of this script (the service's own AUTH_* variables are documented in .env.example):
#   JAVA_BIN               java to run (default: java on PATH)
#   JAVA_OPTS              JVM options, split on whitespace
#   AUTH_JAR               run this fat jar with `java -jar` (wins over AUTH_APP_DIR)
#   AUTH_APP_DIR           the jar extracted with `java -Djarmode=tools -jar auth.jar extract`:
#                          auth.jar plus lib/, run with `java -jar` (default /app)
#   AUTH_AOT_CACHE         a Java 25 AOT cache (-XX:AOTCache) made by a training run of that
#                          auth.jar with the same JAVA_OPTS; unset = none (the image sets it)
#   AUTH_DB_WAIT_SECONDS   how long to wait for AUTH_DB_URL's host to accept connections
#                          (default 60; 0 = don't wait); no wait when AUTH_DB_URL is unset
#   AUTH_MIGRATE           false = skip `db upgrade head` before starting (default true)
#   AUTH_FILE_ENV_VARS     more variable names X (space separated) that may come from X_FILE
#   AUTH_LOG_DIR_PER_REPLICA  true = the service's log files go to AUTH_LOG_DIR/replica-N, N the
#                          lowest number no running replica holds (a lock on replica-N/.lock,
#                          kept by the JVM for its life): replicas sharing a volume never write
#                          the same file, and a recreated or re-scaled replica reuses a directory
#                          instead of leaving one per container id behind
#
# Secrets: for each X in SECRET_VARS (and AUTH_FILE_ENV_VARS), X_FILE names a file whose content
# becomes X; X_FILE is then unset. Setting both is an error. AUTH_JWT_SIGNING_KEY_FILE is not in
# the list on purpose: the service reads that path itself (it holds a PEM key, not a value).
# Values are never printed.
set -Eeuo pipefail

readonly SECRET_VARS=(
  AUTH_DB_URL
  AUTH_DB_USERNAME
  AUTH_DB_PASSWORD
  AUTH_REDIS_URL
  AUTH_BOOTSTRAP_ADMIN_USERNAME
  AUTH_BOOTSTRAP_ADMIN_PASSWORD
)

log() { printf '%s docker-entrypoint: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
# Exit like a process killed by the signal we got (143 for TERM, 130 for INT).
stopped() {
  log "stopped by SIG$stop_signal $*"
  case $stop_signal in TERM) exit 143 ;; *) exit 130 ;; esac
}

# The PID of a child we wait for (migration), so SIGTERM/SIGINT reach it while we are PID 1.
child=0
stop_signal=
on_signal() {
  stop_signal=$1
  if ((child > 0)); then kill -s "$1" "$child" 2>/dev/null || true; fi
}
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT

is_false() {
  case "${1,,}" in
    false | 0 | no | off) return 0 ;;
    *) return 1 ;;
  esac
}

file_env() {
  local var=$1
  local file_var="${var}_FILE"
  [[ $var =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "not a variable name: '$var' (AUTH_FILE_ENV_VARS)"
  local value=${!var:-} file=${!file_var:-}
  if [[ -n $value && -n $file ]]; then
    die "both $var and $file_var are set; set only one of them"
  fi
  [[ -n $file ]] || return 0
  [[ -f $file && -r $file ]] || die "$file_var=$file: no such readable file"
  value=$(<"$file")
  value=${value%$'\r'}
  export "$var=$value"
  unset "$file_var"
}

load_secrets() {
  local extra=() var
  read -ra extra <<<"${AUTH_FILE_ENV_VARS:-}"
  for var in "${SECRET_VARS[@]}" "${extra[@]}"; do
    file_env "$var"
  done
}

# Prints "host port" for each host of a jdbc:postgresql URL, nothing for other URLs.
#   jdbc:postgresql://h1:5432,h2/db?x=y   jdbc:postgresql://[::1]:5433/db   jdbc:postgresql:db
db_endpoints() {
  local rest=${1#jdbc:postgresql:} authority hostport host port hosts=()
  [[ $1 == jdbc:postgresql:* ]] || return 0
  if [[ $rest != //* ]]; then
    echo "localhost 5432"
    return 0
  fi
  rest=${rest#//}
  authority=${rest%%[/?]*}
  authority=${authority##*@}
  IFS=, read -ra hosts <<<"$authority"
  ((${#hosts[@]})) || hosts=(localhost)
  for hostport in "${hosts[@]}"; do
    if [[ $hostport == \[* ]]; then
      host=${hostport%%]*}
      host=${host#\[}
      port=${hostport#*]}
      port=${port#:}
    elif [[ $hostport == *:* ]]; then
      host=${hostport%:*}
      port=${hostport##*:}
    else
      host=$hostport
      port=
    fi
    echo "${host:-localhost} ${port:-5432}"
  done
}

# pg_isready when installed (it also knows "starting up"), else a plain TCP connect.
probe() {
  local host=$1 port=$2
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -t 2 -h "$host" -p "$port" ${AUTH_DB_USERNAME:+-U "$AUTH_DB_USERNAME"}
  else
    local with_timeout=()
    if command -v timeout >/dev/null 2>&1; then with_timeout=(timeout 3); fi
    # shellcheck disable=SC2016 # $1 and $2 expand in the inner bash
    "${with_timeout[@]}" bash -c 'exec 3<>"/dev/tcp/$1/$2"' probe "$host" "$port" 2>/dev/null
  fi
}

wait_for_db() {
  if [[ -z ${AUTH_DB_URL:-} ]]; then
    log "AUTH_DB_URL is unset: the service uses its embedded database; not waiting"
    return 0
  fi
  local limit=${AUTH_DB_WAIT_SECONDS:-60}
  [[ $limit =~ ^[0-9]+$ ]] || die "AUTH_DB_WAIT_SECONDS must be a number of seconds, got '$limit'"
  ((limit > 0)) || return 0
  local endpoints=() targets ep host port attempt=0 start=$SECONDS elapsed
  mapfile -t endpoints < <(db_endpoints "$AUTH_DB_URL")
  if ((${#endpoints[@]} == 0)); then
    log "AUTH_DB_URL is not a jdbc:postgresql: URL; not waiting"
    return 0
  fi
  targets=$(printf '%s\n' "${endpoints[@]}" | sed -E 's/^(.*:.*) /[\1] /; s/ /:/' | paste -sd, -)
  while :; do
    attempt=$((attempt + 1))
    for ep in "${endpoints[@]}"; do
      read -r host port <<<"$ep"
      if probe "$host" "$port"; then
        log "database ${host/#*:*/[$host]}:$port is accepting connections"
        return 0
      fi
    done
    [[ -z $stop_signal ]] || stopped "while waiting for the database"
    elapsed=$((SECONDS - start))
    if ((elapsed >= limit)); then
      die "database $targets did not accept connections within ${limit}s" \
        "($attempt attempts; AUTH_DB_WAIT_SECONDS=$limit); giving up"
    fi
    log "waiting for database $targets (attempt $attempt, ${elapsed}s of ${limit}s)"
    sleep 1
  done
}

java_cmd=()
build_java_cmd() {
  local opts=()
  read -ra opts <<<"${JAVA_OPTS:-}"
  java_cmd=("${JAVA_BIN:-java}" "${opts[@]}")
  if [[ -n ${AUTH_AOT_CACHE:-} ]]; then
    # a cache that does not match (other jar, other JAVA_OPTS) is skipped by the JVM with a warning
    [[ -f $AUTH_AOT_CACHE ]] || die "AUTH_AOT_CACHE=$AUTH_AOT_CACHE: no such file; unset it to start without"
    java_cmd+=("-XX:AOTCache=$AUTH_AOT_CACHE")
  fi
  if [[ -n ${AUTH_JAR:-} ]]; then
    [[ -f $AUTH_JAR ]] || die "AUTH_JAR=$AUTH_JAR: no such file (build it with ./mvnw -DskipTests package)"
    java_cmd+=(-jar "$AUTH_JAR")
  else
    local dir=${AUTH_APP_DIR:-/app}
    [[ -f $dir/auth.jar && -d $dir/lib ]] ||
      die "AUTH_APP_DIR=$dir holds no extracted auth.jar (auth.jar and lib/); set AUTH_APP_DIR, or AUTH_JAR to a jar"
    java_cmd+=(-jar "$dir/auth.jar")
  fi
}

# Runs a command as our child and returns its status; forwards SIGTERM/SIGINT to it.
run_child() {
  local status=0
  "$@" &
  child=$!
  while :; do
    status=0
    wait "$child" || status=$?
    kill -0 "$child" 2>/dev/null || break # a signal interrupted `wait`: wait again
  done
  child=0
  return "$status"
}

migrate() {
  if is_false "${AUTH_MIGRATE:-true}"; then
    log "AUTH_MIGRATE=false: not running migrations here"
    return 0
  fi
  log "running database migrations: db upgrade head"
  local status=0
  run_child "${java_cmd[@]}" db upgrade head || status=$?
  [[ -z $stop_signal ]] || stopped "during migrations"
  ((status == 0)) || die "database migration failed (exit $status); not starting the service"
}

# AUTH_LOG_DIR_PER_REPLICA=true: take the lowest free replica-N under AUTH_LOG_DIR. The lock is on
# a descriptor that `exec java` inherits, so it is held exactly as long as the service runs; flock
# works across containers sharing a volume on one host (one kernel, one inode).
log_slot() {
  is_false "${AUTH_LOG_DIR_PER_REPLICA:-false}" && return 0
  [[ -n ${AUTH_LOG_DIR:-} ]] || return 0
  command -v flock >/dev/null 2>&1 || die "AUTH_LOG_DIR_PER_REPLICA needs flock (util-linux)"
  local n dir
  for ((n = 1; n <= 1000; n++)); do
    dir=$AUTH_LOG_DIR/replica-$n
    mkdir -p "$dir" 2>/dev/null || die "AUTH_LOG_DIR=$AUTH_LOG_DIR: cannot create $dir"
    exec {log_lock_fd}>>"$dir/.lock" || die "cannot open $dir/.lock"
    if flock -n "$log_lock_fd"; then
      export AUTH_LOG_DIR=$dir
      unset AUTH_LOG_DIR_PER_HOST
      log "log files in $dir"
      return 0
    fi
    exec {log_lock_fd}>&-
  done
  die "no free replica-N directory under $AUTH_LOG_DIR"
}

main() {
  if [[ $# -eq 0 || $1 == -* ]]; then
    load_secrets
    log_slot
    build_java_cmd
    wait_for_db
    migrate
    log "starting the service"
    exec "${java_cmd[@]}" "$@"
  elif [[ $1 == db ]]; then
    shift
    load_secrets
    # Console only: `docker compose exec auth db ...` runs beside the service, whose rolling
    # log files a second JVM must not write to.
    unset AUTH_LOG_DIR
    build_java_cmd
    wait_for_db
    exec "${java_cmd[@]}" db "$@"
  fi
  exec "$@"
}

main "$@"
