#!/usr/bin/env bash
# ns per traced call: ior against its peers, in one run (issue 14). Root; Debian's strace,
# linux-perf and bpftrace (cmake/setup-debian.sh installs them).
#
#   bench/peers.sh --ior IOR --loop ior_syscall_loop --floor ior_kernel_pieces
#                  [--calls N] [--rounds R] [--tools a,b,...] [--no-tar]
#
# Each round runs every tool once on each workload, the tools in turn, so that the drifts of a
# noisy host hit all of them alike; the table gives the median over the rounds.
#   pread   N × pread(fd, buf, 1, 0): the cheapest call, the tracer's cost stands out
#   openat  N × (openat + close): a path on every other call
#   tar     tar -cf of /usr/include: a real program (seconds for the whole command, tracer
#           start and end included)
# The loops time themselves (CLOCK_MONOTONIC around the loop), so a tracer's start-up is not in
# their figures. Tools:
#   untraced  the loop alone
#   floor     empty programs on sys_enter and sys_exit (ior_kernel_pieces, stage 0): the least any
#             tracer on these hooks can add
#   ior       ior -plain, rows to /dev/null
#   ior-sum   ior -summary-only: counts and latency histograms in the kernel, no rows
#   bpftrace  a latency histogram of the loop's syscall(s), by pid
#   perf      perf trace -s (summary), output discarded
#   strace    strace -f -c (summary only)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

ior="" loop="" floor="" calls=100000 rounds=3 tar=1
tools="untraced,floor,ior,ior-sum,bpftrace,perf,strace"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ior) ior=$2; shift 2 ;;
    --loop) loop=$2; shift 2 ;;
    --floor) floor=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --no-tar) tar=0; shift ;;
    *) echo "peers.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$ior" || -z "$loop" || -z "$floor" ]]; then
  echo "usage: peers.sh --ior IOR --loop ior_syscall_loop --floor ior_kernel_pieces" \
       "[--calls N] [--rounds R] [--tools a,b] [--no-tar]" >&2
  exit 2
fi
need_root peers.sh

work=$(mktemp -d)
mounted_tracefs=0
cleanup() {
  rm -rf "$work"
  if [[ $mounted_tracefs == 1 ]]; then umount /sys/kernel/tracing 2>/dev/null || true; fi
}
trap cleanup EXIT

# bpftrace and perf trace read the syscall tracepoints' formats from tracefs.
if [[ ! -e /sys/kernel/tracing/events ]]; then
  mount -t tracefs nodev /sys/kernel/tracing && mounted_tracefs=1
fi

IFS=, read -r -a tool_list <<< "$tools"
available=()
for t in "${tool_list[@]}"; do
  case "$t" in
    bpftrace|perf|strace)
      if ! command -v "$t" > /dev/null; then
        echo "peers.sh: $t is not installed: left out" >&2
        continue
      fi ;;
  esac
  available+=("$t")
done

# The bpftrace one-liner for a workload: a latency histogram of its syscalls, by pid.
bpftrace_program() {
  local names=$1
  local enter="" exit=""
  for n in $names; do
    enter+="${enter:+,}tracepoint:syscalls:sys_enter_$n"
    exit+="${exit:+,}tracepoint:syscalls:sys_exit_$n"
  done
  echo "$enter /pid == cpid/ { @s[tid] = nsecs; } $exit /@s[tid]/ { @ns = hist(nsecs - @s[tid]); delete(@s[tid]); }"
}

# run_under TOOL WORKLOAD_NAMES COMMAND...: COMMAND under TOOL, its output discarded.
run_under() {
  local tool=$1 names=$2
  shift 2
  case "$tool" in
    untraced) "$@" ;;
    floor) "$floor" -- "$@" ;;
    ior) "$ior" -plain -- "$@" > /dev/null 2>&1 ;;
    ior-sum) "$ior" -summary-only -- "$@" > /dev/null 2>&1 ;;
    # -c wants a path that names one binary: a bare name found in both /bin and /usr/bin (a
    # merged /usr) is refused.
    bpftrace) bpftrace -e "$(bpftrace_program "$names")" -c "$(command -v "$1") ${*:2}" \
                > /dev/null 2>&1 ;;
    perf) perf trace -s -o /dev/null -- "$@" > /dev/null 2>&1 ;;
    strace) strace -f -c -o /dev/null "$@" > /dev/null 2>&1 ;;
  esac
}

declare -A results  # "<tool> <workload>" → space-separated figures of the rounds
record() { results["$1 $2"]+="$3 "; }

for ((r = 1; r <= rounds; r++)); do
  for t in "${available[@]}"; do
    for w in pread openat; do
      names=$([[ $w == pread ]] && echo pread64 || echo "openat close")
      rm -f "$work/result"
      if ! run_under "$t" "$names" "$loop" "$w" "$calls" "$work/result" || [[ ! -s "$work/result" ]]; then
        echo "peers.sh: $t on $w failed" >&2
        continue
      fi
      read -r n ns < "$work/result"
      record "$t" "$w" "$(awk -v ns="$ns" -v n="$n" 'BEGIN { printf "%.1f", ns / n }')"
    done
    if [[ $tar == 1 ]]; then
      names="openat read write close"
      begin=$(date +%s%N)
      if run_under "$t" "$names" tar -cf "$work/include.tar" -C /usr include; then
        record "$t" tar "$(awk -v ns="$(( $(date +%s%N) - begin ))" 'BEGIN { printf "%.3f", ns / 1e9 }')"
      else
        echo "peers.sh: $t on tar failed" >&2
      fi
      rm -f "$work/include.tar"
    fi
  done
  echo "round $r of $rounds done" >&2
done


echo "ior peers: $calls calls per loop, $rounds rounds, median; $(nproc) CPUs, $(uname -r)"
printf '%-10s %12s %10s %8s %12s %10s %8s %10s %8s\n' tool "pread ns" added ratio "openat ns" added ratio "tar s" ratio
base_pread=$(echo "${results[untraced pread]:-}" | median)
base_openat=$(echo "${results[untraced openat]:-}" | median)
base_tar=$(echo "${results[untraced tar]:-}" | median)
for t in "${available[@]}"; do
  p=$(echo "${results[$t pread]:-}" | median)
  o=$(echo "${results[$t openat]:-}" | median)
  s=$(echo "${results[$t tar]:-}" | median)
  awk -v t="$t" -v p="$p" -v o="$o" -v s="$s" -v bp="$base_pread" -v bo="$base_openat" -v bs="$base_tar" '
    function added(v, b) { return (v == "" || b == "") ? "-" : sprintf("%+.0f", v - b) }
    function ratio(v, b) { return (v == "" || b == "" || b == 0) ? "-" : sprintf("%.2fx", v / b) }
    function val(v, f) { return v == "" ? "-" : sprintf(f, v) }
    BEGIN { printf "%-10s %12s %10s %8s %12s %10s %8s %10s %8s\n", t, val(p, "%.1f"),
            added(p, bp), ratio(p, bp), val(o, "%.1f"), added(o, bo), ratio(o, bo),
            val(s, "%.3f"), ratio(s, bs) }'
done
