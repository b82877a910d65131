#!/usr/bin/env bash
# ior against strace on one run of a real program: GNU tar archiving a small tree, run under
# `strace -f -y` inside `ior -- ...`. For tar's calls, the per-syscall counts and the set of
# files opened (strace -y decorates each returned descriptor with its path; ior resolves the
# path itself) must be the same.
#   strace_compare_test.sh <ior binary>
set -euo pipefail
ior=$1
work=$(mktemp -d /tmp/ior-strace.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

tree="$work/tree"
mkdir -p "$tree/sub/deeper"
for f in a b sub/c sub/deeper/d sub/deeper/e; do printf 'content of %s\n' "$f" > "$tree/$f"; done
syscalls=openat,close,read,write,getdents64,newfstatat

"$ior" -plain -comm tar -trace-syscalls "$syscalls" -- \
  strace -f -qq -y -o "$work/strace.log" -e trace="$syscalls" \
  tar cf "$work/out.tar" "$tree" > "$work/ior.csv" 2> "$work/ior.err" \
  || fail "ior exited $?: $(cat "$work/ior.err")"

# Per-syscall counts: strace lines "PID name(...) = ..." against ior rows of comm tar.
strace_counts=$(sed -E 's/^[0-9]+ +([a-z0-9_]+)\(.*/\1/' "$work/strace.log" | sort | uniq -c)
ior_counts=$(tail -n +2 "$work/ior.csv" | awk -F, '$3 == "tar" {print $5}' | sort | uniq -c)
[[ -n $strace_counts ]] || fail "strace saw nothing: $(head "$work/strace.log")"
[[ $strace_counts == "$ior_counts" ]] \
  || fail "counts differ:"$'\n'"strace:"$'\n'"$strace_counts"$'\n'"ior:"$'\n'"$ior_counts"

# Files opened: strace's "= 3</path>" against ior's file column of successful openat rows.
# strace -y prints the kernel's canonical path (symlinks resolved: /lib -> /usr/lib); ior
# prints the path the call named, so it is canonicalized for the comparison.
strace_files=$(grep -E '^[0-9]+ +openat\(' "$work/strace.log" \
  | sed -nE 's/.*= [0-9]+<(.*)>$/\1/p' | sort)
ior_files=$(tail -n +2 "$work/ior.csv" \
  | awk -F, '$3 == "tar" && $5 == "openat" && $6 >= 0 {print substr($0, index($0, $7))}' \
  | xargs -d '\n' realpath -m | sort)
[[ $(grep -c "$tree" <<< "$strace_files") -ge 6 ]] || fail "tar opened too little: $strace_files"
[[ $strace_files == "$ior_files" ]] \
  || fail "opened files differ:"$'\n'"strace:"$'\n'"$strace_files"$'\n'"ior:"$'\n'"$ior_files"
echo "PASS ($(wc -l < "$work/strace.log") calls, $(wc -l <<< "$strace_files") files opened)"
