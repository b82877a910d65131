#!/usr/bin/env bash
# End-to-end test of `ior -flamegraph`, `ior collapsed` and `ior svg` (root, a BTF kernel):
#   flame_cli_test.sh <ior binary> <ior-workload binary>
# Records the workload's known calls on a known file, then checks the collapsed stacks exactly
# (counts and bytes) against the workload and against the run's own summary, the folding of a
# tiny -flamegraph-max-keys, the end of a run by SIGTERM and by -duration, the reader's
# refusal of empty, truncated, corrupt and foreign files, and a -degrade run's figures kept in
# its recording (`ior report FILE.ior.zst`). Prints PASS at the end.
set -euo pipefail

ior=$(realpath "$1")
workload=$(realpath "$2")
work=$(mktemp -d /tmp/ior-flame-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v zstd > /dev/null || fail "zstd (the CLI) is missing: run cmake/setup-debian.sh"
cd "$work"
echo "data for the flame test" > "$work/data"
n=1500

# 1. Record the basic scenario. The trace follows only the workload (ior -- COMMAND).
"$ior" -flamegraph -name e2e -trace-syscalls openat,pread64,close -- \
  "$workload" basic "$work/data" "$n" > out 2> err || fail "ior exited $?: $(cat err)"
[[ ! -s out ]] && true || fail "-flamegraph wrote to stdout: $(head -3 out)"
grep -q '^Probing for ' err || fail "no 'Probing for' line"
# The end-of-run report, as in every mode, with the kernel's percentiles.
grep -Eq '^  syscall +count +rows +errors +total +avg +p50 +p95 +p99 +max ' err \
  || fail "no report with p50/p99 on stderr: $(cat err)"
count=$(awk '$1 == "pread64" {print $2}' err)
[[ -n $count && $count -ge $n ]] || fail "report line of pread64: $(grep pread64 err)"
wrote=$(grep '^Wrote ' err) || fail "no 'Wrote' line: $(cat err)"
file=$(echo "$wrote" | sed 's/^Wrote \([^ ]*\) .*/\1/')
[[ $file =~ ^.+-e2e-[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}:[0-9]{2}:[0-9]{2}\.ior\.zst$ ]] \
  || fail "recording name: $file"
[[ $file == "$(uname -n)-e2e-"* ]] || fail "recording name does not start with the host: $file"
[[ -f $file ]] || fail "$file does not exist"
echo "$wrote" | grep -q ', 0 folded)' || fail "fold count missing or non-zero: $wrote"
ls ./*.tmp 2> /dev/null && fail "a temporary file was left behind"

# The workload's calls on its data file, exactly (the loader's own opens of libraries come on
# top, under other paths; the failing calls are checked on their own).
frames=$(echo "$work/data" | sed 's|/|;/|g')  # /tmp/x/data → ;/tmp;/x;/data
"$ior" collapsed "$file" > collapsed || fail "ior collapsed exited $?"
grep -F ";$frames " collapsed > mine || true
expected="ior-workload;enter_close;$frames 2
ior-workload;enter_openat;$frames 2
ior-workload;enter_pread64;$frames $n"
[[ $(cat mine) == "$expected" ]] || fail "collapsed stacks:
$(cat mine)
want:
$expected"
grep -qx 'ior-workload;enter_openat;;/nonexistent;/ior-e2e-missing 1' collapsed \
  || fail "no line for the failing openat: $(grep nonexistent collapsed)"
grep -qx 'ior-workload;enter_close 1' collapsed || fail "no line for the close without a file"
# Bytes: only pread64 moved any (1 byte each); zero-weight lines are left out.
"$ior" collapsed -count bytes "$file" | grep -F ";$frames " > bytes || true
[[ $(cat bytes) == "ior-workload;enter_pread64;$frames $n" ]] || fail "bytes: $(cat bytes)"
# Other fields and weights.
"$ior" collapsed -fields tracepoint,comm -count count "$file" | grep -qx "enter_openat;ior-workload [0-9]*" \
  || fail "-fields tracepoint,comm"
"$ior" collapsed -fields path,flags "$file" | grep -qxF "$frames;O_RDONLY $((n + 4))" \
  || fail "-fields path,flags: $("$ior" collapsed -fields path,flags "$file" | grep -F data)"
dur=$("$ior" collapsed -count duration "$file" | awk '{s += $NF} END {print s + 0}')
((dur > 0)) || fail "no duration"

# The recording equals the run's live figures: per syscall, the collapsed counts are the rows
# of the summary, and their sum is the number of events delivered.
for sc in openat pread64 close; do
  rows=$(awk -v s="$sc" '$1 == s {print $3}' err)
  got=$("$ior" collapsed -fields tracepoint "$file" | awk -v s="enter_$sc" '$1 == s {print $2}')
  [[ -n $rows && $rows == "$got" ]] || fail "$sc: summary rows '$rows', recording '$got'"
done
delivered=$(sed -n 's/.*delivered \([0-9]*\),.*/\1/p' err)
sum=$(awk '{s += $NF} END {print s}' collapsed)
[[ $sum == "$delivered" ]] || fail "recording has $sum events, summary delivered $delivered"

# 2. A tiny cap folds, and every total stays exact.
"$ior" -flamegraph -name tiny -flamegraph-max-keys 2 -trace-syscalls openat,pread64,close -- \
  "$workload" basic "$work/data" "$n" > out 2> err2 || fail "tiny run exited $?"
tiny=$(sed -n 's/^Wrote \([^ ]*\) .*/\1/p' err2)
grep '^Wrote ' err2 | grep -q ' folded: ' || fail "no fold reported: $(grep Wrote err2)"
grep -q 'reached its limit of 2 keys' err2 || fail "no fold notice"
delivered=$(sed -n 's/.*delivered \([0-9]*\),.*/\1/p' err2)
sum=$("$ior" collapsed "$tiny" | awk '{s += $NF} END {print s}')
[[ $sum == "$delivered" ]] || fail "folded recording has $sum events, delivered $delivered"
prows=$(awk '$1 == "pread64" {print $3}' err2)
pgot=$("$ior" collapsed -fields tracepoint "$tiny" | awk '$1 == "enter_pread64" {print $2}')
[[ $prows == "$pgot" ]] || fail "folded pread64: $pgot, want $prows"
"$ior" collapsed -count bytes "$tiny" | awk '{s += $NF} END {exit !(s >= '"$n"')}' \
  || fail "folded bytes lost"

# 3. The end of the run by SIGTERM and by -duration writes the recording too.
"$ior" -flamegraph -name term -trace-syscalls nanosleep -- sleep 20 > out 2> err3 &
pid=$!
sleep 1.5
kill -TERM "$pid"
wait "$pid" || true
grep -q '^Wrote .*-term-' err3 || fail "no recording after SIGTERM: $(cat err3)"
"$ior" -flamegraph -name dur -duration 1 -trace-syscalls openat -- \
  sh -c "cat '$work/data' > /dev/null; sleep 2" > out 2> err4 || fail "-duration run exited $?"
dfile=$(sed -n 's/^Wrote \([^ ]*\) .*/\1/p' err4)
[[ $dfile == *-dur-* ]] || fail "no recording after -duration: $(cat err4)"
"$ior" collapsed "$dfile" | grep -qxF "cat;enter_openat;$frames 1" \
  || fail "-duration recording lacks cat's openat: $("$ior" collapsed "$dfile")"

# 4. SVG: a self-contained document.
"$ior" svg -title "e2e" "$file" > flame.svg || fail "ior svg exited $?"
grep -q '<svg ' flame.svg && grep -q '</svg>' flame.svg && grep -q '<script' flame.svg \
  || fail "not an interactive SVG"
grep -qF "data-n=\"enter_pread64\"" flame.svg || fail "no pread64 frame in the SVG"

# -flamegraph -svg writes the SVG next to the recording.
"$ior" -flamegraph -svg -name withsvg -trace-syscalls openat -- \
  sh -c "cat '$work/data' > /dev/null" > out 2> err7 || fail "-svg run exited $?"
svgfile=$(sed -n 's/^Wrote \(.*\.svg\)$/\1/p' err7)
[[ $svgfile == *-withsvg-*.svg && -s $svgfile ]] || fail "-svg wrote no SVG: $(cat err7)"
grep -q '</svg>' "$svgfile" || fail "$svgfile is not a whole SVG"

# 5. The reader refuses bad files with one clear sentence and exit 1.
refuse() {  # refuse <file> <message regex>
  set +e
  "$ior" collapsed "$1" > out 2> err5
  local rc=$?
  set -e
  [[ $rc -eq 1 ]] || fail "$1: exit $rc, want 1"
  [[ ! -s out ]] || fail "$1: output on stdout"
  [[ $(wc -l < err5) -eq 1 ]] || fail "$1: not one line: $(cat err5)"
  grep -Eq "$2" err5 || fail "$1: message '$(cat err5)' does not match '$2'"
}
: > empty.ior.zst
refuse empty.ior.zst '^ior: empty\.ior\.zst is empty, not an ior recording$'
size=$(stat -c %s "$file")
head -c $((size / 2)) "$file" > truncated.ior.zst
refuse truncated.ior.zst '^ior: truncated\.ior\.zst is (truncated|corrupt)'
cp "$file" flipped.ior.zst
off=$((size / 3))
byte=$(od -An -tu1 -j "$off" -N1 flipped.ior.zst | tr -d ' ')
printf "$(printf '\\%03o' $((byte ^ 0x10)))" | dd of=flipped.ior.zst bs=1 seek="$off" conv=notrunc status=none
cmp -s "$file" flipped.ior.zst && fail "the byte was not flipped"
refuse flipped.ior.zst '^ior: flipped\.ior\.zst is corrupt'
echo "not a recording" | zstd -q > foreign.ior.zst
refuse foreign.ior.zst '^ior: foreign\.ior\.zst is a zstd file but not an ior recording'
echo "plain text" > text.ior.zst
refuse text.ior.zst 'is not an ior recording'
refuse missing.ior.zst '^ior: cannot open missing\.ior\.zst: No such file or directory$'
set +e
"$ior" collapsed -count bogus "$file" > out 2> err6; rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q "bogus" err6 || fail "bad -count: exit $rc, $(cat err6)"

# 6. -degrade with a tiny ring: the recording keeps the run's degrade figures, and `ior report`
# of it prints the live run's Degraded: and Totals: lines again, exactly.
m=100000
"$ior" -flamegraph -name degraded -degrade -map-size 4096 -trace-syscalls pread64 -- \
  "$workload" basic "$work/data" "$m" > out 2> err7 || fail "-degrade run exited $?: $(cat err7)"
live=$(grep '^Degraded: ' err7) || fail "-degrade: no Degraded: line: $(cat err7)"
degraded_file=$(sed -n 's/^Wrote \([^ ]*\) .*/\1/p' err7)
[[ -f $degraded_file ]] || fail "-degrade: no recording: $(cat err7)"
"$ior" report "$degraded_file" > report 2> err8 || fail "ior report $degraded_file: $(cat err8)"
[[ $(grep '^Degraded: ' report) == "$live" ]] \
  || fail "ior report's Degraded: line '$(grep '^Degraded: ' report)', live '$live'"
[[ $(grep '^Totals: ' report) == "$(grep '^Totals: ' err7)" ]] \
  || fail "ior report's Totals: line '$(grep '^Totals: ' report)', live '$(grep '^Totals: ' err7)'"
grep -q "^File: $degraded_file: a flamegraph recording of [0-9]* keys; host $(uname -n), " report \
  || fail "ior report's File: line: $(tail -1 report)"
# A recording of a run that degraded nothing has no Degraded: line.
"$ior" report "$file" > report 2> err8 || fail "ior report $file: $(cat err8)"
grep -q '^Totals: ' report || fail "ior report $file: no Totals: $(cat report)"
! grep -q '^Degraded: ' report || fail "ior report $file: a Degraded: line: $(cat report)"

echo PASS
