#!/bin/sh
# readme_cxx_test.sh BUILT PREFIX WORKDIR CXX README: the README's C++ program (the ```cpp block
# with main()), as the build compiled it from the README (BUILT, linked with the build's
# library) and compiled here from README against the install PREFIX with nothing but
# `pkg-config --cflags --libs ior-cxx`. Each runs in a directory of its own and must end by
# itself (its session ends with tar and gzip) with tar's exit code 0, print the openat of
# every header tar archived (named by its full path) and gzip's writes to headers.tgz.
# Prints PASS. Needs root.
set -eu
built=$1
prefix=$2
work=$3
cxx=$4
readme=$5
here=$(dirname "$0")
rm -rf "$work"
mkdir -p "$work/built" "$work/installed"

# check DIR: the program's output in DIR/out against the archive it made in DIR.
check() {
  dir=$1
  [ -s "$dir/headers.tgz" ] || { echo "FAIL: $dir: no headers.tgz"; exit 1; }
  # Every regular file in the archive was opened by tar, under its full path.
  tar -tzf "$dir/headers.tgz" | grep -v '/$' | sed 's|^|/usr/include/|' | sort -u > "$dir/archived"
  awk '$1 == "tar" && $2 == "openat" && $4 == "=" && $5 >= 0 { print $3 }' "$dir/out" |
    sort -u > "$dir/opened"
  archived=$(wc -l < "$dir/archived")
  [ "$archived" -gt 10 ] || { echo "FAIL: $dir: $archived files archived"; exit 1; }
  missing=$(comm -23 "$dir/archived" "$dir/opened" | head -n 3)
  [ -z "$missing" ] || { echo "FAIL: $dir: opened without a name: $missing"; exit 1; }
  # gzip (followed, a child of tar) writes the archive: its descriptor is named too.
  grep -q "^gzip write $dir/headers.tgz = [1-9]" "$dir/out" ||
    { echo "FAIL: $dir: no gzip write to $dir/headers.tgz"; head -n 20 "$dir/out"; exit 1; }
  echo "$dir: $archived headers opened by name, $(grep -c '^gzip write' "$dir/out") gzip writes"
}

# run PROGRAM DIR
run() {
  (cd "$2" && "$1" > out) || { echo "FAIL: $1 exited with $?"; exit 1; }
  check "$2"
}

run "$built" "$work/built"

"$here/readme_block.sh" "$readme" cpp "int main" "$work/readme.cc"
pc=$(find "$prefix" -name ior-cxx.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: no ior-cxx.pc under $prefix"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
# EXTRA_FLAGS: the build's own C++ and linker flags (e.g. the sanitizers of the asan preset).
"$cxx" -std=c++20 -Wall -Wextra -Werror "$work/readme.cc" $(pkg-config --cflags --libs ior-cxx) \
  ${EXTRA_FLAGS:-} -o "$work/readme_cxx"
run "$work/readme_cxx" "$work/installed"
echo "PASS"
