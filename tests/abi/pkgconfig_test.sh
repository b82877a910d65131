#!/bin/sh
# pkgconfig_test.sh PREFIX WORKDIR CC SOURCE...: with only the install prefix, compile and
# link each C source as strict C99 against libior.so through `pkg-config --cflags --libs ior`,
# then run the first one. Prints PASS.
set -eu
prefix=$1
work=$2
cc=$3
shift 3
pc=$(find "$prefix" -name ior.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: no ior.pc under $prefix"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --cflags --libs ior)
libdir=$(pkg-config --variable=libdir ior)
echo "pkg-config --cflags --libs ior: $flags"
mkdir -p "$work"
first=""
for src in "$@"; do
  out="$work/$(basename "$src" .c)"
  # EXTRA_FLAGS: the build's own C and linker flags (e.g. the sanitizers of the asan preset).
  "$cc" -std=c99 -Wall -Wextra -pedantic -Werror "$src" $flags ${EXTRA_FLAGS:-} \
    -Wl,-rpath,"$libdir" -o "$out"
  [ -n "$first" ] || first=$out
done
if ldd "$first" | grep -q "$libdir/libior.so"; then :; else
  echo "FAIL: $first does not load libior.so from $libdir"
  ldd "$first"
  exit 1
fi
"$first"
echo "PASS"
