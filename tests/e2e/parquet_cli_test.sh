#!/usr/bin/env bash
# End-to-end test of `ior -parquet FILE` and `ior -trace-json FILE`, checked with readers
# nobody here wrote: DuckDB and hyparquet from npm (tests/node/, installed by
# cmake/setup-debian.sh) and Python's json module.
#   parquet_cli_test.sh <ior binary> <ior-workload binary> <tests/node dir>
# Needs root (it traces). Fails, never skips, when node or the npm packages are missing.
set -euo pipefail

ior=$1
workload=$2
node_dir=$3
work=$(mktemp -d /tmp/ior-parquet-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v node > /dev/null || fail "node is missing: run cmake/setup-debian.sh"
[[ -d $node_dir/node_modules/@duckdb/node-api && -d $node_dir/node_modules/hyparquet ]] \
  || fail "the npm packages of $node_dir are missing: run cmake/setup-debian.sh"
sql() { node "$node_dir/duckdb_query.mjs" "$1" || fail "DuckDB failed on: $1"; }
py=/usr/bin/python3

echo "data for the parquet test" > "$work/data"
n=3000

# 1. A known workload: openat, n × pread64 of 1 byte, close, a failing openat and close.
"$ior" -parquet "$work/basic.parquet" -trace-syscalls openat,pread64,close -- \
  "$workload" basic "$work/data" "$n" > "$work/out" 2> "$work/err" \
  || fail "ior exited $?: $(cat "$work/err")"
[[ -s $work/out ]] && fail "-parquet must not print the CSV: $(head -3 "$work/out")"
compgen -G "$work/basic.parquet.*.tmp" > /dev/null && fail "the temporary file is left behind"
grep -q "^Wrote $work/basic.parquet: " "$work/err" || fail "no 'Wrote' line: $(cat "$work/err")"
delivered=$(sed -n 's/^Totals: kernel [0-9]*, delivered \([0-9]*\),.*/\1/p' "$work/err")
[[ -n $delivered ]] || fail "no totals in the summary: $(cat "$work/err")"
f=$work/basic.parquet

got=$(sql "SELECT count(*) FROM '$f'")
[[ $got == "[[\"$delivered\"]]" ]] || fail "rows: $got, want the delivered count $delivered"

# Per syscall: the rows column of the summary (the kernel's count, less nothing: no sampling).
want="["
while read -r name count rows _; do
  want+="[\"$name\",\"$rows\"],"
done < <(sed -n '/^  syscall /,/^Totals/p' "$work/err" | sed '1d;$d' | sort -k1,1)
want="${want%,}]"
got=$(sql "SELECT syscall, count(*)::VARCHAR FROM '$f' GROUP BY 1 ORDER BY 1")
[[ $got == "$want" ]] || fail "per-syscall counts: $got, want $want"

# What the workload itself did (the dynamic loader's calls come on top).
got=$(sql "SELECT count(*), sum(bytes), min(file), max(fd) = min(fd) FROM '$f'
           WHERE comm = 'ior-workload' AND syscall = 'pread64' AND ret = 1")
[[ $got == "[[\"$n\",\"$n\",\"$work/data\",true]]" ]] || fail "pread64 rows: $got"
got=$(sql "SELECT syscall, ret, errno, is_error, file FROM '$f'
           WHERE comm = 'ior-workload' AND is_error ORDER BY seq")
[[ $got == "[[\"openat\",\"-2\",\"ENOENT\",true,\"/nonexistent/ior-e2e-missing\"],[\"close\",\"-9\",\"EBADF\",true,\"\"]]" ]] \
  || fail "failing calls: $got"
got=$(sql "SELECT count(*) FROM '$f' WHERE seq >= $delivered OR time_ns = 0 OR wall_time_ns < 1500000000000000000")
[[ $got == '[["0"]]' ]] || fail "seq/time_ns/wall_time_ns out of range: $got"

# Column types as documented in ior/parquet.h.
got=$(sql "SELECT string_agg(column_name || ':' || column_type, ' ') FROM (DESCRIBE SELECT * FROM '$f')")
want='[["seq:UBIGINT time_ns:UBIGINT gap_ns:UBIGINT latency_ns:UBIGINT comm:VARCHAR pid:UINTEGER tid:UINTEGER syscall:VARCHAR family:VARCHAR fd:INTEGER ret:BIGINT bytes:UBIGINT address_space_bytes:UBIGINT requested_sleep_ns:BIGINT nfds:INTEGER timeout_ns:BIGINT file:VARCHAR is_error:BOOLEAN filter_epoch:UBIGINT old_file:VARCHAR epoll_op:VARCHAR epoll_target_fd:INTEGER epoll_events:UINTEGER restarts:UTINYINT bytes_class:VARCHAR errno:VARCHAR wall_time_ns:UBIGINT cgroup_id:UBIGINT file_status:VARCHAR file_ino:UBIGINT no_return:BOOLEAN"]]'
[[ $got == "$want" ]] || fail "column types: $got"

# Footer metadata.
kv() { sql "SELECT decode(value) FROM parquet_kv_metadata('$f') WHERE decode(key) = '$1'"; }
[[ $(kv ior.delivered) == "[[\"$delivered\"]]" ]] || fail "ior.delivered: $(kv ior.delivered)"
[[ $(kv ior.mode) == '[["cli"]]' ]] || fail "ior.mode: $(kv ior.mode)"
[[ $(kv ior.rows_shed) == '[["0"]]' ]] || fail "ior.rows_shed: $(kv ior.rows_shed)"
[[ $(kv ior.hostname) == "[[\"$(hostname)\"]]" ]] || fail "ior.hostname: $(kv ior.hostname)"
[[ $(kv ior.selection) == '[["syscalls=openat,pread64,close"]]' ]] || fail "ior.selection: $(kv ior.selection)"
kv ior.sampling.totals | grep -q "{\\\\\"syscall\\\\\":\\\\\"pread64\\\\\",\\\\\"rate\\\\\":1,\\\\\"traced\\\\\":" \
  || fail "ior.sampling.totals: $(kv ior.sampling.totals)"
kv ior.boot_offset_ns | grep -q '^\[\["[0-9]' || fail "ior.boot_offset_ns: $(kv ior.boot_offset_ns)"

# `ior report` prints the live run's report again, from the file, percentiles included; the
# bytes columns come from the rows, which it does not read ("-").
"$ior" report "$f" > "$work/report" 2> "$work/report.err" || fail "ior report: $(cat "$work/report.err")"
no_bytes() { sed -E '/^  /s/ +[^ ]+ +[^ ]+$//'; }
sed -n '/^Statistics:/,/^Totals:/p' "$work/err" | no_bytes > "$work/live"
[[ $(head -n "$(wc -l < "$work/live")" "$work/report" | no_bytes) == "$(cat "$work/live")" ]] \
  || fail "ior report differs from the live report: $(diff "$work/live" <(no_bytes < "$work/report"))"
grep -Eq '^  pread64 +[0-9]+ +[0-9]+ +0 +([0-9.]+[a-z]+ +){6}- +-$' "$work/report" \
  || fail "ior report's pread64 line: $(grep pread64 "$work/report")"
grep -q "^File: $f: $delivered rows in 1 row groups, 0 shed" "$work/report" \
  || fail "ior report file line: $(tail -1 "$work/report")"
set +e
"$ior" report "$work/data" > /dev/null 2> "$work/report.err"; rc=$?
set -e
[[ $rc -eq 1 ]] && grep -q "not a complete Parquet file" "$work/report.err" \
  || fail "ior report of a non-Parquet file: exit $rc, $(cat "$work/report.err")"

# hyparquet (pure JavaScript) reads every column.
node "$node_dir/hyparquet_read.mjs" "$f" > "$work/hy.json" || fail "hyparquet failed"
"$py" - "$work/hy.json" "$delivered" "$n" <<'EOF' || fail "hyparquet read: $(head -c 600 "$work/hy.json")"
import json, sys
d = json.load(open(sys.argv[1]))
rows = int(sys.argv[2])
assert d["num_rows"] == rows and d["rows_read"] == rows, (d["num_rows"], d["rows_read"])
assert len(d["columns"]) == 31, d["columns"]
for name in d["columns"]:
    assert d["digest"][name]["values"] == rows, name
assert int(d["digest"]["bytes"]["sum"]) >= int(sys.argv[3])
assert d["kv"]["ior.mode"] == "cli"
EOF

# 2. SIGINT in the middle of a command, SIGTERM in the middle of a -pid trace: complete files.
# The signal comes once ior traces ("Probing"; a loaded host may take seconds to get there)
# and the loop has run a while under it.
traced_a_while() {
  for _ in $(seq 600); do grep -q '^Probing for' "$1" 2> /dev/null && break; sleep 0.05; done
  grep -q '^Probing for' "$1" || fail "ior never started probing: $(cat "$1")"
  sleep 1
}
"$ior" -parquet "$work/int.parquet" -trace-syscalls read,openat,close -- \
  sh -c 'while :; do cat /etc/hostname > /dev/null; done' > /dev/null 2> "$work/int.err" &
pid=$!
traced_a_while "$work/int.err"
kill -INT "$pid"
wait "$pid" || true
compgen -G "$work/int.parquet.*.tmp" > /dev/null && fail "SIGINT left the temporary file"
got=$(sql "SELECT count(*) > 0, count(*) FILTER (syscall = 'read') > 0 FROM '$work/int.parquet'")
[[ $got == '[[true,true]]' ]] || fail "SIGINT file: $got; $(cat "$work/int.err")"
rows=$(sql "SELECT count(*) FROM '$work/int.parquet'")
grep -q "^Wrote $work/int.parquet: $(tr -dc 0-9 <<< "$rows") rows" "$work/int.err" \
  || fail "SIGINT: $rows rows, stderr: $(tail -3 "$work/int.err")"

sh -c 'while :; do cat /etc/hostname > /dev/null; done' &
target=$!
"$ior" -parquet "$work/term.parquet" -trace-syscalls read -pid "$target" -follow > /dev/null 2> "$work/term.err" &
pid=$!
traced_a_while "$work/term.err"
kill -TERM "$pid"
wait "$pid" || true
kill "$target"
wait "$target" 2> /dev/null || true
got=$(sql "SELECT count(*) > 0 FROM '$work/term.parquet'")
[[ $got == '[[true]]' ]] || fail "SIGTERM file: $got; $(cat "$work/term.err")"

# 3. The timeline: valid JSON, trace-event fields, no overlapping slices on a thread's track.
"$ior" -trace-json "$work/t.json" -trace-syscalls openat,pread64,close,exit_group -- \
  "$workload" basic "$work/data" "$n" > /dev/null 2> "$work/t.err" \
  || fail "ior -trace-json exited $?: $(cat "$work/t.err")"
tdelivered=$(sed -n 's/^Totals: kernel [0-9]*, delivered \([0-9]*\),.*/\1/p' "$work/t.err")
"$py" - "$work/t.json" "$tdelivered" "$n" <<'EOF' || fail "trace JSON"
import json, sys
from collections import defaultdict
doc = json.load(open(sys.argv[1]))
events = doc["traceEvents"]
slices = [e for e in events if e["ph"] == "X"]
assert len(slices) == int(sys.argv[2]), (len(slices), sys.argv[2])
tracks = defaultdict(list)
names = set()
for e in events:
    for key in ("ph", "name", "pid", "tid"):
        assert key in e, (key, e)
    if e["ph"] == "M":
        assert e["name"] in ("process_name", "thread_name") and e["args"]["name"], e
        names.add((e["name"], e["pid"], e["tid"]))
    elif e["ph"] == "X":
        assert isinstance(e["ts"], (int, float)) and e["dur"] >= 0, e
        assert "file" in e["args"], e
        tracks[(e["pid"], e["tid"])].append((round(e["ts"] * 1000), round(e["dur"] * 1000), e))
    elif e["ph"] == "i":
        assert "ts" in e and e["s"] in ("t", "p", "g"), e
    else:
        raise AssertionError("unexpected phase %r" % e["ph"])
for (pid, tid), calls in tracks.items():
    assert ("thread_name", pid, tid) in names, (pid, tid)
    calls.sort(key=lambda c: c[0])
    for (ts, dur, e), (next_ts, _, nxt) in zip(calls, calls[1:]):
        assert ts + dur <= next_ts, ("overlap", e, nxt)
work = [e for e in slices if e["name"] == "pread64" and e["args"].get("bytes") == 1]
assert len(work) == int(sys.argv[3]), len(work)
failed = [e for e in slices if e["args"].get("errno") == "ENOENT"]
assert failed and failed[0]["args"]["ret"] == -2, failed
assert any(e["ph"] == "i" and e["name"] == "exit" for e in events)
EOF

# The cap: a clear note on stderr and in the file.
"$ior" -trace-json "$work/cap.json" -trace-json-max-events 100 -trace-syscalls pread64 -- \
  "$workload" basic "$work/data" "$n" > /dev/null 2> "$work/cap.err" || fail "ior -trace-json cap"
grep -q "capped at 100 slices" "$work/cap.err" || fail "no cap note: $(cat "$work/cap.err")"
"$py" - "$work/cap.json" <<'EOF' || fail "capped trace JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
assert sum(1 for e in doc["traceEvents"] if e["ph"] == "X") == 100
assert doc["otherData"]["calls_not_shown"] >= 2900, doc["otherData"]
assert "capped" in doc["otherData"]["note"]
EOF

echo "PASS"
