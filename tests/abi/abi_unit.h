/*
 * What the pieces of abi_unit share: the CHECK macros, the failure count they add to, and the
 * check functions that abi_unit.c's main() runs. Strict C99, as the rest of the program.
 */
#ifndef IOR_TESTS_ABI_ABI_UNIT_H_
#define IOR_TESTS_ABI_ABI_UNIT_H_

#include <ior/ior.h>
#include <stdio.h>

/* Failed checks so far; main() fails the run when it is not 0. */
extern int abi_failures;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++abi_failures;                                                          \
    }                                                                          \
  } while (0)

#define CHECK_EQ_INT(a, b)                                                                       \
  do {                                                                                           \
    long long a_ = (long long)(a), b_ = (long long)(b);                                          \
    if (a_ != b_) {                                                                              \
      fprintf(stderr, "%s:%d: %s == %lld, expected %lld (%s)\n", __FILE__, __LINE__, #a, a_, b_, \
              ior_last_error());                                                                 \
      ++abi_failures;                                                                            \
    }                                                                                            \
  } while (0)

/* A poll callback for sessions that must deliver nothing: counts a failure if called. */
int abi_never_called(void *user_data, const ior_event *ev);

/* abi_unit_basics.c */
void test_versions(void);
void test_strerror(void);
void test_null_safety(void);
void test_syscall_names(void);
void test_log_fn(void);
/* abi_unit_session.c */
void test_options(void);
void test_state_machine(void);
void test_selection_options(void);
/* abi_unit_outputs.c */
void test_flame(void);
void test_trace_json(void);
/* abi_unit_command.c */
void test_command(void);

#endif /* IOR_TESTS_ABI_ABI_UNIT_H_ */
