#!/bin/sh
# check_exports.sh LIBIOR_SO IOR_MAP MAJOR: libior.so exports exactly the symbols that ior.map
# lists, each with the version node that lists it (IOR_0.1, IOR_0.2 ior_parquet_*, IOR_0.3
# ior_flame_*: a released symbol never moves), nothing else (no libbpf, libelf, Abseil or C++
# std symbol), and its SONAME is libior.so.MAJOR. Prints PASS.
set -eu
lib=$1
map=$2
major=$3

# "symbol@node" for every symbol of the map, from the node that lists it.
expected=$(awk '/^IOR_[0-9.]*[[:space:]]*\{/ { node = $1 }
                /^[[:space:]]*ior_[A-Za-z0-9_]*;[[:space:]]*$/ { s = $1; sub(/;/, "", s); print s "@" node }' \
             "$map" | sort)
nodes=$(sed -n 's/^\(IOR_[0-9.]*\)[[:space:]]*{.*/\1/p' "$map")
[ -n "$expected" ] || { echo "FAIL: no symbols in $map"; exit 1; }

bad=""
exported=""
# `nm -D --defined-only` lines: "<value> <type> <name>[@@<node>]".
while read -r _ type name; do
  sym=${name%%@*}
  node=${name#*@@}
  [ "$node" = "$name" ] && node=""
  if [ "$type" = A ] && echo "$nodes" | grep -qx "$sym"; then
    continue  # the version node itself
  fi
  case "$sym" in
    ior_*)
      if echo "$nodes" | grep -qx "$node"; then
        exported="$exported $sym@$node"
      else
        bad="$bad $name(unversioned)"
      fi
      ;;
    *) bad="$bad $name" ;;
  esac
done <<EOF_NM
$(nm -D --defined-only "$lib")
EOF_NM

if [ -n "$bad" ]; then
  echo "FAIL: symbols exported outside ior.map:$bad"
  exit 1
fi
actual=$(printf '%s\n' $exported | sort)
if [ "$actual" != "$expected" ]; then
  echo "FAIL: exported symbols differ from ior.map (< map, > libior.so):"
  printf '%s\n' "$expected" > "${TMPDIR:-/tmp}/ior_abi_expected.$$"
  printf '%s\n' "$actual" | diff "${TMPDIR:-/tmp}/ior_abi_expected.$$" - || true
  rm -f "${TMPDIR:-/tmp}/ior_abi_expected.$$"
  exit 1
fi
soname=$(objdump -p "$lib" | sed -n 's/^[[:space:]]*SONAME[[:space:]]*//p')
if [ "$soname" != "libior.so.$major" ]; then
  echo "FAIL: SONAME is '$soname', expected libior.so.$major"
  exit 1
fi
echo "PASS: $(echo "$expected" | wc -l) ior_* symbols, SONAME $soname"
