#!/bin/sh
# readme_c_test.sh PREFIX WORKDIR CC README: the README's `ior_command` C snippet, extracted as
# it is written, wrapped in a main() with an on_event() that counts events and the ones that
# name a file, compiled as strict C99 against the install prefix (pkg-config) and run. It
# passes when the snippet's stream ended by itself (IOR_EEOS), the command succeeded, and its
# openat/read/write events named their files. Prints PASS. Needs root.
set -eu
prefix=$1
work=$2
cc=$3
readme=$4
mkdir -p "$work"
snippet="$work/snippet.c"
# The ```c block of the README that calls ior_command_new().
"$(dirname "$0")/../readme/readme_block.sh" "$readme" c ior_command_new > "$snippet"
program="$work/readme_c.c"
cat > "$program" <<'EOF_C'
#include <ior/ior.h>
#include <stdio.h>
#include <string.h>

static unsigned long events, checked, unnamed;

static int on_event(void *user_data, const ior_event *ev) {
  const char *name = ior_syscall_name(ev->nr);
  (void)user_data;
  ++events;
  if (name != NULL &&
      (strcmp(name, "openat") == 0 || strcmp(name, "read") == 0 || strcmp(name, "write") == 0)) {
    ++checked;
    if (ev->file == NULL) ++unnamed;
  }
  return 0;
}

int main(void) {
#include "snippet.c"
  printf("readme_c: err %d (%s), exit %d, %lu events, %lu openat/read/write, %lu unnamed\n", err,
         ior_strerror(err), status, events, checked, unnamed);
  return err == IOR_EEOS && status == 0 && checked > 0 && unnamed == 0 ? 0 : 1;
}
EOF_C
pc=$(find "$prefix" -name ior.pc | head -n 1)
export PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir ior)
# EXTRA_FLAGS: the build's own C and linker flags (e.g. the sanitizers of the asan preset).
"$cc" -std=c99 -Wall -Wextra -pedantic -Werror -I"$work" "$program" \
  $(pkg-config --cflags --libs ior) ${EXTRA_FLAGS:-} -Wl,-rpath,"$libdir" -o "$work/readme_c"
"$work/readme_c"
echo "PASS"
