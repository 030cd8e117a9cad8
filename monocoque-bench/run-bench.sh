#!/usr/bin/env bash
# Side-by-side benchmark: Monocoque (bin/monocoque's perf tools), JeroMQ (io.monocoque.bench.Jeromq*)
# and libzmq (src/main/c/zmq_perf.c), plus a raw-TCP floor (io.monocoque.bench.RawTcpPerf).
# Every run is two processes (binder and connecter) over tcp://127.0.0.1 on a free port, under a
# timeout -- or, for the PUB/SUB fan-out cases, one publisher (XPUB, XPUB_NODROP) and 1 or 4
# subscriber processes (no raw-TCP floor there); implementations are interleaved (A B C D,
# A B C D, ...) so that drift of the machine hits all of them alike. Prints a table of medians
# (min-max) and ratios and writes it, with a description of the machine, into
# docs/PERFORMANCE.md ("## Side-by-side" section only).
#
# usage: monocoque-bench/run-bench.sh [-n REPS] [--timeout SECONDS] [--cold] [--no-build] [--no-write]
#
#   -n, --reps N       repetitions per implementation and case (default 3; env BENCH_REPS)
#   --timeout S        per-process timeout; a run that does not finish is reported as STALL and
#                      left out of the medians (default 60; env BENCH_TIMEOUT)
#   --cold             no warm-up: time from the very first message, as libzmq's own tools do, so the
#                      Java figures include JIT compilation (written to its own section,
#                      "## Side-by-side, cold"). Default: steady state -- every run first moves as
#                      many untimed messages (round trips) as it then times, in every
#                      implementation alike (PERF_WARMUP / --warmup of the perf peers)
#   --no-build         use the jars and binary already built
#   --no-write         print only; leave docs/PERFORMANCE.md alone
#
# Message counts: BENCH_THR16_COUNT (10,000,000), BENCH_THR64_COUNT (10,000,000),
# BENCH_THR256_COUNT (5,000,000), BENCH_THR1K_COUNT (2,000,000), BENCH_THR16K_COUNT (300,000),
# BENCH_LAT1K_COUNT (20,000 round trips of 1 KiB), BENCH_CURVE64_COUNT (1,000,000, PUSH/PULL 64 B over
# CURVE), BENCH_CURVE1K_COUNT (300,000, PUSH/PULL 1 KiB over CURVE),
# BENCH_FAN1_COUNT (5,000,000, PUB/SUB 64 B to 1 subscriber), BENCH_FAN4_COUNT (5,000,000, to each
# of 4 subscribers; with fewer, JIT warm-up of five JVMs on a 2-core machine dominates the Java
# figures), BENCH_LAT_COUNT (20,000 round trips). Cases: BENCH_CASES (default
# "thr16 thr64 thr256 thr1k thr16k fan1 fan4 lat64 lat1k curve64 curve1k"; a subset runs and reports only those). JVM flags for every Java
# process: BENCH_JAVA_OPTS (default -XX:+UseParallelGC -Xmn64m, as bin/monocoque, for every Java process). Before each run it
# waits up to BENCH_QUIET_WAIT seconds (30) while someone else's Maven build, Surefire test JVM or
# any other java process over 20% of a CPU is running, or the CPUs are over 20% busy, at most
# BENCH_QUIET_BUDGET seconds (150) in all, and reports how many runs started on a busy machine
# anyway. A run during which another java process (not one of ours) used over 20% of a CPU is
# repeated once; the report counts those.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/monocoque-bench"
DOC="$ROOT/docs/PERFORMANCE.md"
SECTION="## Side-by-side (monocoque-bench/run-bench.sh)"
WARM=1

REPS="${BENCH_REPS:-3}"
TIMEOUT="${BENCH_TIMEOUT:-60}"
THR64_COUNT="${BENCH_THR64_COUNT:-10000000}"
THR1K_COUNT="${BENCH_THR1K_COUNT:-2000000}"
THR16_COUNT="${BENCH_THR16_COUNT:-10000000}"
THR256_COUNT="${BENCH_THR256_COUNT:-5000000}"
THR16K_COUNT="${BENCH_THR16K_COUNT:-300000}"
LAT1K_COUNT="${BENCH_LAT1K_COUNT:-20000}"
LAT_COUNT="${BENCH_LAT_COUNT:-20000}"
CURVE64_COUNT="${BENCH_CURVE64_COUNT:-1000000}"
CURVE1K_COUNT="${BENCH_CURVE1K_COUNT:-300000}"
FAN1_COUNT="${BENCH_FAN1_COUNT:-5000000}"
FAN4_COUNT="${BENCH_FAN4_COUNT:-5000000}"
read -r -a CASES <<<"${BENCH_CASES:-thr16 thr64 thr256 thr1k thr16k fan1 fan4 lat64 lat1k curve64 curve1k}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-30}"
QUIET_BUDGET="${BENCH_QUIET_BUDGET:-150}"
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--XX:+UseParallelGC -Xmn64m}"
BUILD=1
WRITE=1

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; }

while (($#)); do
  case "$1" in
    -n|--reps) REPS="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --cold) WARM=0; SECTION="## Side-by-side, cold (monocoque-bench/run-bench.sh --cold)"; shift ;;
    --no-build) BUILD=0; shift ;;
    --no-write) WRITE=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run-bench: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || { echo "run-bench: reps must be a positive number" >&2; exit 2; }
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || { echo "run-bench: timeout must be a positive number of seconds" >&2; exit 2; }

log() { echo "$*" >&2; }

# --- tools ------------------------------------------------------------------------------------

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# The newest JDK >= 21 (JAVA_HOME, /usr/lib/jvm/*, PATH), as bin/monocoque picks it.
find_java() {
  local candidates=() best="" best_v=0 v j d
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  for d in /usr/lib/jvm/*; do [[ -x "$d/bin/java" ]] && candidates+=("$d/bin/java"); done
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for j in "${candidates[@]}"; do
    v="$(java_major "$j" 2>/dev/null || echo 0)"
    if [[ "$v" =~ ^[0-9]+$ ]] && ((v >= 21 && v > best_v)); then best="$j"; best_v="$v"; fi
  done
  [[ -n "$best" ]] || { echo "run-bench: no JDK >= 21 found" >&2; exit 1; }
  echo "$best"
}

for tool in timeout ss gcc awk; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run-bench: '$tool' is needed" >&2; exit 1; }
done
[[ -f /usr/include/zmq.h ]] || { echo "run-bench: libzmq headers missing (apt-get install libzmq3-dev)" >&2; exit 1; }

JAVA="$(find_java)"
CLI_CP="$ROOT/monocoque-cli/target/monocoque-cli.jar:$ROOT/monocoque-cli/target/lib/*"
BENCH_CP="$BENCH/target/monocoque-bench.jar:$BENCH/target/lib/*"
ZMQ_PERF="$BENCH/target/zmq_perf"

if ((BUILD)); then
  log "run-bench: building monocoque-cli and monocoque-bench (mvn) and zmq_perf (gcc) ..."
  buildlog="$(mktemp)"
  # Maven runs on the JDK found above: the jar tool of an older Maven JDK cannot read
  # release-21 module descriptors.
  if ! (cd "$ROOT" && JAVA_HOME="${JAVA%/bin/java}" mvn -q -B -DskipTests -pl monocoque-bench,monocoque-cli -am package) >"$buildlog" 2>&1; then
    cat "$buildlog" >&2; rm -f "$buildlog"
    echo "run-bench: mvn build failed (log above)" >&2; exit 1
  fi
  rm -f "$buildlog"
  mkdir -p "$BENCH/target"
  gcc -O2 -Wall -o "$ZMQ_PERF" "$BENCH/src/main/c/zmq_perf.c" -lzmq
fi
for f in "$ROOT/monocoque-cli/target/monocoque-cli.jar" "$ROOT/monocoque-cli/target/lib" \
         "$BENCH/target/monocoque-bench.jar" "$BENCH/target/lib" "$ZMQ_PERF"; do
  [[ -e "$f" ]] || { echo "run-bench: $f missing (run without --no-build)" >&2; exit 1; }
done

WORK="$(mktemp -d)"
MAIN_PID=$$
WATCH_PID=""
trap '[[ -n "$WATCH_PID" ]] && kill "$WATCH_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

# --- one run: two processes -------------------------------------------------------------------

# A port nobody uses (not even in TIME_WAIT), below the ephemeral range.
free_port() {
  local p i
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 12000))
    if [[ -z "$(ss -Htan "( sport = :$p or dport = :$p )" 2>/dev/null)" ]]; then echo "$p"; return; fi
  done
  echo "run-bench: no free port found" >&2; exit 1
}

# cmd IMPL ROLE ENDPOINT SIZE COUNT [SUBSCRIBERS] -> the command line, one word a line.
# ROLE is local-thr, remote-thr, local-lat, remote-lat, pub-thr (which takes SUBSCRIBERS) or
# sub-thr (no raw-TCP peer for those two). With RUN_CURVE=1 local-thr is a CURVE server with
# CURVE_SECRET and remote-thr a CURVE client of CURVE_PUBLIC (the CLI's --curve-secret and
# --curve-server; zmq_perf and the JeroMQ peers read ZMQ_PERF_CURVE_SECRET / _SERVER). With WARM=1
# every role first moves COUNT untimed messages (round trips): the CLI's --warmup, PERF_WARMUP for
# the others.
cmd() {
  local impl=$1 role=$2 ep=$3 size=$4 count=$5
  local -a extra=("${@:6}") env=()
  if [[ "$impl" == monocoque ]]; then
    if ((RUN_CURVE)); then
      case "$role" in
        local-thr) extra+=(--curve-secret "$CURVE_SECRET") ;;
        remote-thr) extra+=(--curve-server "$CURVE_PUBLIC") ;;
      esac
    fi
    if ((WARM)); then extra+=(--warmup "$count"); fi
  else
    if ((RUN_CURVE)); then
      case "$role" in
        local-thr) env+=("ZMQ_PERF_CURVE_SECRET=$CURVE_SECRET") ;;
        remote-thr) env+=("ZMQ_PERF_CURVE_SERVER=$CURVE_PUBLIC") ;;
      esac
    fi
    if ((WARM)); then env+=("PERF_WARMUP=$count"); fi
  fi
  if ((${#env[@]})); then printf '%s\n' env "${env[@]}"; fi
  case "$impl" in
    monocoque) printf '%s\n' "$JAVA" "${JAVA_OPTS[@]}" -cp "$CLI_CP" io.monocoque.cli.Main perf "$role" "$ep" "$size" "$count" "${extra[@]}" ;;
    jeromq)
      local cls
      case "$role" in
        local-thr) cls=JeromqLocalThr ;; remote-thr) cls=JeromqRemoteThr ;;
        local-lat) cls=JeromqLocalLat ;; remote-lat) cls=JeromqRemoteLat ;;
        pub-thr) cls=JeromqPubThr ;; sub-thr) cls=JeromqSubThr ;;
      esac
      printf '%s\n' "$JAVA" "${JAVA_OPTS[@]}" -cp "$BENCH_CP" "io.monocoque.bench.$cls" "$ep" "$size" "$count" ${extra[@]+"${extra[@]}"} ;;
    libzmq) printf '%s\n' "$ZMQ_PERF" "${role/-/_}" "$ep" "$size" "$count" ${extra[@]+"${extra[@]}"} ;;
    raw) printf '%s\n' "$JAVA" "${JAVA_OPTS[@]}" -cp "$BENCH_CP" io.monocoque.bench.RawTcpPerf "$role" "$ep" "$size" "$count" ;;
  esac
}

# Runs a command under the timeout; writes its stdout, stderr and the CPU seconds (user+sys) of
# the process tree to PREFIX.out/.err/.cpu. Exit status: the command's (124/137: timed out).
timed() {
  local prefix=$1; shift
  local rc=0
  timeout -k 5 "$TIMEOUT" "$@" >"$prefix.out" 2>"$prefix.err" || rc=$?
  # `times`: second line = user and system time of this subshell's children.
  # (Not through a pipe: a pipeline's subshell would see no children.)
  times >"$prefix.times"
  awk 'NR == 2 {
      split($1, u, /[ms]/); split($2, s, /[ms]/);
      printf "%.2f\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$prefix.times" >"$prefix.cpu"
  return "$rc"
}

# run_pair IMPL KIND SIZE COUNT ID [SUBSCRIBERS]: KIND thr, lat or fan. Leaves
# $WORK/ID.{local,remote}.{out,err,cpu} (fan: ID.local is the publisher, ID.sub1..ID.subN the
# subscribers), sets RUN_STATUS (ok, STALL or FAIL) and RUN_WALL (seconds).
run_pair() {
  local impl=$1 kind=$2 size=$3 count=$4 id=$5 subs=${6:-1}
  local port ep lpid lrc=0 rc t0 i stalled=0 failed=0 k
  port="$(free_port)"
  ep="tcp://127.0.0.1:$port"
  local -a lcmd rcmd cpids=() cnames=()
  if [[ "$kind" == fan ]]; then
    mapfile -t lcmd < <(cmd "$impl" pub-thr "$ep" "$size" "$count" "$subs")
    mapfile -t rcmd < <(cmd "$impl" sub-thr "$ep" "$size" "$count")
  else
    mapfile -t lcmd < <(cmd "$impl" "local-$kind" "$ep" "$size" "$count")
    mapfile -t rcmd < <(cmd "$impl" "remote-$kind" "$ep" "$size" "$count")
  fi
  t0=$(date +%s.%N)
  (timed "$WORK/$id.local" "${lcmd[@]}") &
  lpid=$!
  # Start the connecter(s) once the binder listens (or has died), so that no run measures a
  # reconnect back-off.
  for ((i = 0; i < 500; i++)); do
    [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]] && break
    kill -0 "$lpid" 2>/dev/null || break
    sleep 0.02
  done
  if [[ "$kind" == fan ]]; then
    for ((k = 1; k <= subs; k++)); do
      (timed "$WORK/$id.sub$k" "${rcmd[@]}") &
      cpids+=($!); cnames+=("sub$k")
    done
  else
    (timed "$WORK/$id.remote" "${rcmd[@]}") &
    cpids+=($!); cnames+=(remote)
  fi
  local -a codes=()
  for i in "${!cpids[@]}"; do
    rc=0; wait "${cpids[$i]}" || rc=$?
    codes+=("$rc")
  done
  wait "$lpid" || lrc=$?
  RUN_WALL=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  for rc in "$lrc" "${codes[@]}"; do
    ((rc == 124 || rc == 137)) && stalled=1
    ((rc != 0)) && failed=1
  done
  if ((stalled)); then
    RUN_STATUS=STALL
  elif ((failed)); then
    RUN_STATUS=FAIL
    log "  $impl failed (binder exit $lrc, connecter exit(s) ${codes[*]}):"
    local -a errs=("$WORK/$id.local.err")
    for i in "${cnames[@]}"; do errs+=("$WORK/$id.$i.err"); done
    tail -n 5 "${errs[@]}" | sed 's/^/    /' >&2
  else
    RUN_STATUS=ok
  fi
}

# value FILE LABEL: the number after "LABEL:" in FILE.
value() { awk -v l="$2:" 'index($0, l) == 1 { print $(NF - 1); exit }' "$1"; }

# --- the cases ----------------------------------------------------------------------------------

IMPLS=(monocoque jeromq libzmq raw)
declare -A NAME=([monocoque]=Monocoque [jeromq]=JeroMQ [libzmq]=libzmq [raw]="raw TCP")
declare -A KIND=([thr16]=thr [thr64]=thr [thr256]=thr [thr1k]=thr [thr16k]=thr [fan1]=fan [fan4]=fan [lat64]=lat [lat1k]=lat
  [curve64]=thr [curve1k]=thr)
declare -A SIZE=([thr16]=16 [thr64]=64 [thr256]=256 [thr1k]=1024 [thr16k]=16384 [fan1]=64 [fan4]=64 [lat64]=64 [lat1k]=1024
  [curve64]=64 [curve1k]=1024)
declare -A COUNT=([thr16]=$THR16_COUNT [thr64]=$THR64_COUNT [thr256]=$THR256_COUNT [thr1k]=$THR1K_COUNT [thr16k]=$THR16K_COUNT
  [fan1]=$FAN1_COUNT [fan4]=$FAN4_COUNT [lat64]=$LAT_COUNT [lat1k]=$LAT1K_COUNT [curve64]=$CURVE64_COUNT [curve1k]=$CURVE1K_COUNT)
declare -A SUBS=([fan1]=1 [fan4]=4)
declare -A CURVE=([curve64]=1 [curve1k]=1) # PUSH/PULL with CURVE on both sides
for c in "${CASES[@]}"; do
  [[ -n "${KIND[$c]:-}" ]] || { echo "run-bench: unknown case '$c' in BENCH_CASES (known: thr16 thr64 thr256 thr1k thr16k fan1 fan4 lat64 lat1k curve64 curve1k)" >&2; exit 2; }
done
# case_impls CASE -> the implementations measured in CASE (no raw-TCP floor for fan-out or CURVE).
case_impls() {
  if [[ "${KIND[$1]}" == fan || -n "${CURVE[$1]:-}" ]]; then echo monocoque jeromq libzmq; else echo "${IMPLS[@]}"; fi
}
RUN_CURVE=0
CURVE_PUBLIC=""
CURVE_SECRET=""
for c in "${CASES[@]}"; do
  if [[ -n "${CURVE[$c]:-}" && -z "$CURVE_SECRET" ]]; then
    # One server key pair for the whole run, from the CLI (`monocoque keygen`); clients make their own.
    keys="$("$JAVA" -cp "$CLI_CP" io.monocoque.cli.Main keygen)"
    CURVE_PUBLIC="$(awk '$1 == "public:" { print $2 }' <<<"$keys")"
    CURVE_SECRET="$(awk '$1 == "secret:" { print $2 }' <<<"$keys")"
    [[ ${#CURVE_PUBLIC} == 40 && ${#CURVE_SECRET} == 40 ]] || { echo "run-bench: monocoque keygen gave no key pair: $keys" >&2; exit 1; }
  fi
done
commas() { awk -v n="$1" 'BEGIN { s = ""; while (length(n) > 3) { s = "," substr(n, length(n) - 2) s; n = substr(n, 1, length(n) - 3) }; print n s }'; }
declare -A TITLE=(
  [thr16]="PUSH/PULL 16 B × $(commas "$THR16_COUNT") msgs"
  [thr256]="PUSH/PULL 256 B × $(commas "$THR256_COUNT") msgs"
  [thr16k]="PUSH/PULL 16 KiB × $(commas "$THR16K_COUNT") msgs"
  [lat1k]="REQ/REP 1 KiB × $(commas "$LAT1K_COUNT") round trips"
  [thr64]="PUSH/PULL 64 B × $(commas "$THR64_COUNT") msgs"
  [thr1k]="PUSH/PULL 1 KiB × $(commas "$THR1K_COUNT") msgs"
  [fan1]="PUB/SUB 64 B fan-out, 1 subscriber × $(commas "$FAN1_COUNT") msgs"
  [fan4]="PUB/SUB 64 B fan-out, 4 subscribers × $(commas "$FAN4_COUNT") msgs each"
  [lat64]="REQ/REP 64 B × $(commas "$LAT_COUNT") round trips"
  [curve64]="CURVE PUSH/PULL 64 B × $(commas "$CURVE64_COUNT") msgs"
  [curve1k]="CURVE PUSH/PULL 1 KiB × $(commas "$CURVE1K_COUNT") msgs"
)
# Results: RES[case|impl|metric] = space-separated values; STALLS/FAILS[case|impl] = counts;
# CPU[case|impl|local/remote] = CPU seconds of each ok run (fan-out: remote = mean per subscriber).
declare -A RES=() STALLS=() FAILS=() CPU=() WALL=()

# CPU ticks (user + system) of the java processes now running that are not ours (not
# descendants of this script), as "pid ticks" lines. Bash builtins only: it also runs twice a
# second beside every run (watch_run).
java_ticks() {
  local d pid comm stat p
  local -a f
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    read -r comm 2>/dev/null <"$d/comm" || continue
    [[ "$comm" == java ]] || continue
    p=$pid
    while ((p > 1)); do
      ((p == MAIN_PID)) && continue 2
      read -r stat 2>/dev/null <"/proc/$p/stat" || break
      read -r -a f <<<"${stat##*) }" # fields from the third on (the name may hold spaces)
      p=${f[1]}
    done
    read -r stat 2>/dev/null <"$d/stat" || continue
    read -r -a f <<<"${stat##*) }"
    echo "$pid $((f[11] + f[12]))"
  done
}
# watch_run FILE: until killed, looks every 0.5 s for a java process that is not ours and used
# over 20% of a CPU since the last look (a process new since then counts from its start), and
# writes the first one seen into FILE.
watch_run() {
  local file=$1 before now t0 t1 hit
  before="$(java_ticks)"; t0=$(date +%s%N)
  while sleep 0.5; do
    now="$(java_ticks)"; t1=$(date +%s%N)
    hit="$(awk -v hz="$CLK_TCK" -v ns="$((t1 - t0))" '
        NR == FNR { if (NF) b[$1] = $2; next }
        NF { p = ($2 - b[$1]) / hz / (ns / 1e9) * 100; if (p > 20) { printf "pid %s (%d%% of a CPU)\n", $1, p; exit } }
      ' <(echo "$before") <(echo "$now"))"
    if [[ -n "$hit" ]]; then
      local pid=${hit#pid }; pid=${pid%% *}
      echo "$hit: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-100)" >"$file"
      return
    fi
    before=$now; t0=$t1
  done
}
CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"
# Samples 0.3 s and sets BUSY_PCT: percentage of the machine's CPU time (all CPUs, steal
# included) not idle, and JAVA_PCT: the most any one java process used (% of one CPU).
sample_load() {
  local _ u n s i w q sq st t1 i1 t2 i2 j1 j2 a b t0 t
  j1="$(java_ticks)"
  t0=$(date +%s%N)
  read -r _ u n s i w q sq st _ </proc/stat; t1=$((u + n + s + i + w + q + sq + st)); i1=$((i + w))
  sleep 0.3
  read -r _ u n s i w q sq st _ </proc/stat; t2=$((u + n + s + i + w + q + sq + st)); i2=$((i + w))
  j2="$(java_ticks)"
  t=$(($(date +%s%N) - t0))
  BUSY_PCT=0
  ((t2 > t1)) && BUSY_PCT=$((100 * ((t2 - t1) - (i2 - i1)) / (t2 - t1)))
  JAVA_PCT="$(awk -v hz="$CLK_TCK" -v ns="$t" '
      NR == FNR { before[$1] = $2; next }
      ($1 in before) { p = ($2 - before[$1]) / hz / (ns / 1e9) * 100; if (p > m) m = p }
      END { printf "%d\n", m }' <(echo "$j1") <(echo "$j2"))"
}
# Someone else's Maven build or Surefire JVM, another java process using over 20% of a CPU
# (none of ours runs between runs), or anything else using over 20% of the CPUs.
busy() {
  pgrep -f surefirebooter >/dev/null 2>&1 || pgrep -f org.codehaus.plexus.classworlds >/dev/null 2>&1 && return 0
  sample_load
  ((BUSY_PCT > 20 || JAVA_PCT > 20))
}
BUSY_RUNS=0
REPEATED_RUNS=0 # disturbed by another java process mid-run and run again
DISTURBED_KEPT=0 # disturbed again on the second try, kept
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
start_epoch=$(date +%s)
log "run-bench: $REPS repetition(s), timeout ${TIMEOUT}s per process, java $JAVA ${JAVA_OPTS[*]}"
for c in "${CASES[@]}"; do
  read -r -a impls <<<"$(case_impls "$c")"
  for ((r = 1; r <= REPS; r++)); do
    for impl in "${impls[@]}"; do
      key="$c|$impl"
      id="$c.$impl.$r"
      for attempt in 1 2; do
        # Other people's builds and test suites may run beside us (a shared machine): wait a
        # little for them, within a budget, and count the runs that start beside one anyway.
        wait_start=$SECONDS; waited=0
        while is_busy=0; busy && is_busy=1; ((is_busy && waited < QUIET_WAIT && waited < QUIET_BUDGET)); do
          ((waited == 0)) && log "  (waiting up to ${QUIET_WAIT}s for other processes to finish: Maven, Surefire, another java over 20% of a CPU or > 20% CPU in all)"
          sleep 1; waited=$((SECONDS - wait_start))
        done
        ((waited > 0)) && QUIET_BUDGET=$((QUIET_BUDGET - waited))
        rm -f "$WORK/$id.disturbed"
        watch_run "$WORK/$id.disturbed" &
        WATCH_PID=$!
        RUN_CURVE=0; [[ -n "${CURVE[$c]:-}" ]] && RUN_CURVE=1
        run_pair "$impl" "${KIND[$c]}" "${SIZE[$c]}" "${COUNT[$c]}" "$id" "${SUBS[$c]:-1}"
        kill "$WATCH_PID" 2>/dev/null || true
        wait "$WATCH_PID" 2>/dev/null || true
        WATCH_PID=""
        [[ -s "$WORK/$id.disturbed" ]] || break
        if ((attempt == 1)); then
          REPEATED_RUNS=$((REPEATED_RUNS + 1))
          log "[$c $r/$REPS] ${NAME[$impl]}: disturbed by another java process, $(cat "$WORK/$id.disturbed"); running it again"
        else
          DISTURBED_KEPT=$((DISTURBED_KEPT + 1))
          log "[$c $r/$REPS] ${NAME[$impl]}: disturbed again ($(cat "$WORK/$id.disturbed")); keeping this run"
        fi
      done
      ((is_busy)) && BUSY_RUNS=$((BUSY_RUNS + 1))
      case "$RUN_STATUS" in
        STALL)
          STALLS[$key]=$((${STALLS[$key]:-0} + 1))
          log "[$c $r/$REPS] ${NAME[$impl]}: STALL (no result within ${TIMEOUT}s; excluded from the median)"
          continue ;;
        FAIL)
          FAILS[$key]=$((${FAILS[$key]:-0} + 1))
          log "[$c $r/$REPS] ${NAME[$impl]}: FAIL (excluded from the median)"
          continue ;;
      esac
      if [[ "${KIND[$c]}" == thr ]]; then
        v="$(value "$WORK/$id.local.out" "mean throughput")"
        RES[$key|thr]+="$v "
        shown="$v msg/s"
      elif [[ "${KIND[$c]}" == fan ]]; then
        # The run's figure: the mean of its subscribers' msg/s; their CPU: the mean per subscriber.
        subs_thr=""; subs_cpu=""
        for ((k = 1; k <= ${SUBS[$c]}; k++)); do
          subs_thr+="$(value "$WORK/$id.sub$k.out" "mean throughput") "
          subs_cpu+="$(cat "$WORK/$id.sub$k.cpu") "
        done
        v="$(awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%d\n", s / NF }' <<<"$subs_thr")"
        awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.2f\n", s / NF }' <<<"$subs_cpu" >"$WORK/$id.remote.cpu"
        RES[$key|thr]+="$v "
        if ((${SUBS[$c]} > 1)); then
          shown="$v msg/s per subscriber (each: ${subs_thr% }; CPU s each: ${subs_cpu% })"
        else
          shown="$v msg/s"
        fi
      else
        p50="$(value "$WORK/$id.remote.out" "round trip p50")"
        p99="$(value "$WORK/$id.remote.out" "round trip p99")"
        avg="$(value "$WORK/$id.remote.out" "average latency")"
        RES[$key|p50]+="$p50 "; RES[$key|p99]+="$p99 "; RES[$key|avg]+="$avg "
        shown="p50 $p50 us, p99 $p99 us"
      fi
      lc="$(cat "$WORK/$id.local.cpu")"; rc="$(cat "$WORK/$id.remote.cpu")"
      CPU[$key|local]+="$lc "; CPU[$key|remote]+="$rc "; WALL[$key]+="$RUN_WALL "
      if [[ "${KIND[$c]}" == fan ]]; then
        log "[$c $r/$REPS] ${NAME[$impl]}: $shown (CPU s: publisher $lc, subscriber $rc (mean); wall ${RUN_WALL}s)"
      else
        log "[$c $r/$REPS] ${NAME[$impl]}: $shown (CPU s: binder $lc, connecter $rc; wall ${RUN_WALL}s)"
      fi
    done
  done
done
elapsed=$(($(date +%s) - start_epoch))
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- the table ----------------------------------------------------------------------------------

# stats "v1 v2 ..." -> "median min max" (empty if no values)
stats() {
  tr ' ' '\n' <<<"$1" | awk 'NF' | sort -g | awk '
    { v[NR] = $1 }
    END { if (NR == 0) exit;
          m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
          print m, v[1], v[NR] }'
}

# fmt METRIC NUMBER: throughput in M msg/s, latency in us.
fmt() {
  if [[ "$1" == thr ]]; then awk -v x="$2" 'BEGIN { printf "%.3g M", x / 1e6 }'
  else awk -v x="$2" 'BEGIN { printf "%.1f", x }'; fi
}

# cell CASE IMPL METRIC -> "median (min–max)" plus stall/fail notes
cell() {
  local key="$1|$2" s med lo hi out=""
  s="$(stats "${RES[$key|$3]:-}")"
  if [[ -n "$s" ]]; then
    read -r med lo hi <<<"$s"
    if [[ "$3" == thr ]]; then
      out="$(fmt thr "$med") ($(awk -v a="$lo" -v b="$hi" 'BEGIN { printf "%.3g–%.3g", a / 1e6, b / 1e6 }'))"
    else
      out="$(fmt lat "$med") ($(fmt lat "$lo")–$(fmt lat "$hi"))"
    fi
  else
    out="—"
  fi
  [[ -n "${STALLS[$key]:-}" ]] && out+=" ${STALLS[$key]}×STALL"
  [[ -n "${FAILS[$key]:-}" ]] && out+=" ${FAILS[$key]}×FAIL"
  echo "$out"
}

median() { local s; s="$(stats "${RES[$1|$2|$3]:-}")"; echo "${s%% *}"; }

ratio() { # ratio A B -> A/B with 2 decimals, or —
  if [[ -n "$1" && -n "$2" ]]; then awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "—"; else printf "%.2f", a / b }'
  else echo "—"; fi
}

ALL_ROWS=(
  "thr16|thr|throughput, msg/s"
  "thr64|thr|throughput, msg/s"
  "thr256|thr|throughput, msg/s"
  "thr1k|thr|throughput, msg/s"
  "thr16k|thr|throughput, msg/s"
  "fan1|thr|throughput per subscriber, msg/s"
  "fan4|thr|throughput per subscriber (mean of the 4), msg/s"
  "lat64|p50|round trip p50, µs"
  "lat64|p99|round trip p99, µs"
  "lat64|avg|average latency (libzmq's: elapsed / 2n), µs"
  "lat1k|p50|round trip p50, µs"
  "lat1k|p99|round trip p99, µs"
  "curve64|thr|throughput, msg/s"
  "curve1k|thr|throughput, msg/s"
)
ROWS=()
for row in "${ALL_ROWS[@]}"; do
  [[ " ${CASES[*]} " == *" ${row%%|*} "* ]] && ROWS+=("$row")
done

table() {
  echo "| case | metric | Monocoque | JeroMQ | libzmq | raw TCP floor | Monocoque / libzmq | Monocoque / JeroMQ |"
  echo "|---|---|---|---|---|---|---|---|"
  local row c m label
  for row in "${ROWS[@]}"; do
    IFS='|' read -r c m label <<<"$row"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${TITLE[$c]}" "$label" \
      "$(cell "$c" monocoque "$m")" "$(cell "$c" jeromq "$m")" "$(cell "$c" libzmq "$m")" "$(cell "$c" raw "$m")" \
      "$(ratio "$(median "$c" monocoque "$m")" "$(median "$c" libzmq "$m")")" \
      "$(ratio "$(median "$c" monocoque "$m")" "$(median "$c" jeromq "$m")")"
  done
}

cpu_table() {
  echo "| case | | Monocoque | JeroMQ | libzmq | raw TCP |"
  echo "|---|---|---|---|---|---|"
  local c side label impl line s
  for c in "${CASES[@]}"; do
    for side in local remote wall; do
      case "$side" in
        local) label="binder CPU s" ;; remote) label="connecter CPU s" ;; wall) label="wall s (pair)" ;;
      esac
      if [[ "${KIND[$c]}" == fan ]]; then
        case "$side" in
          local) label="publisher CPU s" ;; remote) label="CPU s per subscriber (mean)" ;;
          wall) label="wall s (publisher + ${SUBS[$c]} subscriber(s))" ;;
        esac
      fi
      line="| ${TITLE[$c]} | $label |"
      for impl in "${IMPLS[@]}"; do
        if [[ "$side" == wall ]]; then s="$(stats "${WALL[$c|$impl]:-}")"; else s="$(stats "${CPU[$c|$impl|$side]:-}")"; fi
        s="${s%% *}"
        line+=" ${s:-—} |"
      done
      echo "$line"
    done
  done
}

total_runs=0
for c in "${CASES[@]}"; do
  read -r -a impls <<<"$(case_impls "$c")"
  total_runs=$((total_runs + ${#impls[@]} * REPS))
done
stall_note=""
for c in "${CASES[@]}"; do
  for impl in "${IMPLS[@]}"; do
    n="${STALLS[$c|$impl]:-0}"
    ((n > 0)) && stall_note+="${stall_note:+; }${NAME[$impl]} ${TITLE[$c]}: $n of $REPS"
  done
done
fail_note=""
for c in "${CASES[@]}"; do
  for impl in "${IMPLS[@]}"; do
    n="${FAILS[$c|$impl]:-0}"
    ((n > 0)) && fail_note+="${fail_note:+; }${NAME[$impl]} ${TITLE[$c]}: $n of $REPS"
  done
done

java_version="$("$JAVA" -version 2>&1 | head -n 1)"
java_runtime="$("$JAVA" -version 2>&1 | sed -n 2p)"
libzmq_version="$("$ZMQ_PERF" version 2>/dev/null || echo unknown)"
libzmq_pkg="$(dpkg-query -W -f '${Package} ${Version}' libzmq5 2>/dev/null || true)"
jeromq_jar="$(basename "$(ls "$BENCH"/target/lib/jeromq-*.jar 2>/dev/null | head -n 1)" 2>/dev/null || true)"
jeromq_version="${jeromq_jar#jeromq-}"; jeromq_version="${jeromq_version%.jar}"
cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
commit="$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(cd "$ROOT" && git status --porcelain -- monocoque monocoque-zmtp monocoque-cli monocoque-bench 2>/dev/null)" ]]; then
  commit+=" (with uncommitted changes)"
fi

report() {
  echo "$SECTION"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`monocoque-bench/run-bench.sh\`" \
       "($REPS repetition(s) of each, interleaved; ${elapsed} s in all), commit $commit."
  echo
  echo "- Machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}, Linux $(uname -r)"
  echo "- Java: $java_version; $java_runtime; flags \`${JAVA_OPTS[*]}\`"
  echo "- libzmq $libzmq_version${libzmq_pkg:+ (Debian $libzmq_pkg)}, perf peer \`monocoque-bench/src/main/c/zmq_perf.c\` (gcc -O2)"
  echo "- JeroMQ ${jeromq_version:-unknown} (\`io.monocoque.bench.Jeromq*\`, its \`zmq.*\` API); Monocoque: \`monocoque perf local-thr|remote-thr|local-lat|remote-lat|pub-thr|sub-thr\`"
  echo "- Load average before / after: $load_before / $load_after; runs started while the machine was busy with something else (a Maven build, a Surefire JVM, another java process over 20% of a CPU or > 20% CPU in all): $BUSY_RUNS of $total_runs$( ((BUSY_RUNS > 0)) && echo " (their numbers are less reliable)")"
  echo "- Runs disturbed by another java process (over 20% of a CPU during the run) and therefore run once more: $REPEATED_RUNS$( ((DISTURBED_KEPT > 0)) && echo "; $DISTURBED_KEPT of them disturbed again and kept (less reliable)")"
  echo "- Raw TCP floor: \`io.monocoque.bench.RawTcpPerf\`, Java, length-prefixed frames (4 B + payload), 64 KiB batched writes for throughput, blocking ping-pong with TCP_NODELAY for latency"
  echo
  echo "Each run is two processes (binder: PULL/REP, connecter: PUSH/REQ) over tcp://127.0.0.1 with one"
  echo "I/O thread and default options; throughput is the receiver's, from its first message to its last."
  echo "PUB/SUB fan-out: one publisher process (XPUB with XPUB_NODROP, so a subscriber at its HWM"
  echo "holds the publisher back instead of losing messages, and XPUB_VERBOSE; it binds, waits for every"
  echo "subscription, then sends) and 1 or 4 subscriber processes (SUB to \"\"), each timing its own"
  echo "first to last message; a run's figure is the mean of its subscribers' msg/s (there is no raw-TCP"
  echo "peer for this case)."
  if ((WARM)); then
    echo "Steady state: every run (all implementations alike, the raw-TCP floor too) first moves as many"
    echo "untimed messages or round trips as it then times (\`--warmup\` of the CLI, \`PERF_WARMUP\` of the"
    echo "other peers), so JIT compilation is done before the clock starts. \`--cold\` measures from the"
    echo "first message instead, as libzmq's own tools do (see the cold section)."
  else
    echo "Cold: timed from the very first message, as libzmq's own tools do, so the Java figures include"
    echo "JIT compilation, which weighs more with five JVMs on this machine's cores (with 1,000,000"
    echo "messages per subscriber they come out markedly lower)."
  fi
  echo "CURVE cases: PUSH/PULL as above with the binder a CURVE server (one key pair per benchmark run,"
  echo "from \`monocoque keygen\`) and the connecter a CURVE client with a fresh key pair; every frame"
  echo "is sealed (XSalsa20-Poly1305) and opened. No raw-TCP floor there."
  echo "Cells: median (min–max) over the runs that finished. Ratios are of medians: for msg/s above 1"
  echo "means Monocoque is faster, for µs below 1 means Monocoque is faster."
  echo
  table
  echo
  if [[ -n "$stall_note" ]]; then
    echo "STALL (no result within ${TIMEOUT} s; such runs are left out of the medians, not retried): $stall_note."
  else
    echo "No run stalled (timeout ${TIMEOUT} s per process; a stalled run would be shown as STALL and left out of the medians)."
  fi
  [[ -n "$fail_note" ]] && echo && echo "FAIL (exited with an error; left out of the medians): $fail_note."
  echo
  echo "CPU time (user + system, whole process including JVM start-up and JIT) and wall time per run, medians:"
  echo
  cpu_table
}

REPORT="$(report)"
echo
echo "$REPORT"

if ((WRITE)); then
  mkdir -p "$(dirname "$DOC")"
  if [[ ! -f "$DOC" ]]; then
    printf '# Performance\n\n' >"$DOC"
  fi
  printf '%s\n' "$REPORT" >"$WORK/section.md"
  tmp="$(mktemp)"
  # Replace the section (from its heading up to the next "## " heading), or append it.
  awk -v heading="$SECTION" -v body="$WORK/section.md" '
    BEGIN { while ((getline line < body) > 0) text = text line "\n" }
    $0 == heading { skip = 1; if (!done) { printf "%s", text; done = 1 }; next }
    skip && /^## / { skip = 0; print "" }
    !skip { print; last = $0 }
    END { if (!done) { if (NR > 0 && last != "") print ""; printf "%s", text } }
  ' "$DOC" >"$tmp"
  cat "$tmp" >"$DOC"
  rm -f "$tmp"
  log "run-bench: wrote the table to ${DOC#"$ROOT"/}"
fi
