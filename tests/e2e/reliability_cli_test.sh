#!/usr/bin/env bash
# The ior CLI tried as a hostile user would (issue 15): lost output, signals, the command's
# output, filtered rows in the totals, surprising flags and messages.
#   reliability_cli_test.sh <ior binary> <ior-workload binary>
# A few checks wait for ior with a generous watchdog (20 s): they assert that ior ends at all
# (today's failure is a hang), not how fast. KEEP_GOING=1 reports every failure, not the first.
set -uo pipefail

ior=$1
workload=$2
work=$(mktemp -d /tmp/ior-reliability-test.XXXXXX)
pids_to_kill=()
cleanup() {
  for p in "${pids_to_kill[@]}"; do kill -9 "$p" 2> /dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
  [[ -n ${KEEP_GOING:-} ]] || exit 1
}
echo "data for the reliability test" > "$work/data"
# A workload that never ends by itself: pread64 in a loop.
forever=1000000000000

# Waits until $1 has exited (it must be a child of this shell), at most 20 s; sets rc.
wait_for() {
  local pid=$1 what=$2
  for _ in $(seq 200); do
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2> /dev/null; then
    fail "$what: ior still runs after 20 s"
    pkill -9 -P "$pid" 2> /dev/null; kill -9 "$pid" 2> /dev/null
  fi
  wait "$pid"
  rc=$?
}
# Waits until ior printed its first line on stderr (tracing is live). Each background run
# starts with an empty error file: a "Probing" of the run before would be read as this one's.
wait_probing() {
  for _ in $(seq 100); do
    grep -q '^Probing' "$1" 2> /dev/null && return 0
    sleep 0.1
  done
  fail "ior did not start tracing: $(cat "$1")"
}
# Pids of the workload processes started with a given marker file.
workload_pids() { pgrep -f "ior-workload basic $1" || true; }

# --- 1. Lost output is an error (exit 3), a closed stdout is refused (exit 2). ---------------
"$ior" -trace-syscalls pread64 -- "$workload" basic "$work/data" 20000 > /dev/full 2> "$work/err"
rc=$?
[[ $rc -eq 3 ]] || fail "/dev/full: exit $rc, want 3: $(cat "$work/err")"
grep -q 'cannot write' "$work/err" || fail "/dev/full: no write error: $(cat "$work/err")"
grep -q 'rows written' "$work/err" || fail "/dev/full: no rows-written figure: $(cat "$work/err")"
"$ior" -trace-syscalls openat -- /bin/true >&- 2> "$work/err"
rc=$?
[[ $rc -eq 2 ]] || fail "closed stdout: exit $rc, want 2"
grep -q 'stdout is closed' "$work/err" || fail "closed stdout: $(cat "$work/err")"
# -help into a file: `| grep -q` closes the pipe at its first match, and ior rightly exits 3
# when the rest of the help cannot be written (a race a slow build, e.g. under ASan, loses).
"$ior" -help > "$work/help" || fail "-help failed"
grep -q '^  3 ' "$work/help" || fail "-help does not document exit status 3"

# --- 2. Signals are obeyed, within a bound, with a summary; the command is ended. -----------
# A reader that never reads: the pipe fills and ior's writes would block.
mkfifo "$work/fifo"
sleep 1000 < "$work/fifo" &
pids_to_kill+=($!)
for sig in TERM INT HUP QUIT; do
  mkdir -p "$work/$sig"
  cp "$work/data" "$work/$sig/data"
  : > "$work/err"
  "$ior" -trace-syscalls pread64 -- "$workload" basic "$work/$sig/data" $forever \
    > "$work/fifo" 2> "$work/err" &
  iorpid=$!
  wait_probing "$work/err"
  sleep 1
  kill -"$sig" $iorpid
  wait_for $iorpid "SIG$sig with a reader that does not read"
  grep -q '^Totals:' "$work/err" || fail "SIG$sig: no summary: $(cat "$work/err")"
  grep -q 'not written' "$work/err" || fail "SIG$sig: rows not written are not said: $(tail -3 "$work/err")"
  sleep 0.5
  [[ -z $(workload_pids "$work/$sig/data") ]] || fail "SIG$sig: the command still runs"
done
# A command that ignores SIGINT and SIGTERM is killed after the grace period.
mkdir "$work/deaf"; cp "$work/data" "$work/deaf/data"
: > "$work/err"
"$ior" -trace-syscalls pread64 -- /bin/sh -c \
  "trap '' INT TERM; exec '$workload' basic '$work/deaf/data' $forever" > /dev/null 2> "$work/err" &
iorpid=$!
wait_probing "$work/err"
kill -INT $iorpid
wait_for $iorpid "a command that ignores SIGINT"
sleep 0.5
[[ -z $(workload_pids "$work/deaf/data") ]] || fail "a command ignoring SIGTERM was left running"
# Two signals: ior exits at once.
mkdir "$work/twice"; cp "$work/data" "$work/twice/data"
: > "$work/err"
"$ior" -trace-syscalls pread64 -- "$workload" basic "$work/twice/data" $forever \
  > "$work/fifo" 2> "$work/err" &
iorpid=$!
wait_probing "$work/err"
# (the first stop waits up to its bound for the reader that does not read; the second comes
# within it)
kill -TERM $iorpid; sleep 0.2; kill -TERM $iorpid
wait_for $iorpid "two SIGTERMs"
[[ $rc -eq 143 ]] || fail "two SIGTERMs: exit $rc, want 143"
grep -q 'second signal' "$work/err" || fail "two SIGTERMs: $(tail -2 "$work/err")"
sleep 0.5
[[ -z $(workload_pids "$work/twice/data") ]] || fail "two SIGTERMs left the command running"
# -detach: the command outlives ior.
"$ior" -detach -duration 1 -trace-syscalls openat -- sleep 30 \
  > "$work/csv" 2> "$work/err"
rc=$?
[[ $rc -eq 0 ]] || fail "-detach: exit $rc: $(cat "$work/err")"
child=$(grep -m1 ',sleep,' "$work/csv" | cut -d, -f4 | cut -d. -f1)
[[ -n $child ]] || fail "-detach: no row of sleep: $(cat "$work/csv")"
pids_to_kill+=("$child")
kill -0 "$child" 2> /dev/null || fail "-detach: the command did not outlive ior"
kill "$child"
# Without -detach, -duration ends the command too.
"$ior" -duration 1 -trace-syscalls openat -- sleep 30 \
  > "$work/csv" 2> "$work/err" &
iorpid=$!
wait_for $iorpid "-duration with a command"
[[ $rc -eq 0 ]] || fail "-duration with a command: exit $rc, want 0"
child=$(grep -m1 ',sleep,' "$work/csv" | cut -d, -f4 | cut -d. -f1)
[[ -n $child ]] || fail "-duration: no row of sleep"
sleep 0.2
kill -0 "$child" 2> /dev/null && { pids_to_kill+=("$child"); fail "-duration left the command running"; }

# --- 4. The command's stdout goes to ior's stderr when the CSV is on stdout. ---------------
"$ior" -trace-syscalls openat -- /bin/echo 'hello from the command' > "$work/csv" 2> "$work/err" \
  || fail "echo run: $(cat "$work/err")"
grep -q 'hello from the command' "$work/csv" && fail "the command's output is inside the CSV"
grep -q 'hello from the command' "$work/err" || fail "the command's output is lost"
[[ $(tail -n +2 "$work/csv" | grep -vc '^[0-9]\{8,\},[0-9]\{8,\},') -eq 0 ]] || fail "stray lines"
"$ior" -command-stdout -trace-syscalls openat -- /bin/echo 'shared' > "$work/csv" 2> "$work/err" \
  || fail "-command-stdout run: $(cat "$work/err")"
grep -q '^shared$' "$work/csv" || fail "-command-stdout did not share stdout"
grep -q 'command-stdout' "$work/help" || fail "-help does not document -command-stdout"

# --- 5. Filtered rows are part of the identity in the totals. -----------------------------
"$ior" -path hostname -- cat /etc/hostname /etc/passwd > "$work/csv" 2> "$work/err" \
  || fail "-path run: $(cat "$work/err")"
totals=$(grep '^Totals:' "$work/err")
read -r kernel delivered sampled dropped filtered < <(echo "$totals" | sed -E \
  's/.*kernel ([0-9]+), delivered ([0-9]+), sampled out ([0-9]+), dropped ([0-9]+).*filtered ([0-9]+).*/\1 \2 \3 \4 \5/')
if [[ $filtered =~ ^[0-9]+$ && $filtered -gt 0 ]]; then
  [[ $kernel -eq $((delivered + sampled + dropped + filtered)) ]] \
    || fail "kernel != delivered + sampled out + dropped + filtered: $totals"
else
  fail "no filtered figure: $totals"
fi

# --- 6. Surprising behaviour. -------------------------------------------------------------
# -pid of a thread that is not a process.
/usr/bin/python3 -c '
import threading, time, sys
def run():
    print(threading.get_native_id(), flush=True)
    time.sleep(60)
threading.Thread(target=run, daemon=True).start()
time.sleep(60)' > "$work/tid" &
pypid=$!
pids_to_kill+=($pypid)
for _ in $(seq 50); do [[ -s $work/tid ]] && break; sleep 0.1; done
tid=$(cat "$work/tid")
"$ior" -pid "$tid" -duration 2 > /dev/null 2> "$work/err"
rc=$?
[[ $rc -eq 2 ]] || fail "-pid <thread>: exit $rc, want 2: $(cat "$work/err")"
grep -q -- "-tid $tid" "$work/err" || fail "-pid <thread>: no hint to use -tid: $(cat "$work/err")"
kill $pypid
# Repeated single-value flags.
for args in "-pid 1 -pid 2" "-duration 1 -duration 2" "-comm a -comm b" "-map-size 4096 -map-size 8192"; do
  # shellcheck disable=SC2086
  "$ior" $args -demo > /dev/null 2> "$work/err"
  rc=$?
  [[ $rc -eq 2 ]] || fail "'$args': exit $rc, want 2"
  grep -q 'given twice' "$work/err" || fail "'$args': $(cat "$work/err")"
done
# No default duration with a command.
"$ior" -trace-syscalls openat -- /bin/true > /dev/null 2> "$work/err" || fail "true run"
grep -q '900' "$work/err" && fail "a command run is limited to 900 s: $(head -1 "$work/err")"
# Closing the output ends the trace and the command promptly.
mkdir "$work/head"; cp "$work/data" "$work/head/data"
( ( "$ior" -trace-syscalls pread64 -- "$workload" basic "$work/head/data" $forever 2> "$work/err"
    echo $? > "$work/rc" ) | head -5 > "$work/head5" ) &
piped=$!
wait_for $piped "ior | head -5"
[[ $(wc -l < "$work/head5") -eq 5 ]] || fail "head -5 did not get 5 lines"
[[ $(cat "$work/rc" 2> /dev/null) == 3 ]] || fail "ior | head: exit $(cat "$work/rc"), want 3"
grep -q 'rows written' "$work/err" || fail "ior | head: no rows-written figure: $(tail -3 "$work/err")"
sleep 0.5
[[ -z $(workload_pids "$work/head/data") ]] || fail "ior | head left the command running"
# A live warning when more than 1% are dropped in a second (a one-page ring drops most).
mkdir "$work/drop"; cp "$work/data" "$work/drop/data"
"$ior" -map-size 4096 -duration 3 -trace-syscalls pread64 -- \
  "$workload" basic "$work/drop/data" $forever > /dev/null 2> "$work/err" &
wait_for $! "-duration 3 with a command"
grep -q 'warning: dropped' "$work/err" || fail "no live drop warning: $(cat "$work/err")"
[[ $(grep -c 'warning: dropped' "$work/err") -le 4 ]] || fail "drop warning not rate-limited"
# A command that cannot be run: only the error, exit 127 like a shell.
"$ior" -- /nonexistent/ior-cmd > "$work/out" 2> "$work/err"
rc=$?
[[ $rc -eq 127 ]] || fail "/nonexistent: exit $rc, want 127"
[[ $(wc -l < "$work/err") -eq 1 ]] || fail "/nonexistent: more than the error: $(cat "$work/err")"
[[ ! -s $work/out ]] || fail "/nonexistent: stdout not empty: $(cat "$work/out")"

# --- 7. Messages. --------------------------------------------------------------------------
"$ior" -tps '*' > /dev/null 2> "$work/err"
grep -q "Mismatched" "$work/err" && fail "-tps '*': $(cat "$work/err")"
grep -q "nothing to repeat" "$work/err" || fail "-tps '*': $(cat "$work/err")"
# User text is escaped in messages.
"$ior" -trace-syscalls $'\e[31mred\u202e' > /dev/null 2> "$work/err"
grep -q $'\e' "$work/err" && fail "raw ESC in a message"
grep -q $'\u202e' "$work/err" && fail "raw bidi override in a message"
grep -qF '\x1b[31mred' "$work/err" || fail "escaped text missing: $(cat "$work/err")"
"$ior" -- $'/nonexistent/\e]0;title\a' > /dev/null 2> "$work/err"
grep -q $'\e' "$work/err" && fail "raw ESC in the command's error"
# Bidi controls in file names are escaped in the CSV.
touch "$work/a"$'\u202e'"txt.exe"
"$ior" -trace-syscalls openat -- cat "$work/a"$'\u202e'"txt.exe" > "$work/csv" 2> "$work/err" \
  || fail "bidi run: $(cat "$work/err")"
grep -q $'\u202e' "$work/csv" && fail "bidi override passed into the CSV"
grep -qF 'a\xe2\x80\xaetxt.exe' "$work/csv" || fail "bidi not escaped: $(grep ',cat,' "$work/csv")"
# Not root: the message names what is needed, and that is enough.
if id nobody > /dev/null 2>&1 && command -v setpriv > /dev/null; then
  cp "$ior" "$work/ior"; chmod 755 "$work" "$work/ior"
  setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
    "$work/ior" -trace-syscalls openat -- /bin/true > /dev/null 2> "$work/err"
  rc=$?
  [[ $rc -eq 1 ]] || fail "not root: exit $rc: $(cat "$work/err")"
  grep -q 'CAP_BPF and CAP_PERFMON' "$work/err" || fail "not root: $(cat "$work/err")"
  grep -q 'CAP_SYS_RESOURCE' "$work/err" && fail "not root asks for CAP_SYS_RESOURCE"
  # One line, nothing else: no stack dump, no libbpf chatter, no statistics, no row.
  [[ $(wc -l < "$work/err") -eq 1 ]] || fail "not root: not one line: $(cat "$work/err")"
  grep -qiE 'terminate|abort|backtrace|libbpf:|#[0-9]' "$work/err" &&
    fail "not root: a dump: $(cat "$work/err")"
  # The status is the one -help gives for a failed trace, not a bad flag's (2) nor the
  # command's; the same as nobody with a bad flag is 2.
  "$ior" -help 2>&1 | grep -qE '^  1 +tracing failed \(not root' || fail "-help: no exit status 1"
  setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
    "$work/ior" -no-such-flag > /dev/null 2> "$work/err"
  rc=$?
  [[ $rc -eq 2 ]] || fail "not root, bad flag: exit $rc: $(cat "$work/err")"
  # Without a command too (-pid of a process that exists).
  setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
    "$work/ior" -pid $$ > "$work/csv" 2> "$work/err"
  rc=$?
  [[ $rc -eq 1 ]] || fail "not root, -pid: exit $rc: $(cat "$work/err")"
  [[ $(wc -l < "$work/err") -eq 1 ]] || fail "not root, -pid: $(cat "$work/err")"
  [[ -s $work/csv ]] && fail "not root, -pid: output on stdout: $(head -3 "$work/csv")"
  setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=+bpf,+perfmon \
    --ambient-caps=+bpf,+perfmon "$work/ior" -trace-syscalls openat -- /bin/true \
    > "$work/csv" 2> "$work/err" || fail "CAP_BPF+CAP_PERFMON do not suffice: $(cat "$work/err")"
  grep -q ',true,' "$work/csv" || fail "CAP_BPF+CAP_PERFMON: nothing traced"
fi

[[ $failures -eq 0 ]] || exit 1
echo PASS
