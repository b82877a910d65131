#!/usr/bin/env bash
# Where the kernel-side cost of a traced call goes (issue 14): the pread loop untraced, under
# each stage of bench/kernel_pieces.bpf.c (a tracer's path built up one piece at a time), and
# under ior in its modes, in alternating rounds. Root.
#
#   bench/kernel_costs.sh --ior IOR --loop ior_syscall_loop --pieces ior_kernel_pieces
#                         [--calls N] [--rounds R] [--cpu C] [--rows a,b,...]
#
# --rows: only these rows (names as in the table; "untraced" is always measured), so that more
# rounds of a few rows fit in the same time.
# Rows:
#   untraced        the loop alone
#   stage 0..7      ior_kernel_pieces -stage N (0 = empty programs, the floor); "piece" is what
#                   the stage adds to the one before
#   minimal         ior_kernel_pieces -stage 8 -consume: the minimal hand-rolled tracer (a hash by
#                   thread id, a 48-byte record, no wakeup; no aggregates, arguments or file
#                   identity) with a consumer reading its records, as ior -plain has
#   ior other       ior traces another process: what every untraced process of the host pays
#   ior -sum        ior -summary-only: counts and latency histograms in the kernel, no rows
#   ior -plain      ior -plain, every call a row (to /dev/null)
# The loop times itself (CLOCK_MONOTONIC around its calls), so start-up is not in the figures.
# It runs pinned to one CPU (--cpu, default the last one; taskset): the pieces differ by tens of
# ns, less than what moving between CPUs changes from run to run. The tracers themselves (ior's
# drain thread, the minimal tracer's consumer) run on the other CPUs, so that the loop's time
# holds the kernel-side cost only, not a consumer sharing its CPU.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

ior="" loop="" pieces="" calls=1000000 rounds=5 cpu=$(($(nproc) - 1)) only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ior) ior=$2; shift 2 ;;
    --loop) loop=$2; shift 2 ;;
    --pieces) pieces=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    --rows) only=$2; shift 2 ;;
    *) echo "kernel_costs.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$ior" || -z "$loop" || -z "$pieces" ]]; then
  echo "usage: kernel_costs.sh --ior IOR --loop ior_syscall_loop --pieces ior_kernel_pieces" \
       "[--calls N] [--rounds R] [--cpu C] [--rows a,b,...]" >&2
  exit 2
fi
need_root kernel_costs.sh
# Every CPU but the loop's, for the tracers' own threads (all of them on a 1-CPU host).
others=$(seq 0 $(($(nproc) - 1)) | grep -vx "$cpu" | paste -sd, -)
others=${others:-$cpu}

work=$(mktemp -d)
other_ior="" sleeper=""
cleanup() {
  [[ -n $other_ior ]] && kill "$other_ior" 2> /dev/null
  [[ -n $sleeper ]] && kill "$sleeper" 2> /dev/null
  rm -rf "$work"
}
trap cleanup EXIT

stages=(
  "empty programs (the floor)"
  "filter: config, target compare"
  "per-task state (task storage)"
  "two clock reads"
  "aggregates and histogram"
  "48-byte record"
  "144-byte record, args copied"
  "file identity of the fd"
)
rows=(untraced)
for s in "${!stages[@]}"; do rows+=("stage$s"); done
rows+=(minimal ior-other ior-sum ior-plain)
if [[ -n $only ]]; then
  chosen=(untraced)
  for row in "${rows[@]}"; do
    [[ $row != untraced && ",$only," == *",$row,"* ]] && chosen+=("$row")
  done
  rows=("${chosen[@]}")
fi

# ior tracing another process: started once per round, the loop runs beside it.
start_other() {
  sleep 1000 &
  sleeper=$!
  : > "$work/other.err"
  taskset -c "$others" "$ior" -plain -pid "$sleeper" > /dev/null 2> "$work/other.err" &
  other_ior=$!
  for _ in $(seq 400); do
    grep -q '^Probing' "$work/other.err" && return 0
    sleep 0.05
  done
  echo "kernel_costs.sh: ior -pid never started: $(cat "$work/other.err")" >&2
  exit 1
}
stop_other() {
  kill "$other_ior" "$sleeper" 2> /dev/null || true
  wait "$other_ior" "$sleeper" 2> /dev/null || true
  other_ior="" sleeper=""
}

run_row() {
  local row=$1
  shift
  case "$row" in
    untraced) "$@" ;;
    stage*) "$pieces" -stage "${row#stage}" -- "$@" ;;
    minimal) taskset -c "$others" "$pieces" -stage 8 -consume -- "$@" ;;
    ior-other) start_other; "$@"; stop_other ;;
    ior-sum) taskset -c "$others" "$ior" -summary-only -- "$@" > /dev/null 2>&1 ;;
    ior-plain) taskset -c "$others" "$ior" -plain -- "$@" > /dev/null 2>&1 ;;
  esac
}

declare -A results
for ((r = 1; r <= rounds; r++)); do
  for row in "${rows[@]}"; do
    rm -f "$work/result"
    if ! run_row "$row" taskset -c "$cpu" "$loop" pread "$calls" "$work/result" || [[ ! -s "$work/result" ]]; then
      echo "kernel_costs.sh: $row failed" >&2
      continue
    fi
    read -r n ns < "$work/result"
    results[$row]+="$(awk -v ns="$ns" -v n="$n" 'BEGIN { printf "%.1f", ns / n }') "
  done
  echo "round $r of $rounds done" >&2
done

minimum() { tr ' ' '\n' | { grep -v '^$' || true; } | sort -g | head -1; }

# The host's speed drifts between runs (on these VMs it even jumps between two levels), so the
# table gives the median and the fastest round of each row; pieces are differences of the
# fastest rounds, which interference can only slow down.
echo "kernel costs: pread loop of $calls calls on CPU $cpu, $rounds rounds;" \
     "$(nproc) CPUs, $(uname -r)"
printf '%-10s %-32s %10s %8s %10s %8s %8s\n' row what "median ns" added "min ns" added piece
base=$(echo "${results[untraced]:-}" | median)
base_min=$(echo "${results[untraced]:-}" | minimum)
previous=""
for row in "${rows[@]}"; do
  v=$(echo "${results[$row]:-}" | median)
  m=$(echo "${results[$row]:-}" | minimum)
  case "$row" in
    untraced) what="the loop alone" ;;
    stage*) what=${stages[${row#stage}]} ;;
    minimal) what="minimal tracer, with a consumer" ;;
    ior-other) what="ior, another process traced" ;;
    ior-sum) what="ior -summary-only" ;;
    ior-plain) what="ior -plain, a row per call" ;;
  esac
  piece=""
  if [[ $row == stage* && ${row#stage} != 0 && -n $previous ]]; then piece=$previous; fi
  awk -v r="$row" -v w="$what" -v v="$v" -v b="$base" -v m="$m" -v bm="$base_min" -v p="$piece" '
    function val(x) { return x == "" ? "-" : sprintf("%.1f", x) }
    function diff(x, y) { return (x == "" || y == "") ? "" : sprintf("%+.0f", x - y) }
    BEGIN { printf "%-10s %-32s %10s %8s %10s %8s %8s\n", r, w, val(v), diff(v, b), val(m),
            diff(m, bm), diff(m, p) }'
  [[ $row == stage* ]] && previous=$m
done
