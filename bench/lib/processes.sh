# shellcheck shell=bash
# Process bookkeeping for bench/run: every process the bench starts is recorded here by PID and
# stopped by PID on exit (normal end, failure or Ctrl-C), newest first. Sourced, not run.

# "pid name signal" entries, oldest first.
bench_processes=()

log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# True while the process exists and is not a zombie (a finished child not yet reaped).
alive() {
  local state
  [[ -r /proc/$1/stat ]] || return 1
  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [[ -n $state && $state != Z ]]
}

# track PID NAME [SIGNAL]: SIGNAL is what stops it cleanly (TERM by default).
track() { bench_processes+=("$1 $2 ${3:-TERM}"); }

untrack() {
  local kept=() entry
  for entry in "${bench_processes[@]}"; do
    [[ ${entry%% *} == "$1" ]] || kept+=("$entry")
  done
  bench_processes=("${kept[@]}")
}

# stop_process PID NAME [SIGNAL]: the signal, up to 20 s for a clean exit, then KILL.
stop_process() {
  local pid=$1 name=$2 signal=${3:-TERM} i
  if alive "$pid"; then
    kill -s "$signal" "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      log "$name (pid $pid) did not stop within 20 s: KILL"
      kill -s KILL "$pid" 2>/dev/null || true
    fi
  fi
  # reap it when it is our child; harmless otherwise
  wait "$pid" 2>/dev/null || true
  untrack "$pid"
}

stop_all() {
  local i entry pid name signal
  for ((i = ${#bench_processes[@]} - 1; i >= 0; i--)); do
    entry=${bench_processes[i]}
    read -r pid name signal <<<"$entry"
    stop_process "$pid" "$name" "$signal"
  done
}

# run_fg COMMAND...: runs a command to completion like a foreground one, but in the background
# and tracked, so INT/TERM reach the trap at once (bash defers traps while a foreground command
# runs) and the command is stopped with everything else.
run_fg() {
  local pid status=0
  "$@" &
  pid=$!
  track "$pid" "$1"
  wait "$pid" || status=$?
  untrack "$pid"
  return "$status"
}

# Ports: random, free on 127.0.0.1 (nothing accepts a connection there) and not handed out before.
declare -A bench_ports=()
# free_port: sets REPLY (not printed, so the bookkeeping survives: no subshell).
free_port() {
  local port tries
  for ((tries = 0; tries < 200; tries++)); do
    # below the kernel's ephemeral range (32768+), where outgoing connections take their ports
    port=$((15000 + RANDOM % 17000))
    [[ -z ${bench_ports[$port]:-} ]] || continue
    if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      exec 3>&- 3<&-
      continue
    fi
    bench_ports[$port]=1
    REPLY=$port
    return 0
  done
  die "no free port found on 127.0.0.1"
}

# http_status PORT PATH: the HTTP status of a GET on 127.0.0.1 (000 when nothing answers), with
# bash's /dev/tcp, so polling for readiness forks no process that competes with the JVM start.
http_status() {
  local port=$1 path=$2 line=
  if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3 2>/dev/null || true
    read -r -t 5 line <&3 2>/dev/null || true
    exec 3>&- 3<&-
  fi
  line=${line#HTTP/1.? }
  line=${line%% *}
  [[ $line =~ ^[0-9]{3}$ ]] || line=000
  printf '%s' "$line"
}

# rss_mb PID [FIELD]: resident set size in MB (VmRSS, or e.g. RssAnon: memory that is not a
# mapped file such as the jar or an AOT cache), empty when the process is gone.
rss_mb() {
  awk -v field="${2:-VmRSS}:" '$1 == field { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || true
}
