#!/usr/bin/env bash
# Fails on a clang-tidy finding (.clang-tidy: the agreed checks) in the library, the C ABI, the
# Python bindings and the CLI, compiled as the build in <build dir> compiles them.
#   cmake/check-tidy.sh <build dir>     (needs <build dir>/compile_commands.json)
# Fix the finding, or, where the code is right, say why in a NOLINT(check) comment.
set -euo pipefail
build=${1:?usage: check-tidy.sh <build dir>}
cd "$(dirname "$0")/.."
[[ -f $build/compile_commands.json ]] || { echo "check-tidy: no $build/compile_commands.json" >&2; exit 1; }
command -v clang-tidy > /dev/null || { echo "check-tidy: clang-tidy is not installed" >&2; exit 1; }
mapfile -t files < <(git ls-files 'lib/*.cc' 'capi/*.cc' 'bindings/*.cc' 'examples/*.cc')
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet \
  > "$log" 2>/dev/null || status=$?
if grep -q 'error:\|warning:' "$log"; then
  grep -A3 'error:\|warning:' "$log" >&2
  echo "check-tidy: $(grep -c 'error:\|warning:' "$log") findings" >&2
  exit 1
fi
((status == 0)) || { echo "check-tidy: clang-tidy failed ($status)" >&2; cat "$log" >&2; exit 1; }
echo "check-tidy: ${#files[@]} files clean"
