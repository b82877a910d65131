/*
 * The C ABI seen from a strict C99 program (-std=c99 -Wall -Wextra -pedantic -Werror), built
 * against the installed headers and libior.so. Needs no privilege: it checks versions, error
 * text, the frozen layout of the public structs, NULL safety, option-struct size
 * compatibility and the session state machine without tracing. Prints "abi_unit: PASS".
 *
 * This file runs the checks; they live in abi_unit_*.c, one file per part of the API
 * (abi_unit_layout.c: the frozen struct layouts, checked at compile time).
 */
#include "abi_unit.h"

#include <ior/ior.h>
#include <stdio.h>

int abi_failures = 0;

int abi_never_called(void *user_data, const ior_event *ev) {
  (void)user_data;
  (void)ev;
  ++abi_failures;
  return 0;
}

int main(void) {
  test_versions();
  test_strerror();
  test_null_safety();
  test_syscall_names();
  test_options();
  test_state_machine();
  test_log_fn();
  test_flame();
  test_selection_options();
  test_command();
  test_trace_json();
  if (abi_failures != 0) {
    fprintf(stderr, "abi_unit: %d failure(s)\n", abi_failures);
    return 1;
  }
  printf("abi_unit: PASS (libior %s)\n", ior_version_string());
  return 0;
}
