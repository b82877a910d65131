#!/bin/bash
# Refreshes the syscall tracepoint snapshot from the running kernel, regenerates
# lib/syscall_table_x86_64.inc and prints which syscalls are new, removed or re-classified.
#
# Usage: lib/syscall_gen/refresh_snapshot.sh [--numbers <asm/unistd_64.h or syscall_64.tbl>]
#
# Needs root (tracefs). The kernel does not publish syscall numbers in tracefs: numbers.txt is
# kept, and --numbers merges the numbers of a newer header or of the kernel's
# arch/x86/entry/syscalls/syscall_64.tbl. A tracepoint without a number stops the generator
# with the list of names to add to numbers.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
snapshot="${here}/snapshot/x86_64"
table="$(cd "${here}/.." && pwd)/syscall_table_x86_64.inc"
python=/usr/bin/python3

numbers=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --numbers) numbers="$(realpath "$2")"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "refresh_snapshot.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

if [[ "$(uname -m)" != x86_64 ]]; then
  echo "refresh_snapshot.sh: this snapshot is x86_64, the running kernel is $(uname -m)" >&2
  exit 1
fi

# Find (or mount) tracefs.
events=""
for dir in /sys/kernel/tracing /sys/kernel/debug/tracing; do
  if [[ -d "${dir}/events/syscalls" ]]; then events="${dir}/events/syscalls"; break; fi
done
if [[ -z "${events}" ]]; then
  if [[ -d /sys/kernel/tracing ]] && mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null \
      && [[ -d /sys/kernel/tracing/events/syscalls ]]; then
    events=/sys/kernel/tracing/events/syscalls
  else
    echo "refresh_snapshot.sh: cannot read the syscall tracepoints: tracefs is not mounted at" \
         "/sys/kernel/tracing and mounting it failed (needs root and a kernel with" \
         "CONFIG_FTRACE_SYSCALLS)" >&2
    exit 1
  fi
fi
if ! ls "${events}"/sys_enter_openat/format >/dev/null 2>&1 \
    || ! head -c1 "${events}/sys_enter_openat/format" >/dev/null 2>&1; then
  echo "refresh_snapshot.sh: cannot read ${events}/*/format (run as root)" >&2
  exit 1
fi

# Keep the old snapshot to compare with.
old="$(mktemp -d)"
trap 'rm -rf "${old}"' EXIT
cp "${snapshot}/formats.txt" "${snapshot}/numbers.txt" "${old}/"

echo "Capturing ${events} (Linux $(uname -r))"
"${python}" "${here}/generate_syscall_table.py" --capture "${events}" --snapshot "${snapshot}" \
  ${numbers:+--numbers "${numbers}"}

"${python}" "${here}/generate_syscall_table.py" --snapshot "${snapshot}" --output "${table}"
echo "Regenerated ${table}"

echo
echo "Changes of the syscall table:"
"${python}" "${here}/generate_syscall_table.py" --snapshot "${snapshot}" --compare "${old}"
echo
if command -v git >/dev/null && git -C "${here}" rev-parse >/dev/null 2>&1; then
  git -C "${here}" --no-pager diff --stat -- "${snapshot}" "${table}" || true
fi
