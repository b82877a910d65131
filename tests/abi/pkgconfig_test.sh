#!/bin/sh
# pkgconfig_test.sh PREFIX WORKDIR CC ABI_UNIT_DIR SOURCE...: with only the install prefix,
# compile and link the program abi_unit (ABI_UNIT_DIR/abi_unit*.c) and each other C source as
# strict C99 against libior.so through `pkg-config --cflags --libs ior`, then run abi_unit;
# then link abi_unit fully static through `pkg-config --static` and run it. Prints PASS.
set -eu
prefix=$1
work=$2
cc=$3
abi_unit_sources=$(ls "$4"/abi_unit*.c)
shift 4
pc=$(find "$prefix" -name ior.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: no ior.pc under $prefix"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --cflags --libs ior)
libdir=$(pkg-config --variable=libdir ior)
echo "pkg-config --cflags --libs ior: $flags"
mkdir -p "$work"
first="$work/abi_unit"
# EXTRA_FLAGS: the build's own C and linker flags (e.g. the sanitizers of the asan preset).
"$cc" -std=c99 -Wall -Wextra -pedantic -Werror $abi_unit_sources $flags ${EXTRA_FLAGS:-} \
  -Wl,-rpath,"$libdir" -o "$first"
for src in "$@"; do
  "$cc" -std=c99 -Wall -Wextra -pedantic -Werror "$src" $flags ${EXTRA_FLAGS:-} \
    -Wl,-rpath,"$libdir" -o "$work/$(basename "$src" .c)"
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
    "$cc" -std=c99 -Wall -Wextra -pedantic -Werror -static $abi_unit_sources $static_flags \
      -o "$work/static_abi_unit"
    if readelf -d "$work/static_abi_unit" | grep -q NEEDED; then
      echo "FAIL: the --static link needs shared libraries"
      readelf -d "$work/static_abi_unit"
      exit 1
    fi
    "$work/static_abi_unit"
    ;;
esac
echo "PASS"
