#!/usr/bin/env bash
# ior against strace on real programs: each runs under `strace -f -y` inside `ior -- ...`. For
# the program's calls, the per-syscall counts and the files opened must be the same: strace -y
# decorates each returned descriptor with the kernel's path; ior names it itself, from the path
# the call named joined with its directory (a directory descriptor or the working directory).
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

# compare <label> <comm> <min files opened under the tree> -- <command...>
compare() {
  local label=$1 comm=$2 min_files=$3
  shift 4
  local log="$work/$label.strace" csv="$work/$label.csv"
  "$ior" -plain -comm "$comm" -trace-syscalls "$syscalls" -- \
    strace -f -qq -y -o "$log" -e trace="$syscalls" "$@" > "$csv" 2> "$work/$label.err" \
    || fail "$label: ior exited $?: $(cat "$work/$label.err")"

  # Per-syscall counts: strace lines "PID name(...) = ..." against ior rows of the comm.
  local strace_counts ior_counts
  strace_counts=$(sed -E 's/^[0-9]+ +([a-z0-9_]+)\(.*/\1/' "$log" | sort | uniq -c)
  ior_counts=$(tail -n +2 "$csv" | awk -F, -v c="$comm" '$3 == c {print $5}' | sort | uniq -c)
  [[ -n $strace_counts ]] || fail "$label: strace saw nothing: $(head "$log")"
  [[ $strace_counts == "$ior_counts" ]] || fail "$label: counts differ:"$'\n'"strace:"$'\n'"$strace_counts"$'\n'"ior:"$'\n'"$ior_counts"

  # Files opened: strace's "= 3</path>" against ior's file column of successful openat rows.
  # strace -y prints the kernel's canonical path (symlinks resolved: /lib -> /usr/lib); ior
  # prints the path the call named, absolute, so it is canonicalized for the comparison.
  local strace_files ior_files
  strace_files=$(grep -E '^[0-9]+ +openat\(' "$log" | sed -nE 's/.*= [0-9]+<(.*)>$/\1/p' | sort)
  ior_files=$(tail -n +2 "$csv" \
    | awk -F, -v c="$comm" '$3 == c && $5 == "openat" && $6 >= 0 {print substr($0, index($0, $7))}' \
    | xargs -r -d '\n' realpath -m | sort)
  if grep -qv '^/' <<< "$(tail -n +2 "$csv" | awk -F, -v c="$comm" '$3 == c && $5 == "openat" {print $7}')"; then
    fail "$label: a relative path in ior's output: $(awk -F, '$5 == "openat" {print $7}' "$csv" | grep -v '^/' | head -3)"
  fi
  [[ $(grep -c "$tree" <<< "$strace_files") -ge $min_files ]] \
    || fail "$label: opened too little under the tree: $strace_files"
  [[ $strace_files == "$ior_files" ]] || fail "$label: opened files differ:"$'\n'"strace:"$'\n'"$strace_files"$'\n'"ior:"$'\n'"$ior_files"
  echo "$label: $(wc -l < "$log") calls, $(wc -l <<< "$strace_files") files opened: same"
}

compare tar tar 6 -- tar cf "$work/out.tar" "$tree"
compare cp cp 5 -- cp -r "$tree" "$work/copy"
# find walks with directory descriptors: openat(dirfd, "sub", ...).
compare find find 3 -- find "$tree" -type f -name '[a-e]' -newer /etc/hostname
# A shell script that changes directory and opens relative paths (dash's `read` takes one byte
# per read(2): deterministic).
compare script sh 4 -- sh -c "cd '$tree/sub'; read l < c; cd deeper; read l < d; read l < ./e; cd ..; read l < ../a"
echo "PASS"
