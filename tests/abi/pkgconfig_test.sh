#!/bin/sh
# pkgconfig_test.sh PREFIX WORKDIR CC SOURCE...: with only the install prefix, compile and
# link each C source as strict C99 against libior.so through `pkg-config --cflags --libs ior`,
# then run the first one; then link the first one fully static through
# `pkg-config --static` and run it. Prints PASS.
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

# A fully static C program: `-static` makes `-lior` take libior.a, and --static adds what it
# needs after it (Abseil, libbpf, libelf, zlib, zstd, libstdc++). Not with sanitizers, which
# cannot link statically.
case "${EXTRA_FLAGS:-}" in
  *-fsanitize*) echo "static link skipped (sanitizers)" ;;
  *)
    static_flags=$(pkg-config --static --cflags --libs ior)
    echo "pkg-config --static --cflags --libs ior: $static_flags"
    "$cc" -std=c99 -Wall -Wextra -pedantic -Werror -static "$1" $static_flags \
      -o "$work/static_$(basename "$1" .c)"
    if readelf -d "$work/static_$(basename "$1" .c)" | grep -q NEEDED; then
      echo "FAIL: the --static link needs shared libraries"
      readelf -d "$work/static_$(basename "$1" .c)"
      exit 1
    fi
    "$work/static_$(basename "$1" .c)"
    ;;
esac
echo "PASS"
