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

# The command's exit status is ior's.
set +e
run "$ior" -plain -trace-syscalls openat -- /bin/sh -c 'exit 7' > /dev/null 2>&1; rc=$?
set -e
[[ $rc -eq 7 ]] || fail "command exit status 7 came back as $rc"

echo "PASS"
