#!/usr/bin/env bash
# Does the consumer keep up (issue 14)? `ior -plain` writes a CSV row for every call of pread
# loops that run at full speed on every core, with the default ring; the report's accounting
# says whether a record was lost. Prints, per round: calls the kernel counted, rows delivered
# and dropped, rows/s over the loops' run, and the drain thread's CPU per row. Root.
#
#   bench/full_speed.sh --ior IOR --loop ior_syscall_loop [--calls N] [--loops L]
#                       [--rounds R] [--out FILE]
#
# --calls is per loop; --loops defaults to the number of CPUs; --out is where the CSV goes
# (default /dev/null: the CSV is formatted and written either way).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

ior="" loop="" calls=1000000 loops=$(nproc) rounds=3 out=/dev/null
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ior) ior=$2; shift 2 ;;
    --loop) loop=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --loops) loops=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "full_speed.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$ior" || -z "$loop" ]]; then
  echo "usage: full_speed.sh --ior IOR --loop ior_syscall_loop [--calls N] [--loops L]" \
       "[--rounds R] [--out FILE]" >&2
  exit 2
fi
need_root full_speed.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The loops start together and each times itself; the command waits for all of them.
script="for i in \$(seq $loops); do '$loop' pread $calls '$work/loop.'\$i & done; wait"

echo "full speed: $loops pread loops x $calls calls, ior -plain > $out, default ring;" \
     "$(nproc) CPUs, $(uname -r)"
printf '%-6s %12s %12s %10s %12s %14s\n' round "kernel count" delivered dropped "rows/s" "drain ns/row"
for ((r = 1; r <= rounds; r++)); do
  rm -f "$work"/loop.* "$work/summary.json"
  "$ior" -plain -v -summary-json "$work/summary.json" -trace-syscalls pread64 -- \
    sh -c "$script" > "$out" 2> "$work/err" || {
    echo "full_speed.sh: ior failed: $(tail -3 "$work/err")" >&2
    exit 1
  }
  /usr/bin/python3 - "$work" "$r" << 'EOF'
import glob, json, sys
work, r = sys.argv[1], sys.argv[2]
d = json.load(open(f"{work}/summary.json"))
a = d["accounting"]
# The loops' own clocks: from the first loop's start to the last one's end is not known, so
# the rate is rows over the longest loop's run (they run side by side).
longest = max(int(open(f).read().split()[1]) for f in glob.glob(f"{work}/loop.*"))
pread = next(s for s in d["syscalls"] if s["name"] == "pread64")
rows = pread["count"]
drain = d["cost"]["drain_cpu_ns"]
print(f"{r:<6} {a['kernel_count']:>12} {a['delivered']:>12} {a['dropped']:>10} "
      f"{rows / (longest / 1e9):>12.0f} {drain / max(a['delivered'], 1):>14.1f}")
EOF
done
