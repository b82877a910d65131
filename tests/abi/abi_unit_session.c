/*
 * Sessions without tracing: option structs of every size (`sz`), the state machine before
 * start and after stop, the selection options.
 */
#include <errno.h>
#include <ior/ior.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi_unit.h"

/* Creates a session from `opts`, frees it; the code of ior_session_new(). */
static int try_new(const ior_session_opts *opts) {
  ior_session *s = (ior_session *)&abi_failures; /* must be overwritten */
  int err = ior_session_new(&s, opts);
  if (err == 0) {
    CHECK(s != NULL);
  } else {
    CHECK(s == NULL);
  }
  ior_session_free(s);
  return err;
}

/* A caller built against a newer ior.h whose struct has more fields. */
struct newer_opts {
  ior_session_opts known;
  uint64_t future[3];
};

void test_options(void) {
  static const char *const kFamilies[] = {"all"};
  static const char *const kBadSyscall[] = {"openat", "not_a_syscall"};
  static const char *const kNullSyscall[] = {NULL};
  int32_t pids[2] = {1, 2};
  struct newer_opts newer;
  ior_session_opts o = IOR_OPTS_INIT(ior_session_opts);
  IOR_OPTS(ior_session_opts, tuned, .batch_size = 64, .max_delay_ns = 5000000,
           .ring_bytes = 1u << 16, .max_queued_batches = 8, .pids = pids, .pids_len = 2,
           .families = kFamilies, .families_len = 1);

  CHECK_EQ_INT(o.sz, sizeof(ior_session_opts));
  CHECK_EQ_INT(try_new(NULL), 0);
  CHECK_EQ_INT(try_new(&o), 0);
  CHECK_EQ_INT(try_new(&tuned), 0);

  /* (a) An older caller: its struct ends before the last field, which is then the default
   * whatever the bytes beyond its `sz` hold. */
  o = tuned;
  o.sz = sizeof(ior_session_opts) - 8;
  o.max_queued_batches = 0;
  CHECK_EQ_INT(try_new(&o), 0);
  o.sz = offsetof(ior_session_opts, ring_bytes);
  o.ring_bytes = 3; /* invalid, but not part of this caller's struct */
  CHECK_EQ_INT(try_new(&o), 0);
  o.sz = sizeof(ior_session_opts);
  CHECK_EQ_INT(try_new(&o), -EINVAL); /* now it is */
  CHECK(strstr(ior_last_error(), "ring_bytes") != NULL);
  o.sz = sizeof(size_t); /* just `sz`: all defaults */
  CHECK_EQ_INT(try_new(&o), 0);

  /* (b) A newer caller with a zero tail. */
  memset(&newer, 0, sizeof(newer));
  newer.known.sz = sizeof(newer);
  newer.known.batch_size = 16;
  CHECK_EQ_INT(try_new(&newer.known), 0);

  /* (c) A newer caller that sets a field this library does not know. */
  newer.future[1] = 7;
  CHECK_EQ_INT(try_new(&newer.known), -EINVAL);
  CHECK(strstr(ior_last_error(), "non-zero") != NULL);

  /* Too small to hold even `sz`. */
  o.sz = 0;
  CHECK_EQ_INT(try_new(&o), -EINVAL);
  o.sz = 4;
  CHECK_EQ_INT(try_new(&o), -EINVAL);

  /* Bad values. */
  o = tuned;
  o.batch_size = (size_t)1 << 30;
  CHECK_EQ_INT(try_new(&o), -EINVAL);
  o = tuned;
  o.ring_bytes = 5000;
  CHECK_EQ_INT(try_new(&o), -EINVAL);
  o = tuned;
  pids[1] = -3;
  CHECK_EQ_INT(try_new(&o), -EINVAL);
  pids[1] = 2;
  o.syscalls = kBadSyscall;
  o.syscalls_len = 2;
  CHECK_EQ_INT(try_new(&o), -EINVAL);
  CHECK(strstr(ior_last_error(), "not_a_syscall") != NULL);
  o.syscalls = kNullSyscall;
  o.syscalls_len = 1;
  CHECK_EQ_INT(try_new(&o), -EINVAL);
  o.syscalls = NULL; /* NULL array, non-zero length */
  CHECK_EQ_INT(try_new(&o), -EINVAL);
}

/* What may be done before start and after stop, without tracing anything. */
void test_state_machine(void) {
  static const char *const kOpenat[] = {"openat"};
  int32_t pid = 1;
  ior_session *s = NULL;
  ior_batch *batch = (ior_batch *)&abi_failures;
  ior_stats *st = NULL;
  CHECK_EQ_INT(ior_session_new(&s, NULL), 0);
  CHECK(ior_session_fd(s) >= 0);
  CHECK_EQ_INT(ior_session_poll(s, 0, abi_never_called, NULL), IOR_ESTATE);
  CHECK_EQ_INT(ior_session_poll(s, 0, NULL, NULL), -EINVAL);
  CHECK_EQ_INT(ior_session_next(&batch, s, 0), IOR_ESTATE);
  CHECK(batch == NULL);
  CHECK_EQ_INT(ior_session_set_syscalls(s, kOpenat, 1), IOR_ESTATE);
  CHECK_EQ_INT(ior_session_set_targets(s, &pid, 1, NULL, 0), IOR_ESTATE);
  CHECK_EQ_INT(ior_session_set_targets(s, NULL, 1, NULL, 0), -EINVAL);
  CHECK_EQ_INT(ior_session_stats(&st, s), 0);
  CHECK(st != NULL);
  CHECK_EQ_INT(ior_stats_get(st, IOR_STAT_KERNEL_COUNT), 0);
  CHECK_EQ_INT(ior_stats_get(st, (ior_stat)1000), 0);
  CHECK_EQ_INT(ior_stats_syscalls_len(st), 0);
  CHECK(ior_stats_syscall(st, 0) == NULL);
  CHECK_EQ_INT(ior_stats_degrade_windows_len(st), 0);
  {
    /* No window: index 0 is out of range and leaves the struct alone; an unset sz or a NULL
     * out is refused first. */
    ior_degrade_window w = IOR_OPTS_INIT(ior_degrade_window);
    w.calls = 7;
    CHECK_EQ_INT(ior_stats_degrade_window(st, 0, &w), -ERANGE);
    CHECK(strstr(ior_last_error(), "out of range") != NULL);
    CHECK_EQ_INT(w.calls, 7);
    CHECK_EQ_INT(ior_stats_degrade_window(st, 0, NULL), -EINVAL);
    w.sz = 0;
    CHECK_EQ_INT(ior_stats_degrade_window(st, 0, &w), -EINVAL);
  }
  ior_stats_free(st);
  /* Stopped before it started: an empty stream that has ended. */
  CHECK_EQ_INT(ior_session_stop(s), 0);
  CHECK_EQ_INT(ior_session_stop(s), 0);
  CHECK_EQ_INT(ior_session_poll(s, 1000, abi_never_called, NULL), IOR_EEOS);
  CHECK_EQ_INT(ior_session_next(&batch, s, 1000), IOR_EEOS);
  CHECK(batch == NULL);
  CHECK_EQ_INT(ior_session_start(s), IOR_ESTATE);
  ior_session_free(s);
}

/* Creates a session with `sel` (and `opts`' other fields), frees it; the code. */
static int try_selection(const ior_selection *sel) {
  IOR_OPTS(ior_session_opts, o, .selection = sel);
  return try_new(&o);
}

void test_selection_options(void) {
  static const char *const kKinds[] = {"fd", "open"};
  static const char *const kBadKind[] = {"no-such-kind"};
  static const char *const kNet[] = {"Network"};
  static const char *const kRegex[] = {"^sys_enter_(read|write)$"};
  static const char *const kBadRegex[] = {"(unclosed"};
  static const char *const kRead[] = {"read"};
  static const ior_sample_rate kRates[] = {{"read", 10}, {"FS", 0}};
  static const ior_sample_rate kNullRate[] = {{NULL, 3}};
  static const char *const kNone[] = {"openat"};
  ior_selection sel = IOR_OPTS_INIT(ior_selection);
  ior_session_opts o = IOR_OPTS_INIT(ior_session_opts);
  ior_session *s = NULL;

  CHECK_EQ_INT(try_selection(&sel), 0); /* empty: the FS family */
  sel.kinds = kKinds;
  sel.kinds_len = 2;
  sel.families = kNet;
  sel.families_len = 1;
  sel.tracepoints = kRegex;
  sel.tracepoints_len = 1;
  sel.exclude_syscalls = kRead;
  sel.exclude_syscalls_len = 1;
  sel.sample_syscalls = kRates;
  sel.sample_syscalls_len = 1;
  sel.sample_families = kRates + 1;
  sel.sample_families_len = 1;
  CHECK_EQ_INT(try_selection(&sel), 0);
  sel.exclude_kinds = kBadKind;
  sel.exclude_kinds_len = 1;
  CHECK_EQ_INT(try_selection(&sel), -EINVAL);
  CHECK(strstr(ior_last_error(), "no-such-kind") != NULL);
  sel.exclude_kinds_len = 0;
  sel.tracepoints = kBadRegex;
  CHECK_EQ_INT(try_selection(&sel), -EINVAL);
  sel.tracepoints = kRegex;
  sel.sample_syscalls = kNullRate;
  CHECK_EQ_INT(try_selection(&sel), -EINVAL);
  sel.sample_syscalls = NULL; /* NULL array, non-zero length */
  CHECK_EQ_INT(try_selection(&sel), -EINVAL);
  sel.sample_syscalls_len = 0;
  CHECK_EQ_INT(try_selection(&sel), 0);
  /* Everything excluded: a selection that matches nothing is an error. */
  sel = (ior_selection)IOR_OPTS_INIT(ior_selection);
  sel.syscalls = kNone;
  sel.syscalls_len = 1;
  sel.exclude_syscalls = kNone;
  sel.exclude_syscalls_len = 1;
  CHECK_EQ_INT(try_selection(&sel), -EINVAL);
  /* An older caller's ior_selection: only `sz` and `families`. */
  sel = (ior_selection)IOR_OPTS_INIT(ior_selection);
  sel.families = kNet;
  sel.families_len = 1;
  sel.kinds = kBadKind; /* beyond its sz: ignored */
  sel.kinds_len = 1;
  sel.sz = offsetof(ior_selection, kinds);
  CHECK_EQ_INT(try_selection(&sel), 0);
  sel.sz = 2; /* too small */
  CHECK_EQ_INT(try_selection(&sel), -EINVAL);

  /* Filters, cgroup, file tracking. */
  o.comm_filter = "tar";
  o.comm_filter_match = IOR_MATCH_EXACT;
  o.path_filter = "/etc/";
  o.path_filter_match = IOR_MATCH_PREFIX;
  o.no_track_files = 1;
  CHECK_EQ_INT(try_new(&o), 0);
  o.comm_filter_match = 3;
  CHECK_EQ_INT(try_new(&o), -EINVAL);
  o.comm_filter_match = IOR_MATCH_SUBSTRING;
  o.path_filter = "";
  CHECK_EQ_INT(try_new(&o), -EINVAL);
  o.path_filter = NULL;
  o.reserved0 = 1;
  CHECK_EQ_INT(try_new(&o), -EINVAL);
  o.reserved0 = 0;
  o.reserved1 = 1;
  CHECK_EQ_INT(try_new(&o), -EINVAL);
  o.reserved1 = 0;
  o.degrade = 1;
  CHECK_EQ_INT(try_new(&o), 0);
  o.degrade = 0;
  o.cgroup_path = "/no/such/cgroup";
  CHECK_EQ_INT(try_new(&o), -ENOENT);
  o.cgroup_path = "/proc";
  CHECK_EQ_INT(try_new(&o), -EINVAL);
  CHECK(strstr(ior_last_error(), "cgroup") != NULL);
  o.cgroup_id = 1;
  CHECK_EQ_INT(try_new(&o), -EINVAL); /* both */
  o.cgroup_path = NULL;
  CHECK_EQ_INT(try_new(&o), 0);

  /* Live selection changes need a running session. */
  CHECK_EQ_INT(ior_session_set_selection(NULL, NULL), -EINVAL);
  CHECK_EQ_INT(ior_session_new(&s, NULL), 0);
  CHECK_EQ_INT(ior_session_set_selection(s, &sel), -EINVAL); /* sz 2 */
  sel.sz = sizeof(sel);
  sel.kinds_len = 0;
  CHECK_EQ_INT(ior_session_set_selection(s, &sel), IOR_ESTATE);
  ior_session_free(s);
}
