# shellcheck shell=bash disable=SC2154,SC2034 # variables shared with bench/run, which sources this file
# The startup and footprint matrix (JVM set-ups, time to ready, RSS after a short load).
# Sourced by bench/run (its variables and functions).

# --- startup and footprint --------------------------------------------------------------------
# name | java | layout (jar, aot, cds) | JVM options | extra environment (space separated)
small_opts="-XX:+UseSerialGC -Xms32m -Xmx96m -Xss256k -XX:ReservedCodeCacheSize=48m -XX:+ExitOnOutOfMemoryError"
small_env="MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=1048576 SERVER_TOMCAT_THREADS_MAX=8"
# name | java | layout: launcher (the image until 2026-11), jar (java -jar), extracted, aot, cds | JVM options | env
variants=(
  "java25|$java25|launcher|$container_opts|"
  "java25-fat-jar|$java25|jar|$container_opts|"
  "java17|$java17|launcher|$container_opts|"
  "java25-extracted|$java25|extracted|$container_opts|"
  "java25-aot-cache|$java25|aot|$container_opts|"
  "java17-appcds|$java17|cds|$container_opts|"
  "java25-serialgc|$java25|launcher|$container_opts -XX:+UseSerialGC|"
  "java25-small|$java25|launcher|$small_opts|$small_env"
  "java25-aot-small|$java25|aot|$small_opts|$small_env"
)

if [[ $skip_startup == false ]]; then
  order=0
  for variant in "${variants[@]}"; do
    order=$((order + 1))
    IFS='|' read -r vname vjava vlayout vopts venvs <<<"$variant"
    note_others
    log "startup: $vname"
    run_opts=$vopts
    run_args=(-jar "$work/extracted/auth.jar")
    case $vlayout in
      jar) run_args=(-jar "$jar") ;;
      launcher) run_args=(-cp "$work/app" "$launcher") ;;
      extracted) ;;
      aot)
        train "$vname" "$vjava" aot "$vopts" "$venvs"
        [[ -s $work/$vname.aot ]] || die "no AOT cache written: $work/logs/$vname-training.log"
        run_opts+=" -XX:AOTCache=$work/$vname.aot"
        ;;
      cds)
        train "$vname" "$vjava" cds "$vopts" "$venvs"
        [[ -s $work/$vname.jsa ]] || die "no CDS archive written: $work/logs/$vname-training.log"
        run_opts+=" -XX:SharedArchiveFile=$work/$vname.jsa"
        ;;
    esac
    free_port
    vport=$REPLY
    free_port
    env_list=()
    [[ -z $venvs ]] || read -ra env_list <<<"$venvs"
    start_service "$vname" "$vjava" "$vport" "$REPLY" false "$run_opts" "${env_list[@]}" -- "${run_args[@]}"
    vpid=$REPLY
    wait_ready "$vpid" "$vport" "$vname"
    ready_ms=$REPLY
    rss_ready=$(rss_mb "$vpid")
    # the same short load for every set-up: reads, then logins, directly
    direct=http://127.0.0.1:$vport
    login_pool 16 "$work/$vname-pool.txt"
    cut -d' ' -f1,2 "$work/$vname-pool.txt" >"$work/$vname-tokens.txt"
    # a set-up may die under this load (reported below), so wrk's failure is not the bench's
    start_wrk "$parts/load-$vname-users.json" "$direct" read.lua "$footprint_load" "$connections" wrk-load \
      BENCH_MODE=users BENCH_TOKENS="$work/$vname-tokens.txt"
    wait "$REPLY" || true
    untrack "$REPLY"
    start_wrk "$parts/load-$vname-login.json" "$direct" login.lua "$footprint_load" "$connections" wrk-load
    wait "$REPLY" || true
    untrack "$REPLY"
    if alive "$vpid"; then
      rss_load=$(rss_mb "$vpid")
      rss_anon=$(rss_mb "$vpid" RssAnon)
      survived=true
    else
      rss_load=null
      rss_anon=null
      survived=false
      log "  $vname died under load: $(tail -n 3 "$work/logs/$vname.log" | tr '\n' ' ')"
    fi
    jq -n --arg name "$vname" --arg java "$("$vjava" -version 2>&1 | head -n1)" --arg layout "$vlayout" \
      --arg opts "$run_opts" --arg envs "$venvs" --argjson ready "$ready_ms" \
      --arg spring "$(spring_started_s "$vname")" --argjson rss_ready "${rss_ready:-null}" \
      --argjson rss_load "$rss_load" --argjson rss_anon "$rss_anon" --argjson survived "$survived" \
      --argjson order "$order" \
      --argjson load_s "$footprint_load" \
      --slurpfile users <(cat "$parts/load-$vname-users.json" 2>/dev/null || echo null) \
      --slurpfile login <(cat "$parts/load-$vname-login.json" 2>/dev/null || echo null) \
      '{order: $order, name: $name, java: $java, layout: $layout, jvm_opts: $opts, env: $envs, ready_ms: $ready,
        spring_started_s: (if $spring == "" then null else ($spring | tonumber) end),
        rss_mb_ready: $rss_ready, rss_mb_after_load: $rss_load, rss_anon_mb_after_load: $rss_anon,
        survived_load: $survived,
        load_s: $load_s, load_users_rps: ($users[0].rps // null), load_login_rps: ($login[0].rps // null),
        load_non2xx: (($users[0].non2xx // 0) + ($login[0].non2xx // 0))}' \
      >"$parts/startup-$vname.json"
    log "  ready in $ready_ms ms; RSS ${rss_ready} MB ready, ${rss_load} MB after ${footprint_load}+${footprint_load} s of reads and logins"
    if alive "$vpid"; then stop_process "$vpid" "$vname"; else
      wait "$vpid" 2>/dev/null || true
      untrack "$vpid"
    fi
  done
fi

# Startup over its target: where the time goes (JFR from the first instruction to /readyz 200)
if [[ $skip_startup == false && $profile == true ]] &&
  jq -e '.ready_ms >= 3000' "$parts/startup-java25.json" >/dev/null 2>&1; then
  log "profile (JFR) of the startup of java25"
  jfr_file=$results_dir/$stamp-startup.jfr
  free_port
  vport=$REPLY
  free_port
  start_service startup-profile "$java25" "$vport" "$REPLY" false \
    "$container_opts -XX:StartFlightRecording=name=startup,settings=profile,filename=$jfr_file" -- \
    -cp "$work/app" "$launcher"
  vpid=$REPLY
  wait_ready "$vpid" "$vport" startup-profile
  ready_ms=$REPLY
  "$jcmd" "$vpid" JFR.stop name=startup >/dev/null
  stop_process "$vpid" startup-profile
  "$jfr" print --events jdk.ExecutionSample --stack-depth 200 "$jfr_file" |
    awk -f "$bench_dir/lib/jfr-summary.awk" >"$work/jfr-startup.jsonl"
  jq -s --arg file "bench/results/$(basename "$jfr_file")" --argjson ready "$ready_ms" \
    --argjson threads "$(jfr_threads "$jfr_file")" \
    '(map(select(.kind == "samples")) | .[0]) as $n
     | {jfr: $file, ready_ms: $ready, java_samples: $n.java, sampled_threads: $threads,
        components: (map(select(.kind == "component")) | sort_by(-.samples)
          | map({component, samples, share: (.samples / ([$n.java, 1] | max))})),
        areas: (map(select(.kind == "area")) | sort_by(-.samples)
          | map({area, samples, share: (.samples / ([$n.java, 1] | max))})),
        top_frames: (map(select(.kind == "top")) | sort_by(-.samples) | .[0:12]
          | map({frame, samples, share: (.samples / ([$n.java, 1] | max))}))}' \
    "$work/jfr-startup.jsonl" >"$parts/jfr-startup-summary.json"
fi
