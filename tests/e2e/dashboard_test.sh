#!/usr/bin/env bash
# End-to-end test of the live dashboard, driven as a user drives it: the real ior binary in a
# tmux pane (send-keys, capture-pane), tracing the workload program.
#   dashboard_test.sh <ior binary> <ior-workload binary> <fixtures dir> [--update-fixtures]
# Checks: each tab shows the workload's known calls, counts and file; a filter narrows the
# tables and the stream, conditions stack (f pushes, F pops, c clears) and [ ] scope to a
# family; the stream searches (/ n) and exports CSV (e); the flamegraph zooms, searches,
# pauses, resets and auto-resets; the PID picker lists a waiting workload and selecting it
# traces it; the probes view switches a family and a single syscall off and on, live; R asks
# for the recording's name; resizing to 80x24 and 200x60 keeps every tab readable; a file
# named with escape sequences is shown escaped and does not change the terminal; a tiny ring
# degrades (title, Overview) unless -degrade=false; q gives the
# terminal back (prompt, no alternate screen). Four screens are compared, normalized, with the
# fixtures.
set -euo pipefail

ior=$(realpath "$1")
workload=$(realpath "$2")
fixtures=$3
update=${4:-}
work=$(mktemp -d /tmp/ior-dashboard-test.XXXXXX)
sock="ior-dashboard-test-$$"
tm() { tmux -L "$sock" "$@"; }
cleanup() {
  tm kill-server 2> /dev/null || true
  [[ -n ${waiter:-} ]] && kill "$waiter" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

screen() { tm capture-pane -p -t t; }
fail() {
  echo "FAIL: $*" >&2
  echo "--- screen:" >&2
  screen >&2 || true
  exit 1
}
# Waits up to 10 s until the screen matches the extended regex $1.
wait_for() {
  local i
  for ((i = 0; i < 100; i++)); do
    screen | grep -Eq -- "$1" && return 0
    sleep 0.1
  done
  fail "screen never showed /$1/"
}
# Waits until the screen stops changing (two equal captures 0.3 s apart).
settle() {
  local a b=""
  a=$(screen)
  for ((i = 0; i < 30; i++)); do
    sleep 0.3
    b=$(screen)
    [[ $a == "$b" ]] && return 0
    a=$b
  done
}
keys() { tm send-keys -t t "$@"; }
type_text() { tm send-keys -t t -l "$1"; }
# A line of the screen that matches $1; fails if none.
line_of() { screen | grep -E -- "$1" | head -1 || fail "no line matches /$1/"; }
# The count (second field) of a table row, commas removed; empty when the row is not shown.
count_of() { screen | grep -E -- "^$1 " | head -1 | awk '{print $2}' | tr -d ,; }
# What varies between runs becomes a placeholder or goes: the work directory, the title's
# target (pid), the session's
# traced count, durations (T), the syscall table's rate column (R), and whether the stream has
# ended yet (it ends once the command's exit is read; the title is then cut with '~'). Blanks are
# squeezed; the footer (key hints or a status that times out) is left out.
normalize() {
  head -n -1 | sed -E -e 's/ \| trace ended//' -e 's/ \| [^|]*~$//' -e 's/ \| pid [0-9]+.*$//' \
    -e "s|$work|WORK|g" -e 's/traced [0-9,]+/traced N/' \
    -e 's/\b[0-9]+(\.[0-9]+)?(ns|us|ms|s)\b/T/g' |
    awk '/^(pread64|openat|close) / { $3 = "R" } { $1 = $1; print }' | grep -v '^$' || true
}
check_fixture() {  # name: compares the normalized screen with fixtures/<name>
  local got="$work/$1"
  screen | normalize > "$got"
  if [[ $update == --update-fixtures ]]; then
    cp "$got" "$fixtures/$1"
    return
  fi
  diff -u "$fixtures/$1" "$got" >&2 || fail "screen differs from fixture $1"
}
alt_screen() { tm display -p -t t '#{alternate_on}'; }

echo "data for the dashboard test" > "$work/data"
n=2000
# A pane with a known prompt and a UTF-8 locale.
tm -f /dev/null new-session -d -s t -x 120 -y 40 \
  "env -i PATH=/usr/bin:/bin HOME=/root TERM=screen LANG=C.UTF-8 PS1='dash\$ ' bash --norc --noprofile"
tm set-option -t t remain-on-exit on > /dev/null
wait_for '^dash\$'

# --- A command traced from the start: the picker is skipped. ---
keys "cd $work && $ior -trace-syscalls openat,pread64,close -- $workload basic $work/data $n; echo EXITED-\$?" Enter
wait_for '^ ior \| traced'
[[ $(alt_screen) == 1 ]] || fail "the dashboard is not on the alternate screen"
wait_for 'command exited 0'
wait_for "Top files +$work/data 2,004"
# Overview: the workload's syscalls and process, and the session's loss identity with no drops.
line_of '^ Top syscalls +pread64 2,0[0-9][0-9]' > /dev/null
line_of '^ Top processes +ior-workload\([0-9]+\)' > /dev/null
line_of '^ Session +traced [0-9,]+ = delivered [0-9,]+ \+ sampled out 0$' > /dev/null
line_of '^ +\+ dropped 0 \+ filtered 0 \+ in flight [0-9,]+$' > /dev/null

keys 2
wait_for '^Syscall +Count'
[[ $(count_of pread64) -ge $n ]] || fail "pread64 count below $n"
# Errors (last column): the missing file's openat, the second close's EBADF.
[[ $(line_of '^openat ' | awk '{print $NF}') -eq 1 ]] || fail "openat errors: want 1 (ENOENT)"
[[ $(line_of '^close ' | awk '{print $NF}') -eq 1 ]] || fail "close errors: want 1 (EBADF)"

# The filter narrows every tab: only the data file's calls, then only its openat calls.
keys f
type_text "file==$work/data"
keys Enter
wait_for "filter: file==$work/data"
settle
[[ $(count_of pread64) -eq $n ]] || fail "pread64 on the data file: $(count_of pread64), want $n"
[[ $(count_of openat) -eq 2 ]] || fail "openat on the data file: $(count_of openat), want 2"
[[ $(count_of close) -eq 2 ]] || fail "close on the data file: $(count_of close), want 2"
[[ $(line_of '^close ' | awk '{print $NF}') -eq 0 ]] || fail "close errors on the data file"
check_fixture syscalls_filtered_120x40.txt
keys 3
wait_for "^ +2,004 .* $work/data\$"
[[ $(screen | grep -Ec '^ +[0-9,]+ ') -eq 1 ]] || fail "files tab: more than the data file"
screen | grep -q 'libc' && fail "files tab shows libc under a file filter"
keys 4
wait_for '^ +[0-9]+ ior-workload +2,004 '
keys 5
wait_for "ior-workload +[0-9]+ +[0-9]+ pread64 +3 +1 +1  [~/].*/data\$"
# Search: / freezes the rows and jumps to the newest match, n steps to the next older one.
keys /
type_text openat
keys Enter
wait_for "search 'openat': match 2 of 2"
wait_for '^PAUSED +rows [0-9,]+-2,00[0-9] of 2,004 '
[[ $(screen | grep -c ' openat ') -eq 1 ]] || fail "stream search: the newest openat is not the bottom row"
[[ $(screen | tail -2 | head -1) == *" openat "* ]] || fail "stream search: not at the newest openat"
keys n
wait_for "search 'openat': match 1 of 2"
wait_for '^PAUSED +rows 1-'
# e exports the rows passing the filter (here the frozen ones) as CSV, and says where.
keys e
wait_for "Wrote $work/ior-stream-[0-9-]+\.csv: 2,004 rows"
export_csv=$(ls "$work"/ior-stream-*.csv)
/usr/bin/python3 - "$export_csv" "$work/data" "$n" << 'PY' || fail "stream export: wrong CSV"
import csv, sys
path, data, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = list(csv.DictReader(open(path, newline="")))
assert list(rows[0].keys())[:12] == ["seq", "time_ns", "gap_ns", "latency_ns", "comm", "pid",
    "tid", "syscall", "fd", "ret", "bytes", "file"], rows[0].keys()
assert len(rows) == n + 4, len(rows)
assert all(r["file"] == data and r["comm"] == "ior-workload" for r in rows)
names = [r["syscall"] for r in rows]
assert names.count("pread64") == n and names.count("openat") == 2 and names.count("close") == 2
assert all(r["ret"] == "1" and r["bytes"] == "1" and r["fd"] == "3" and r["error"] == "0"
           for r in rows if r["syscall"] == "pread64")
seqs = [int(r["seq"]) for r in rows]
assert seqs == sorted(seqs), "rows out of order"
PY
keys / C-u Enter
wait_for 'search ended'
keys Space
wait_for '^live +newest rows'
# f pushes a second condition on the filter stack: both apply.
keys f
type_text "syscall==openat"
keys Enter
wait_for "filter: file==$work/data & syscall==openat \\|"
settle
[[ $(screen | grep -c ' openat ') -eq 2 ]] || fail "stream: want the 2 openat rows of the data file"
screen | grep -q ' pread64 ' && fail "stream shows pread64 rows under syscall==openat"
keys 2
wait_for '^openat +2 '
screen | grep -Eq '^(pread64|close) ' && fail "syscalls tab shows other calls under syscall==openat"
# F pops the last condition, c clears the stack.
keys F
wait_for "filter: file==$work/data \\|"
wait_for "^pread64 +2,000 "
keys f
type_text "nosuchfield=1"
keys Enter
wait_for "filter: unknown field 'nosuchfield'"
wait_for "filter: file==$work/data \\|"
keys c
wait_for 'filter: all'
wait_for '^close +[0-9]+ .* 1$'
# Files rolled up into directories: the work directory holds the data file's 2,004 accesses.
keys 3 d
wait_for 'Files +Directory'
wait_for "^ +2,004 .* 1 $work\$"
wait_for '^ +1 .* 1 /nonexistent$'
keys d
wait_for ' File$'

# Flame: the workload's frames; zoom into ior-workload, then search.
keys 6
wait_for '^metric: count +zoom: all'
wait_for 'ior-workload [0-9,]+'
wait_for 'pread64 2,0'
keys Down Enter
wait_for 'zoom: all > ior-workload'
keys BSpace
wait_for 'zoom: all +o:order comm/syscall/path'
keys o
wait_for 'o:order path/syscall/comm'
wait_for '^ */tmp 2,004'
keys o o o o
wait_for 'o:order comm/syscall/path'
keys /
type_text pread
keys Enter
# The matching frames and their share: pread64 under ior-workload, most of the calls.
wait_for 'search: pread \(1 frame, [5-9][0-9]\.[0-9]%\)'
keys / C-u
type_text nosuchframe
keys Enter
wait_for 'search: nosuchframe \(0 frames, 0\.0%\)'
keys b
wait_for '^metric: bytes'

keys 7
wait_for '^ Latency \(time in the call\)'
wait_for '^ Gap \(time since'

# Every tab at 80x24 and at 200x60: the title and the tab line stay, nothing crashes.
for size in 80x24 200x60; do
  tm resize-window -t t -x "${size%x*}" -y "${size#*x}"
  for tab in 1 2 3 4 5 6 7; do
    keys "$tab"
    settle
    [[ $(screen | sed -n 1p) == " ior | traced"* ]] || fail "$size tab $tab: no title line"
    screen | sed -n 2p | grep -q "1:" || fail "$size tab $tab: no tab line"
    [[ $(screen | wc -l) -eq ${size#*x} ]] || fail "$size tab $tab: screen height"
  done
  # The tables keep the syscall names and counts.
  keys 2
  settle
  line_of '^pread64 +[0-9,]+ ' > /dev/null
done
tm resize-window -t t -x 120 -y 40

# Every key's help fits 80x24.
tm resize-window -t t -x 80 -y 24
keys H
wait_for 'Keys \(any key closes this help\)'
wait_for '^ +q Ctrl-C +quit and restore the terminal$'
settle
check_fixture help_80x24.txt
keys x
tm resize-window -t t -x 120 -y 40
keys q
wait_for '^EXITED-0$'
[[ $(alt_screen) == 0 ]] || fail "still on the alternate screen after q"
wait_for '^dash\$ ?$'

# --- A file named with escape sequences: shown escaped, the terminal unchanged. ---
evil=$(printf '%s/evil\033[2J\033]0;pwned\007\342\200\256txt' "$work")
printf 'x' > "$evil"
cat > "$work/evil.sh" << EOF
exec "$ior" -trace-syscalls openat,pread64,close -- "$workload" basic "\$(printf '%s/evil\\033[2J\\033]0;pwned\\007\\342\\200\\256txt' "$work")" 3
EOF
tm resize-window -t t -x 200 -y 50
keys "clear; bash $work/evil.sh; echo EXITED-\$?" Enter
wait_for 'command exited 0'
keys 3
wait_for 'evil'
line_of 'evil\\x1b\[2J\\x1b\]0;pwned\\x07\\u\{202E\}txt' > /dev/null
[[ $(tm display -p -t t '#{pane_title}') != *pwned* ]] || fail "the file name retitled the pane"
[[ $(screen | sed -n 1p) == " ior | traced"* ]] || fail "the title line is gone"
keys f
type_text "file=evil"
keys Enter
wait_for 'filter: file=evil'
tm resize-window -t t -x 80 -y 24
settle
line_of '~.*pwned\\x07\\u\{202E\}txt$' > /dev/null
check_fixture files_escaped_80x24.txt
keys q
wait_for '^EXITED-0$'
[[ $(alt_screen) == 0 ]] || fail "still on the alternate screen after q"
tm resize-window -t t -x 120 -y 40

# --- Degrade, on in the dashboard unless -degrade=false: a 4 KiB ring cannot keep up with a
# pread64 loop, so the kernel thins its rows; the title and the Overview say how many calls
# and the thinnest rate. With -degrade=false rows are dropped instead, and degrading is not
# mentioned.
tm resize-window -t t -x 200 -y 50
keys "clear; $ior -map-size 4096 -trace-syscalls pread64 -- $workload basic $work/data 200000; echo EXITED-\$?" Enter
wait_for 'command exited 0'
wait_for '^ ior \| traced [0-9,]+ \| dropped [0-9,]+ \| degraded [0-9,]+ \(1 in [0-9,]+\) \| filter: all'
wait_for '^ +degraded [0-9,]+ \(1 in [0-9,]+\) of the sampled out, thinned to keep up$'
title=$(line_of '^ ior \| traced')
overview=$(line_of '^ +degraded [0-9,]+ \(1 in')
part=$(sed -E 's/^ +//; s/ of the sampled out.*$//' <<< "$overview")
[[ $title == *"| $part |"* ]] || fail "title '$title' and Overview '$overview' differ"
keys q
wait_for '^EXITED-0$'
keys "clear; $ior -degrade=false -map-size 4096 -trace-syscalls pread64 -- $workload basic $work/data 200000; echo EXITED-\$?" Enter
wait_for 'command exited 0'
settle
! screen | grep -q 'degraded' || fail "-degrade=false: the screen mentions degraded"
line_of '^ Session +traced [0-9,]+ = delivered [0-9,]+ \+ sampled out 0$' > /dev/null
keys q
wait_for '^EXITED-0$'
tm resize-window -t t -x 120 -y 40

# --- The PID picker: a waiting workload is listed, selected, then traced. ---
mkfifo "$work/go"
exec 3<> "$work/go"
"$workload" --wait basic "$work/data" 500 < "$work/go" > "$work/ready" &
waiter=$!
for ((i = 0; i < 100; i++)); do [[ -s $work/ready ]] && break; sleep 0.05; done
keys "clear; $ior -trace-syscalls openat,pread64,close; echo EXITED-\$?" Enter
wait_for '\[PID picker\]'
wait_for '\* +All processes'
type_text "$waiter"
wait_for "^ +$waiter +ior-workload +.*--wait basic"
[[ $(screen | grep -Ec '^ +[0-9]+ ') -ge 1 ]] || fail "picker: no process rows"
keys Enter
wait_for "pid $waiter \(ior-workload\)"
printf 'g' >&3
wait "$waiter" || fail "the waiting workload failed"
waiter=
keys 2
wait_for '^pread64 +500 '
line_of '^openat +3 ' > /dev/null
line_of '^close +3 ' > /dev/null
# p reopens the picker; Esc goes back to the tabs.
keys p
wait_for '\* +All processes'
keys Escape
wait_for '^pread64 +500 '

# --- The probes view: families switched on and off live (Session::SetSelection). ---
keys o
wait_for 'Probes: families'
wait_for '^ \[~\] FS +3 / '
# Down to a family by name (listed in the library's order), then space.
select_family() {
  local index
  index=$(screen | grep -E '^ \[.\] [A-Za-z]+ ' | sed -E 's/^ \[.\] ([A-Za-z]+) .*/\1/' |
    grep -n "^$1\$" | cut -d: -f1)
  [[ -n $index ]] || fail "probes view lists no family $1"
  keys Home
  for ((i = 1; i < index; i++)); do keys Down; done
  keys Space
}
select_family Time
wait_for '^ \[x\] Time '
select_family FS
wait_for '^ \[ \] FS +0 / '
wait_for 'probes changed'
# The syscalls view (Tab) lists every syscall; n switches every listed one off, which would
# leave nothing traced: refused.
keys Tab
wait_for '^Probes: syscalls'
wait_for '^ \[x\] adjtimex +Time'
keys n
wait_for 'refused: at least one syscall must stay traced'
wait_for '^ \[x\] adjtimex +Time'
check_fixture probes_syscalls_120x40.txt
keys Escape
keys q
wait_for '^EXITED-0$'
[[ $(alt_screen) == 0 ]] || fail "still on the alternate screen after q"

# --- Live probes: switching FS off stops the pread64 rows of a running loop, on again resumes.
"$workload" basic "$work/data" 1000000000 > /dev/null &
looper=$!
waiter=$looper  # killed by the cleanup if the test fails
keys "clear; cd $work && $ior -pid $looper -trace-families FS,Time; echo EXITED-\$?" Enter
wait_for "pid $looper"
keys 2
wait_for '^pread64 +[0-9,]+ '
# The TID picker lists the loop's one thread; picking it keeps the rows coming.
keys t
wait_for '\[TID picker\]'
wait_for '\* +All threads'
wait_for "^ +$looper +ior-workload"
type_text "$looper"
keys Enter
wait_for "pid $looper tid $looper \(ior-workload\)"
wait_for '^pread64 +[0-9,]+ '
keys o
wait_for '^ \[x\] FS '
select_family FS
wait_for '^ \[ \] FS +0 / '
wait_for 'probes changed'
sleep 1  # batches already in the queue arrive
keys Escape
settle
before=$(count_of pread64)
[[ -n $before ]] || fail "no pread64 row"
sleep 1.5
[[ $(count_of pread64) -eq $before ]] || fail "pread64 rows go on with FS off: $before -> $(count_of pread64)"
keys o
wait_for 'Probes: families'
select_family FS
wait_for '^ \[x\] FS '
keys Escape
for ((i = 0; i < 100; i++)); do
  [[ $(count_of pread64) -gt $before ]] && break
  sleep 0.1
done
[[ $(count_of pread64) -gt $before ]] || fail "pread64 rows did not come back with FS on"

# Single syscalls: the syscalls view, narrowed to pread64 (/), switches it off, then on again.
keys o
wait_for 'Probes: families'
keys Tab
wait_for 'Probes: syscalls'
keys /
type_text pread64
keys Enter
wait_for '^names: pread64 +1 listed, 1 traced'
wait_for '^ \[x\] pread64 +FS'
keys Space
wait_for '^ \[ \] pread64 +FS'
wait_for 'probes changed'
keys Tab
wait_for '^ \[~\] FS +[0-9]+ / '
sleep 1  # batches already in the queue arrive
keys Escape
settle
before=$(count_of pread64)
sleep 1.5
[[ $(count_of pread64) -eq $before ]] || fail "pread64 rows go on with pread64 off: $before -> $(count_of pread64)"
keys o Tab
wait_for '^ \[ \] pread64 +FS'
keys Space
wait_for '^ \[x\] pread64 +FS'
keys Escape
for ((i = 0; i < 100; i++)); do
  [[ $(count_of pread64) -gt $before ]] && break
  sleep 0.1
done
[[ $(count_of pread64) -gt $before ]] || fail "pread64 rows did not come back with pread64 on"

# [ and ] scope every tab to one traced family (Time, FS here, in the library's order), then
# back to all of them.
keys ]
wait_for 'filter: \[Time\] \|'
wait_for '^Syscall +Count'
sleep 0.5
[[ -z $(count_of pread64) ]] || fail "scope Time shows pread64"
keys ]
wait_for 'filter: \[FS\] \|'
wait_for '^pread64 +[0-9,]+ '
keys ]
wait_for 'filter: all \|'
wait_for '^pread64 +[0-9,]+ '
keys [
wait_for 'filter: \[FS\] \|'
# A pushed condition stacks on the scope; c clears both.
keys f
type_text "syscall=nanosleep"
keys Enter
wait_for 'filter: \[FS\] syscall=nanosleep \|'
sleep 0.5
[[ -z $(count_of pread64) ]] || fail "syscall=nanosleep shows pread64"
keys c
wait_for 'filter: all \|'
wait_for '^pread64 +[0-9,]+ '

# Flame: space pauses on a snapshot (the keys still move and zoom on it) while the trace goes
# on; space resumes; r resets the figures; I steps the auto-reset period (10 s first).
flame_pread() { screen | { grep -oE 'pread64 [0-9,]+' || true; } | head -1 | awk '{print $2}' | tr -d ,; }
keys 6
wait_for '^metric: count'
wait_for 'pread64 [0-9,]+'
keys Space
wait_for '^PAUSED +metric: count'
frozen=$(flame_pread)
[[ -n $frozen ]] || fail "no pread64 frame"
sleep 1
[[ $(flame_pread) == "$frozen" ]] || fail "the paused flame changed: $frozen -> $(flame_pread)"
keys Down Enter
wait_for '^PAUSED .*zoom: all > ior-workload'
[[ $(flame_pread) == "$frozen" ]] || fail "the paused flame changed on zoom"
keys BSpace Space
wait_for '^metric: count +zoom: all '
for ((i = 0; i < 100; i++)); do
  [[ $(flame_pread) -gt $frozen ]] && break
  sleep 0.1
done
[[ $(flame_pread) -gt $frozen ]] || fail "the resumed flame does not grow"
before=$(flame_pread)
keys r
wait_for 'figures reset'
[[ $(flame_pread) -lt $before ]] || fail "r did not reset the flame: $before -> $(flame_pread)"
keys I
wait_for 'auto-reset 10(\.0)?s: next in [0-9]+s'
before=$(flame_pread)
for ((i = 0; i < 150; i++)); do
  now=$(flame_pread)
  [[ -n $now && $now -lt $before ]] && break
  before=${now:-$before}
  sleep 0.1
done
[[ -n $now && $now -lt $before ]] || fail "no auto-reset within 15 s"
keys I I I I I
wait_for 'auto-reset off'
screen | grep -q 'next in' && fail "auto-reset still on"
keys 2

# R records the rows passing the filter into a Parquet file until R again. It asks for the
# file name, offering a default that never replaces a file: Enter accepts it.
keys R
wait_for '^record to \(Enter starts, Esc cancels\)> ior-recording-[0-9-]+\.parquet_$'
offered=$(screen | tail -1 | sed -E 's/.*> (ior-recording-[0-9-]+)\.parquet_$/\1/')
touch "$work/$offered.parquet"  # taken: the recording goes to <name>-1.parquet
keys Enter
wait_for "REC $offered-1\\.parquet \\([1-9][0-9,]* rows"
keys R
wait_for "Wrote $offered-1\\.parquet: [0-9,]+ rows"
[[ ! -s $work/$offered.parquet ]] || fail "the default name replaced a file"
recording="$work/$offered-1.parquet"
"$ior" report "$recording" > "$work/report" || fail "ior report failed: $(cat "$work/report")"
grep -Eq "^File: .*: [1-9][0-9]* rows" "$work/report" || fail "empty recording: $(cat "$work/report")"
grep -q pread64 "$work/report" || fail "recording without pread64: $(cat "$work/report")"
# A typed name replaces an existing file; Esc at the prompt records nothing.
echo junk > "$work/mine.parquet"
keys R C-u
type_text "$work/mine.parquet"
keys Enter
wait_for "REC $work/mine\\.parquet \\([1-9]"
keys R
wait_for "Wrote $work/mine\\.parquet: [0-9,]+ rows"
"$ior" report "$work/mine.parquet" > "$work/report" || fail "typed name: $(cat "$work/report")"
grep -q pread64 "$work/report" || fail "typed name recording without pread64"
keys R
wait_for '^record to '
keys Escape
wait_for '^no recording$'
[[ $(ls "$work"/*.parquet | wc -l) -eq 3 ]] || fail "Esc at the R prompt made a file"

# --- SIGTERM and Ctrl-C end the dashboard and give the terminal back as q does. ---
# ior is the only child of the pane's shell now.
kill -TERM "$(pgrep -P "$(tm display -p -t t '#{pane_pid}')")"
wait_for '^EXITED-0$'
[[ $(alt_screen) == 0 ]] || fail "still on the alternate screen after SIGTERM"
keys "clear; $ior -pid $looper; echo EXITED-\$?" Enter
wait_for "pid $looper"
keys C-c
wait_for '^EXITED-0$'
[[ $(alt_screen) == 0 ]] || fail "still on the alternate screen after Ctrl-C"
# The crash path: a fatal signal leaves the alternate screen before the default action.
keys "clear; $ior -pid $looper; echo EXITED-\$?" Enter
wait_for "pid $looper"
kill -SEGV "$(pgrep -P "$(tm display -p -t t '#{pane_pid}')")"
wait_for '^EXITED-139$'
[[ $(alt_screen) == 0 ]] || fail "still on the alternate screen after a crash"
kill "$looper"
wait "$looper" 2> /dev/null || true
waiter=

echo PASS
