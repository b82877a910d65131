#!/usr/bin/env bash
# Not root (issue 15), through the C ABI: a library user that is refused gets -EPERM with one
# sentence naming the capabilities that suffice (CAP_BPF and CAP_PERFMON), and the C example
# (ior-summary) says so on one line and exits 1, not its usage status 2. Root drops to nobody
# (setpriv); the CLI's half is in tests/e2e/reliability_cli_test.sh.
#   not_root_test.sh <ior-start-error> <ior-summary>
set -uo pipefail

probe=$1
summary=$2
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
if [[ $(id -u) -ne 0 ]] || ! command -v setpriv > /dev/null || ! id nobody > /dev/null 2>&1; then
  echo "needs root, setpriv and the user nobody"
  exit 1
fi
work=$(mktemp -d /tmp/ior-not-root-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
# The programs and the libior.so they load where nobody may read them (the build tree may be
# private).
cp "$probe" "$summary" "$work/"
ldd "$summary" | awk '/libior\.so/ {print $1, $3}' | while read -r soname path; do
  cp -L "$path" "$work/$soname"
done
chmod -R a+rX "$work"
as_nobody() {
  LD_LIBRARY_PATH=$work setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
    "$@"
}

# The typed error.
as_nobody "$work/$(basename "$probe")" > "$work/out" 2> "$work/err"
rc=$?
[[ $rc -eq 0 ]] || fail "the probe failed ($rc): $(cat "$work/err")"
out=$(cat "$work/out")
[[ $out == "-1 "* ]] || fail "not -EPERM: $out"
[[ $out == *"CAP_BPF and CAP_PERFMON"* ]] || fail "the capabilities are not named: $out"
[[ $out == *CAP_SYS_RESOURCE* ]] && fail "asks for CAP_SYS_RESOURCE: $out"
[[ $(wc -l < "$work/out") -eq 1 ]] || fail "more than one line: $out"
[[ -s $work/err ]] && fail "the library wrote to stderr: $(cat "$work/err")"

# The C example: one line, exit 1, no usage text.
as_nobody "$work/$(basename "$summary")" -- /bin/true > "$work/out" 2> "$work/err"
rc=$?
[[ $rc -eq 1 ]] || fail "ior-summary: exit $rc: $(cat "$work/err")"
[[ $(wc -l < "$work/err") -eq 1 ]] || fail "ior-summary: not one line: $(cat "$work/err")"
grep -q 'CAP_BPF and CAP_PERFMON' "$work/err" || fail "ior-summary: $(cat "$work/err")"
grep -q 'usage' "$work/err" && fail "ior-summary: usage text: $(cat "$work/err")"
as_nobody "$work/$(basename "$summary")" -no-such-flag > /dev/null 2>&1
rc=$?
[[ $rc -eq 2 ]] || fail "ior-summary: a bad flag exits $rc, not 2"

[[ $failures -eq 0 ]] || exit 1
echo PASS
