#!/usr/bin/env bash
# Fails when a tracked C, C++ or BPF source differs from what clang-format (.clang-format) makes
# of it: formatting drift is caught in CI, not in review. Fix with:
#   git ls-files '*.c' '*.cc' '*.h' '*.hpp' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
if ! git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  echo "check-format: not a git checkout; the tracked files cannot be listed" >&2
  exit 1
fi
mapfile -t files < <(git ls-files '*.c' '*.cc' '*.h' '*.hpp')
if ((${#files[@]} == 0)); then
  echo "check-format: no sources found" >&2
  exit 1
fi
clang-format --dry-run -Werror "${files[@]}"
echo "check-format: ${#files[@]} files formatted"
