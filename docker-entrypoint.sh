#!/usr/bin/env bash
# Entrypoint of the auth image; runs the same way outside a container. It does what only a shell
# can: pick a log directory per replica, build the java command line, run `db upgrade head` before
# the service, forward signals to it, and `exec` the JVM so it is PID 1. Everything about the
# service's configuration - *_FILE secrets, waiting for the database - happens in Java, by the
# service's own rules.
#
#   docker-entrypoint.sh [--option ...]   `db upgrade head`, then exec the service (options are
#                                         passed to it)
#   docker-entrypoint.sh db <command> ... exec the migration CLI (upgrade, downgrade, current, ...)
#   docker-entrypoint.sh <command> ...    exec it as is (bash, sh, env, ...)
#
# Settings of this script (the service's own AUTH_* variables are documented in .env.example):
#   JAVA_BIN               java to run (default: java on PATH)
#   JAVA_OPTS              JVM options, split on whitespace; the image sets @/app/jvm.options, a
#                          java argument file (config/jvm.options in the repository)
#   AUTH_JAR               run this fat jar with `java -jar` (wins over AUTH_APP_DIR)
#   AUTH_APP_DIR           the jar extracted with `java -Djarmode=tools -jar auth.jar extract`:
#                          auth.jar plus lib/, run with `java -jar` (default /app)
#   AUTH_AOT_CACHE         a Java 25 AOT cache (-XX:AOTCache) made by a training run of that
#                          auth.jar with the same JAVA_OPTS; unset = none (the image sets it)
#   AUTH_DB_AOT_CACHE      the same for the `db` command line (`db upgrade head` before the
#                          service, `docker-entrypoint.sh db ...`), trained on `db upgrade head`:
#                          one cache per program, the service's classes are not the CLI's
#   AUTH_MIGRATE           false = skip `db upgrade head` before starting (default true)
#   MALLOC_ARENA_MAX       glibc malloc arenas of the JVM (default here 2, glibc's own 8 per CPU:
#                          each arena kept the 19 MiB of an Argon2 hash it had served)
#   AUTH_LOG_DIR_PER_REPLICA  true = the service's log files go to AUTH_LOG_DIR/replica-N, N the
#                          lowest number no running replica holds (a lock on replica-N/.lock,
#                          kept by the JVM for its life): replicas sharing a volume never write
#                          the same file, and a recreated or re-scaled replica reuses a directory
#                          instead of leaving one per container id behind
#
# Read by the java it runs, not here: X_FILE for any AUTH_*, SPRING_*, SERVER_* or MANAGEMENT_*
# secret X (both set is an error), and AUTH_DB_WAIT_SECONDS (default 60), how long `db` waits for
# the database to accept connections (Flyway's connect retries; 0 = try once).
set -Eeuo pipefail

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

# *_FILE is the service's business (one rule, in Java): a list of extra names has no effect here.
warn_obsolete() {
  if [[ -n ${AUTH_FILE_ENV_VARS:-} ]]; then
    log "AUTH_FILE_ENV_VARS is ignored: the service reads X_FILE itself for AUTH_*, SPRING_*," \
      "SERVER_* and MANAGEMENT_* variables; other names are not read from files"
  fi
}

java_cmd=()
# build_java_cmd [db]: the java command line of the service, or of the `db` command line
build_java_cmd() {
  export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
  local opts=() cache_var=AUTH_AOT_CACHE
  [[ ${1:-} != db ]] || cache_var=AUTH_DB_AOT_CACHE
  local cache=${!cache_var:-}
  read -ra opts <<<"${JAVA_OPTS:-}"
  java_cmd=("${JAVA_BIN:-java}" "${opts[@]}")
  if [[ -n $cache ]]; then
    # a cache that does not match (other jar, other JAVA_OPTS) is skipped by the JVM with a warning
    [[ -f $cache ]] || die "$cache_var=$cache: no such file; unset it to start without"
    java_cmd+=("-XX:AOTCache=$cache")
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
  # db waits for the database itself (AUTH_DB_WAIT_SECONDS), logging each failed attempt
  build_java_cmd db
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
    warn_obsolete
    log_slot
    build_java_cmd # checked before migrating: a wrong AUTH_APP_DIR or cache stops us first
    local service=("${java_cmd[@]}")
    migrate
    log "starting the service"
    exec "${service[@]}" "$@"
  elif [[ $1 == db ]]; then
    shift
    warn_obsolete
    # Console only: `docker compose exec auth db ...` runs beside the service, whose rolling
    # log files a second JVM must not write to.
    unset AUTH_LOG_DIR
    build_java_cmd db
    exec "${java_cmd[@]}" db "$@"
  fi
  exec "$@"
}

main "$@"
