#!/usr/bin/env bash
# Cost of the live dashboard on a busy trace: two pread64 loops of the e2e workload (one per
# core) traced with the dashboard open in a tmux pane (120x40, one tab shown), then q. Prints the
# render loop's CPU time (curses drawing and terminal output, main thread), the drain thread's
# (model updates), and the session's drops. No pass/fail on timings.
#   dashboard_bench.sh <ior binary> <ior-workload binary> [calls per loop, default 2000000]
#                      [tab key, default 2 (Syscalls); 5 Stream, 6 Flame...]
set -euo pipefail

ior=$1
workload=$2
n=${3:-2000000}
tab=${4:-2}
work=$(mktemp -d /tmp/ior-dashboard-bench.XXXXXX)
sock="ior-dashboard-bench-$$"
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2> /dev/null || true; rm -rf "$work"' EXIT
echo "x" > "$work/data"

tm -f /dev/null new-session -d -s b -x 120 -y 40 \
  "env -i PATH=/usr/bin:/bin TERM=screen LANG=C.UTF-8 PS1='bench\$ ' bash --norc --noprofile"
sleep 0.3
loops="$workload basic $work/data $n & $workload basic $work/data $n; wait"
start=$(date +%s.%N)
tm send-keys -t b "IOR_DASHBOARD_STATS=$work/stats $ior -trace-syscalls pread64 -- /bin/sh -c '$loops'; echo BENCH-DONE" Enter
sleep 1
tm send-keys -t b "$tab"
for ((i = 0; i < 1200; i++)); do
  tm capture-pane -p -t b | grep -q 'command exited' && break
  sleep 0.1
done
tm capture-pane -p -t b | grep -q 'command exited' || { echo "the loops did not finish"; exit 1; }
sleep 1  # a few frames with the final figures
tm capture-pane -p -t b | head -6
tm send-keys -t b q
for ((i = 0; i < 100; i++)); do [[ -s $work/stats ]] && break; sleep 0.1; done
end=$(date +%s.%N)

declare -A s
while read -r k v; do s[$k]=$v; done < "$work/stats"
echo
echo "dashboard (tab $tab) on two pread64 loops of $n calls each ($(nproc) cores)"
printf '  calls traced          %s (delivered %s)\n' "${s[kernel_count]}" "${s[delivered]}"
printf '  dropped               %s (degraded %s: the dashboard degrades unless -degrade=false)\n' \
  "${s[dropped]}" "${s[degraded]}"
printf '  wall time             %.1f s\n' "$(echo "${s[wall_ms]} / 1000" | bc -l)"
printf '  frames drawn          %s (%.1f per second)\n' "${s[frames]}" \
  "$(echo "${s[frames]} * 1000 / ${s[wall_ms]}" | bc -l)"
printf '  render loop CPU       %.1f ms (%.2f%% of a core, %.2f ms per frame)\n' \
  "${s[render_cpu_ms]}" "$(echo "${s[render_cpu_ms]} * 100 / ${s[wall_ms]}" | bc -l)" \
  "$(echo "${s[render_cpu_ms]} / ${s[frames]}" | bc -l)"
printf '  drain thread CPU      %.1f ms (%.0f ns per delivered call)\n' "${s[drain_cpu_ms]}" \
  "$(echo "${s[drain_cpu_ms]} * 1000000 / (${s[delivered]} + 1)" | bc -l)"
