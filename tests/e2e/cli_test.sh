#!/usr/bin/env bash
# End-to-end test of the ior CLI as a user runs it:
#   cli_test.sh <ior binary> <ior-workload binary> [static]
# Traces the workload with `ior -plain -- COMMAND` and checks the CSV rows, the summary and the
# exit codes. With "static", first checks that the binary is fully static, then runs a copy of it
# from an empty directory with an empty environment, as on another host.
set -euo pipefail

ior=$1
workload=$2
mode=${3:-}
work=$(mktemp -d /tmp/ior-cli-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

if [[ $mode == static ]]; then
  readelf -d "$ior" 2>&1 | grep -q "There is no dynamic section" \
    || fail "$ior has a dynamic section: $(readelf -d "$ior" | head -5)"
  readelf -l "$ior" | grep -q INTERP && fail "$ior asks for a program interpreter"
  mkdir "$work/otherhost"
  cp "$ior" "$work/otherhost/ior"
  ior="$work/otherhost/ior"
  run() { (cd "$work/otherhost" && env -i "$@"); }
else
  run() { "$@"; }
fi

echo "data for the cli test" > "$work/data"
n=2000

# Bad flags: a clear message and exit code 2.
set +e
run "$ior" -plain -bogus > "$work/out" 2> "$work/err"; rc=$?
set -e
[[ $rc -eq 2 ]] || fail "unknown flag: exit $rc, want 2"
grep -q "bogus" "$work/err" || fail "unknown flag message does not name the flag: $(cat "$work/err")"
set +e
run "$ior" -plain -pid notanumber > "$work/out" 2> "$work/err"; rc=$?
set -e
[[ $rc -eq 2 ]] || fail "bad pid: exit $rc, want 2"

# Trace the workload as a command; only three syscalls.
run "$ior" -plain -trace-syscalls openat,pread64,close -- \
  "$workload" basic "$work/data" "$n" > "$work/csv" 2> "$work/err" \
  || fail "ior exited $?: $(cat "$work/err")"

head -1 "$work/csv" | grep -qx 'durationToPrevNs,durationNs,comm,pid.tid,name,ret,file' \
  || fail "header: $(head -1 "$work/csv")"
grep -q '^Probing for ' "$work/err" || fail "no 'Probing for' line on stderr"

rows() { grep -c "$1" "$work/csv" || true; }
# The workload's own calls (the dynamic loader's openat/close of libraries come on top).
[[ $(rows ',ior-workload,[0-9]*\.[0-9]*,pread64,1,') -eq $n ]] \
  || fail "want $n pread64 rows returning 1, got $(rows ',pread64,1,')"
[[ $(rows ',ior-workload,[0-9]*\.[0-9]*,openat,-2,') -eq 1 ]] || fail "no failing openat row (-2)"
[[ $(rows ',ior-workload,[0-9]*\.[0-9]*,close,-9,') -eq 1 ]] || fail "no failing close row (-9)"
# Durations are zero-padded to 8 digits, and nothing but the selected calls appears.
[[ $(grep -vc '^[0-9]\{8,\},[0-9]\{8,\},' "$work/csv") -eq 1 ]] || fail "rows without padded durations"
[[ $(tail -n +2 "$work/csv" | grep -vc ',\(openat\|pread64\|close\),') -eq 0 ]] \
  || fail "rows of unselected syscalls"
grep -q 'pread64' "$work/err" || fail "summary lacks pread64"
grep -qi 'dropped' "$work/err" || fail "summary lacks the dropped figure"

# The end-of-run report: p50/p95/p99 columns on stderr, in every output mode; -summary-json
# writes the same report as JSON (published by a rename), with the workload's known counts.
report_header='^  syscall +count +rows +errors +total +avg +p50 +p95 +p99 +max +read +written$'
grep -Eq "$report_header" "$work/err" || fail "report lacks the p50/p99 columns: $(cat "$work/err")"
grep -Eq '^  pread64 +[0-9]+ +[0-9]+ +0 +[0-9.]+[a-z]+ +([0-9.]+[a-z]+ +){5}' "$work/err" \
  || fail "report line of pread64: $(grep pread64 "$work/err")"
grep -q '^Accounting: kernel [0-9]* = delivered [0-9]* + sampled out 0 + dropped 0 + filtered 0: balanced$' \
  "$work/err" || fail "no balanced accounting line: $(cat "$work/err")"
run "$ior" -trace-json "$work/t.json" -summary-json "$work/summary.json" \
  -trace-syscalls openat,pread64,close -- "$workload" basic "$work/data" "$n" \
  > "$work/out" 2> "$work/err" || fail "-summary-json run exited $?: $(cat "$work/err")"
grep -Eq "$report_header" "$work/err" || fail "-trace-json run lacks the report: $(cat "$work/err")"
compgen -G "$work/summary.json.*.tmp" > /dev/null && fail "-summary-json left its temporary file"
# A file that cannot be written is refused before anything runs.
set +e
run "$ior" -summary-json "$work/no/such/dir/s.json" -- /bin/sh -c "touch '$work/ran'" \
  > /dev/null 2> "$work/err2"; rc=$?
set -e
[[ $rc -eq 1 && ! -e $work/ran ]] && grep -q "cannot create a file next to $work/no/such/dir/s.json" \
  "$work/err2" || fail "unwritable -summary-json: exit $rc, $(cat "$work/err2")"
/usr/bin/python3 - "$work/summary.json" "$n" "$work/data" <<'EOF' \
  || fail "-summary-json: $(head -c 1500 "$work/summary.json")"
import json, sys
r = json.load(open(sys.argv[1]))
n, data = int(sys.argv[2]), sys.argv[3]
sc = {s["name"]: s for s in r["syscalls"]}
assert set(sc) == {"openat", "pread64", "close"}, sorted(sc)
p = sc["pread64"]
# n calls of the workload; the dynamic loader's few come on top.
assert n <= p["count"] < n + 10 and p["rows"] == p["count"] == p["timed"], p
assert 0 < p["p50_ns"] <= p["p95_ns"] <= p["p99_ns"] <= p["max_ns"], p
assert p["errors"] == 0 and p["top_errors"] == [] and p["bytes_written"] == 0, p
assert {"errno": "ENOENT", "count": 1} in sc["openat"]["top_errors"], sc["openat"]
assert {"errno": "EBADF", "count": 1} in sc["close"]["top_errors"], sc["close"]
top = r["top_files_by_bytes"][0]
assert top["file"] == data and top["bytes"] == n and top["calls"] >= n, top
a = r["accounting"]
assert a["balanced"] and a["dropped"] == 0 and a["sampled_out"] == 0, a
assert a["kernel_count"] == sum(s["count"] for s in r["syscalls"]) == a["delivered"], a
assert r["rows_seen"] == a["delivered"], r["rows_seen"]
EOF

# Selectors as in the README: only the Time and Polling calls of the families scenario.
mkdir "$work/fam"
run "$ior" -plain -trace-families Time,Polling -- "$workload" families "$work/fam" \
  > "$work/csv" 2> "$work/err" || fail "families run exited $?: $(cat "$work/err")"
names=$(tail -n +2 "$work/csv" | grep ',ior-workload,' | cut -d, -f5 | tr '\n' ' ')
[[ $names == "nanosleep poll epoll_create1 epoll_ctl epoll_wait " ]] \
  || fail "-trace-families Time,Polling gave: $names"
# Paths are in the file column: "old -> new" for renames.
run "$ior" -plain -trace-syscalls renameat2,unlinkat -- "$workload" families "$work/fam" \
  > "$work/csv" 2> "$work/err" || fail "rename run exited $?"
grep -q ",renameat2,0,$work/fam/a -> $work/fam/b\$" "$work/csv" \
  || fail "no 'old -> new' file column: $(grep renameat2 "$work/csv")"
grep -q ",unlinkat,0,$work/fam/b\$" "$work/csv" || fail "no unlinkat path"
# Sampling 0: counted, no rows; the summary says so.
run "$ior" -plain -trace-syscalls pread64 -syscall-sampling-syscalls pread64=0 -- \
  "$workload" basic "$work/data" 300 > "$work/csv" 2> "$work/err" || fail "sampling run"
[[ $(rows ',pread64,') -eq 0 ]] || fail "sampled-out pread64 rows were written"
# (the dynamic loader adds a couple of pread64 calls of its own to the workload's 300)
calls=$(awk '$1 == "pread64" {print $2}' "$work/err")
[[ $(awk '$1 == "pread64" {print $3}' "$work/err") == 0 && $calls -ge 300 ]] \
  || fail "summary lacks 'pread64 >=300 calls, 0 rows': $(grep pread64 "$work/err")"
grep -q "sampled out $calls," "$work/err" || fail "summary lacks the sampled-out total"
# Unknown names list the valid values; -list lists the table.
set +e
run "$ior" -trace-families Bogus -- /bin/true > /dev/null 2> "$work/err"; rc=$?
set -e
[[ $rc -eq 2 ]] || fail "unknown family: exit $rc, want 2"
grep -q "valid: Network, Memory" "$work/err" || fail "unknown family message: $(cat "$work/err")"
run "$ior" -list > "$work/list" || fail "-list failed"
grep -Eq '^ +257 +openat +FS +open ' "$work/list" || fail "-list lacks openat"
grep -q '^Families: Network Memory Signals Sched IPC Time Process Security FS Polling AIO Misc' \
  "$work/list" || fail "-list lacks the families"

# -follow (on by default with a command): the shell's children are traced too, with their
# own comm, and descriptor calls name their file; -comm/-path keep only matching rows.
run "$ior" -plain -trace-syscalls openat,read,close -- /bin/sh -c \
  "cat '$work/data' > /dev/null; cat '$work/data' > /dev/null" > "$work/csv" 2> "$work/err" \
  || fail "follow run exited $?"
[[ $(grep -c ",cat,[0-9.]*,openat,[0-9]*,$work/data\$" "$work/csv") -eq 2 ]] \
  || fail "children of the command not followed: $(grep ',cat,' "$work/csv" | head -5)"
grep -q ",cat,[0-9.]*,read,22,$work/data\$" "$work/csv" \
  || fail "read through a descriptor not named: $(grep ',read,' "$work/csv" | head -3)"
run "$ior" -plain -follow=false -trace-syscalls openat -- /bin/sh -c "cat '$work/data'" \
  > "$work/csv" 2> "$work/err" || fail "no-follow run exited $?"
[[ $(grep -c ',cat,' "$work/csv" || true) -eq 0 ]] || fail "-follow=false still traced the child"
run "$ior" -plain -comm cat -path data -trace-syscalls openat,read,close -- /bin/sh -c \
  "cat '$work/data' > /dev/null" > "$work/csv" 2> "$work/err" || fail "filter run exited $?"
[[ $(tail -n +2 "$work/csv" | grep -vc ",cat,[0-9.]*,[a-z]*,[0-9-]*,$work/data\$") -eq 0 ]] \
  || fail "-comm/-path let other rows through: $(tail -n +2 "$work/csv" | head -5)"
[[ $(tail -n +2 "$work/csv" | wc -l) -eq 4 ]] \
  || fail "want openat, read, read (EOF), close of data: $(cat "$work/csv")"

# -pid and -tid: the trace ends by itself when its target ends. Each target waits for a file
# that the test creates once ior says it is probing.
# The error file is emptied first: a "Probing" left there by an earlier run would start the
# target before this tracer has even looked for it.
wait_probing() {
  for _ in $(seq 200); do grep -q '^Probing for' "$1" 2> /dev/null && return 0; sleep 0.05; done
  fail "ior never started probing: $(cat "$1")"
}
/bin/sh -c "while [ ! -e '$work/go1' ]; do sleep 0.05; done" &
target=$!
: > "$work/err"
run "$ior" -plain -trace-syscalls openat -pid "$target" > "$work/csv" 2> "$work/err" &
tracer=$!
wait_probing "$work/err"
touch "$work/go1"
wait "$tracer" || fail "-pid run exited $?: $(cat "$work/err")"
grep -q "Traced process $target exited, stopping the trace" "$work/err" \
  || fail "-pid: no end message: $(cat "$work/err")"
# -pid with -tid traces that thread of that process: the trace ends with the thread although
# the process lives on.
/usr/bin/python3 -c "
import os, threading, time
def worker():
    while not os.path.exists('$work/go2'): time.sleep(0.05)
t = threading.Thread(target=worker); t.start()
open('$work/tid', 'w').write(str(t.native_id)); t.join(); time.sleep(60)" &
target=$!
for _ in $(seq 200); do [[ -s $work/tid ]] && break; sleep 0.05; done
tid=$(cat "$work/tid")
: > "$work/err"
run "$ior" -plain -trace-syscalls openat -pid "$target" -tid "$tid" > "$work/csv" 2> "$work/err" &
tracer=$!
wait_probing "$work/err"
touch "$work/go2"
wait "$tracer" || fail "-pid -tid run exited $?: $(cat "$work/err")"
grep -q "Traced thread $tid exited, stopping the trace" "$work/err" \
  || fail "-pid -tid: no end message: $(cat "$work/err")"
kill -0 "$target" 2> /dev/null || fail "-pid -tid: the process should still live"
kill "$target"

# -summary-only: no rows on stdout, the kernel's exact counts in the report; -v: where the
# start-up time went and what the kernel programs cost.
run "$ior" -summary-only -v -trace-syscalls openat,pread64,close -- \
  "$workload" basic "$work/data" "$n" > "$work/csv" 2> "$work/err" \
  || fail "-summary-only exited $?: $(cat "$work/err")"
[[ ! -s $work/csv ]] || fail "-summary-only wrote rows: $(head -3 "$work/csv")"
# (The dynamic loader's preads come on top of the workload's.)
counted=$(awk '$1 == "pread64" && $3 == 0 && $4 == 0 { print $2 }' "$work/err")
[[ -n $counted && $counted -ge $n ]] \
  || fail "-summary-only: no 'pread64 >= $n calls, 0 rows, 0 errors' line: $(cat "$work/err")"
grep -Eq '^start-up [0-9.]* ms: (kernel types [0-9.]*, )?open [0-9.]*, load and verify [0-9.]*' "$work/err" \
  || fail "-v: no start-up line: $(cat "$work/err")"
grep -q '^Cost: kernel programs .* per traced call' "$work/err" \
  || fail "-v: no cost line: $(cat "$work/err")"
grep -q 'Accounting: .*: balanced' "$work/err" || fail "-summary-only: not balanced: $(cat "$work/err")"
set +e
run "$ior" -summary-only -plain -- true > /dev/null 2> "$work/err"; rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q "cannot be combined" "$work/err" \
  || fail "-summary-only -plain: exit $rc: $(cat "$work/err")"

# -degrade with a tiny ring: the kernel thins the rows instead of dropping them at random; the
# counts stay exact, and the report says how many calls were degraded (with every syscall
# sampled at 1, each call sampled out was degraded).
m=100000
run "$ior" -plain -degrade -map-size 4096 -trace-syscalls pread64 -- \
  "$workload" basic "$work/data" "$m" > "$work/csv" 2> "$work/err" \
  || fail "-degrade exited $?: $(cat "$work/err")"
counted=$(awk '$1 == "pread64" { print $2 }' "$work/err")
[[ -n $counted && $counted -ge $m ]] || fail "-degrade: pread64 not counted exactly: $(cat "$work/err")"
degraded=$(sed -n 's/^Degraded: \([0-9]*\) calls not written to keep up (as few as 1 in [0-9]* rows of pread64), in [0-9]* windows\{0,1\}, .* in all$/\1/p' "$work/err")
sampled=$(sed -n 's/^Totals: .*, sampled out \([0-9]*\), .*/\1/p' "$work/err")
delivered=$(sed -n 's/^Totals: kernel [0-9]*, delivered \([0-9]*\), .*/\1/p' "$work/err")
[[ -n $degraded && $degraded -gt 0 && $degraded == "$sampled" ]] \
  || fail "-degrade: no 'Degraded:' line of the $sampled calls sampled out: $(cat "$work/err")"
grep -q 'Accounting: .*: balanced' "$work/err" || fail "-degrade: not balanced: $(cat "$work/err")"
[[ $(($(wc -l < "$work/csv") - 1)) -eq $delivered ]] \
  || fail "-degrade: $(($(wc -l < "$work/csv") - 1)) rows, $delivered delivered"

# The command's exit status is ior's.
set +e
run "$ior" -plain -trace-syscalls openat -- /bin/sh -c 'exit 7' > /dev/null 2>&1; rc=$?
set -e
[[ $rc -eq 7 ]] || fail "command exit status 7 came back as $rc"

echo "PASS"
