/*
 * The C ABI seen from a strict C99 program (-std=c99 -Wall -Wextra -pedantic -Werror), built
 * against the installed headers and libior.so. Needs no privilege: it checks versions, error
 * text, the frozen layout of the public structs, NULL safety, option-struct size
 * compatibility and the session state machine without tracing. Prints "abi_unit: PASS".
 */
#include <errno.h>
#include <ior/ior.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* C99 has no _Static_assert: a negative array size fails the build. */
#define ABI_ASSERT(cond, name) typedef char abi_assert_##name[(cond) ? 1 : -1]

/* ior_event: released layout, frozen. */
ABI_ASSERT(sizeof(ior_event) == 184, event_size);
ABI_ASSERT(offsetof(ior_event, size) == 0, event_size_field);
ABI_ASSERT(offsetof(ior_event, type) == 4, event_type);
ABI_ASSERT(offsetof(ior_event, enter_ns) == 8, event_enter_ns);
ABI_ASSERT(offsetof(ior_event, latency_ns) == 16, event_latency_ns);
ABI_ASSERT(offsetof(ior_event, gap_ns) == 24, event_gap_ns);
ABI_ASSERT(offsetof(ior_event, ret) == 32, event_ret);
ABI_ASSERT(offsetof(ior_event, args) == 40, event_args);
ABI_ASSERT(sizeof(((ior_event *)0)->args) == 48, event_args_size);
ABI_ASSERT(offsetof(ior_event, pid) == 88, event_pid);
ABI_ASSERT(offsetof(ior_event, tid) == 92, event_tid);
ABI_ASSERT(offsetof(ior_event, nr) == 96, event_nr);
ABI_ASSERT(offsetof(ior_event, flags) == 100, event_flags);
ABI_ASSERT(offsetof(ior_event, comm) == 104, event_comm);
ABI_ASSERT(sizeof(((ior_event *)0)->comm) == 16, event_comm_size);
ABI_ASSERT(IOR_EVENT_NO_RETURN == 1 && IOR_EVENT_FIRST_ON_THREAD == 2, event_flag_values);
/* Appended in 0.3. */
ABI_ASSERT(offsetof(ior_event, bytes) == 120, event_bytes);
ABI_ASSERT(offsetof(ior_event, file) == 128, event_file);
ABI_ASSERT(offsetof(ior_event, old_file) == 136, event_old_file);
ABI_ASSERT(offsetof(ior_event, file_ino) == 144, event_file_ino);
ABI_ASSERT(offsetof(ior_event, file_dev) == 152, event_file_dev);
ABI_ASSERT(offsetof(ior_event, fd) == 160, event_fd);
ABI_ASSERT(offsetof(ior_event, open_flags) == 164, event_open_flags);
ABI_ASSERT(offsetof(ior_event, family) == 168, event_family);
ABI_ASSERT(offsetof(ior_event, file_status) == 169, event_file_status);
ABI_ASSERT(offsetof(ior_event, bytes_class) == 170, event_bytes_class);
ABI_ASSERT(offsetof(ior_event, cgroup_id) == 176, event_cgroup_id);
ABI_ASSERT(IOR_FILE_NONE == 0 && IOR_FILE_PATH == 1 && IOR_FILE_IDENTITY == 4, file_values);

/* ior_syscall_stats. */
ABI_ASSERT(offsetof(ior_syscall_stats, size) == 0, sc_size);
ABI_ASSERT(offsetof(ior_syscall_stats, nr) == 4, sc_nr);
ABI_ASSERT(offsetof(ior_syscall_stats, count) == 8, sc_count);
ABI_ASSERT(offsetof(ior_syscall_stats, errors) == 16, sc_errors);
ABI_ASSERT(offsetof(ior_syscall_stats, sampled_out) == 24, sc_sampled_out);
ABI_ASSERT(offsetof(ior_syscall_stats, delivered) == 32, sc_delivered);
ABI_ASSERT(offsetof(ior_syscall_stats, latency_sum_ns) == 40, sc_sum);
ABI_ASSERT(offsetof(ior_syscall_stats, latency_min_ns) == 48, sc_min);
ABI_ASSERT(offsetof(ior_syscall_stats, latency_max_ns) == 56, sc_max);
ABI_ASSERT(offsetof(ior_syscall_stats, histogram) == 64, sc_histogram);
ABI_ASSERT(sizeof(ior_syscall_stats) == 64 + 8 * IOR_HISTOGRAM_BUCKETS, sc_total);

/* ior_session_opts: `sz` first, no padding, the last field where the macro says. */
ABI_ASSERT(offsetof(ior_session_opts, sz) == 0, opts_sz);
ABI_ASSERT(sizeof(ior_session_opts) == 23 * 8, opts_size);
ABI_ASSERT(offsetof(ior_session_opts, keep_after_targets_exit) == 108, opts_keep);
ABI_ASSERT(offsetof(ior_session_opts, selection) == 112, opts_selection); /* 0.3 */
ABI_ASSERT(offsetof(ior_session_opts, cgroup_id) == 120, opts_cgroup_id);
ABI_ASSERT(offsetof(ior_session_opts, comm_filter) == 136, opts_comm_filter);
ABI_ASSERT(offsetof(ior_session_opts, comm_filter_match) == 152, opts_comm_match);
ABI_ASSERT(offsetof(ior_session_opts, btf_path) == 168, opts_btf_path);
ABI_ASSERT(offsetof(ior_session_opts, aggregate_only) == 176, opts_aggregate_only);
ABI_ASSERT(offsetof(ior_session_opts, measure_kernel_time) == 180, opts_measure_kernel_time);
ABI_ASSERT(IOR_MATCH_SUBSTRING == 0 && IOR_MATCH_EXACT == 1 && IOR_MATCH_PREFIX == 2, match);

/* ior_selection, ior_sample_rate, ior_command_opts, ior_trace_json_opts (0.3). */
ABI_ASSERT(offsetof(ior_selection, sz) == 0 && sizeof(ior_selection) == 21 * 8, sel_size);
ABI_ASSERT(offsetof(ior_selection, exclude_families) == 72, sel_exclude);
ABI_ASSERT(offsetof(ior_selection, ior_selection__last_field) + 8 == sizeof(ior_selection),
           sel_last);
ABI_ASSERT(sizeof(ior_sample_rate) == 16 && offsetof(ior_sample_rate, rate) == 8, rate_size);
ABI_ASSERT(sizeof(ior_command_opts) == 24 && offsetof(ior_command_opts, cwd) == 16, cmd_opts);
ABI_ASSERT(sizeof(ior_trace_json_opts) == 24, trace_json_opts);
ABI_ASSERT(offsetof(ior_session_opts, ior_session_opts__last_field) + sizeof(const char *) ==
               sizeof(ior_session_opts),
           opts_last_field);

/* ior_flame: the metric values and the record layout (IOR_0.3). */
ABI_ASSERT(IOR_FLAME_COUNT == 0 && IOR_FLAME_DURATION == 1, flame_metric1);
ABI_ASSERT(IOR_FLAME_DURATION_TO_PREV == 2 && IOR_FLAME_BYTES == 3, flame_metric2);
ABI_ASSERT(offsetof(ior_flame_record, sz) == 0, flame_record_sz);
ABI_ASSERT(offsetof(ior_flame_record, pid) == 32, flame_record_pid);
ABI_ASSERT(offsetof(ior_flame_record, count) == 48, flame_record_count);
ABI_ASSERT(sizeof(ior_flame_record) == 80, flame_record_size);
ABI_ASSERT(offsetof(ior_flame_opts, sz) == 0 && sizeof(ior_flame_opts) == 16, flame_opts);

/* Error codes: pinned values in the reserved range. */
ABI_ASSERT(IOR_EINTERNAL == -4000 && IOR_EEOS == -4001 && IOR_ENOBTF == -4002, codes1);
ABI_ASSERT(IOR_EWIRE == -4003 && IOR_ESTATE == -4004 && IOR_ECALLBACK == -4005, codes2);
ABI_ASSERT(IOR_VERSION_CHECK(0, 0, 1), version_check);

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

#define CHECK_EQ_INT(a, b)                                                                       \
  do {                                                                                           \
    long long a_ = (long long)(a), b_ = (long long)(b);                                          \
    if (a_ != b_) {                                                                              \
      fprintf(stderr, "%s:%d: %s == %lld, expected %lld (%s)\n", __FILE__, __LINE__, #a, a_, b_, \
              ior_last_error());                                                                 \
      ++failures;                                                                                \
    }                                                                                            \
  } while (0)

static void test_versions(void) {
  char expected[32];
  CHECK_EQ_INT(ior_version(), IOR_VERSION_NUMBER);
  CHECK(strcmp(ior_version_string(), IOR_VERSION_STRING) == 0);
  sprintf(expected, "%d.%d.%d", IOR_VERSION_MAJOR, IOR_VERSION_MINOR, IOR_VERSION_PATCH);
  CHECK(strcmp(ior_version_string(), expected) == 0);
}

static void test_strerror(void) {
  static const int codes[] = {
      0,          -EINVAL,   EINVAL,        -EPERM, -ENOMEM, IOR_EEOS, IOR_ENOBTF, IOR_EINTERNAL,
      IOR_ESTATE, IOR_EWIRE, IOR_ECALLBACK, -4500,  -99999,  123456,   INT_MIN,    INT_MAX};
  size_t i;
  for (i = 0; i < sizeof(codes) / sizeof(codes[0]); ++i) {
    const char *text = ior_strerror(codes[i]);
    CHECK(text != NULL && text[0] != '\0');
  }
  CHECK(strcmp(ior_strerror(-EINVAL), "Invalid argument") == 0);
  CHECK(strcmp(ior_strerror(-EINVAL), ior_strerror(EINVAL)) == 0);
  CHECK(strstr(ior_strerror(IOR_EEOS), "end of stream") != NULL);
  CHECK(strcmp(ior_strerror(-4500), "unknown libior error") == 0);
  CHECK(ior_last_error() != NULL);
}

static void test_null_safety(void) {
  ior_event ev;
  ior_session_free(NULL);
  ior_batch_free(NULL);
  ior_stats_free(NULL);
  CHECK_EQ_INT(ior_batch_size(NULL), 0);
  CHECK(ior_batch_event(NULL, 0) == NULL);
  CHECK_EQ_INT(ior_stats_get(NULL, IOR_STAT_KERNEL_COUNT), 0);
  CHECK_EQ_INT(ior_stats_syscalls_len(NULL), 0);
  CHECK(ior_stats_syscall(NULL, 0) == NULL);
  CHECK(ior_stats_percentile(NULL, 0, 0.5) == 0);
  CHECK_EQ_INT(ior_session_new(NULL, NULL), -EINVAL);
  CHECK(ior_last_error()[0] != '\0');
  CHECK_EQ_INT(ior_session_start(NULL), -EINVAL);
  CHECK_EQ_INT(ior_session_stop(NULL), -EINVAL);
  CHECK_EQ_INT(ior_session_fd(NULL), -EINVAL);
  CHECK_EQ_INT(ior_session_poll(NULL, 0, NULL, NULL), -EINVAL);
  CHECK_EQ_INT(ior_session_next(NULL, NULL, 0), -EINVAL);
  CHECK_EQ_INT(ior_session_set_targets(NULL, NULL, 0, NULL, 0), -EINVAL);
  CHECK_EQ_INT(ior_session_set_syscalls(NULL, NULL, 0), -EINVAL);
  CHECK_EQ_INT(ior_session_stats(NULL, NULL), -EINVAL);
  CHECK_EQ_INT(ior_syscall_number(NULL), -EINVAL);
  CHECK_EQ_INT(ior_set_log_fn(NULL, NULL), 0);
  /* IOR_EVENT_HAS follows the size the library wrote. */
  memset(&ev, 0, sizeof(ev));
  ev.size = sizeof(ior_event);
  CHECK(IOR_EVENT_HAS(&ev, comm));
  ev.size = offsetof(ior_event, comm);
  CHECK(IOR_EVENT_HAS(&ev, flags) && !IOR_EVENT_HAS(&ev, comm));
}

static void test_syscall_names(void) {
  CHECK(ior_syscall_name(0) != NULL && strcmp(ior_syscall_name(0), "read") == 0);
  CHECK(strcmp(ior_syscall_name(257), "openat") == 0);
  CHECK(ior_syscall_name(99999) == NULL);
  CHECK(ior_family_name(8) != NULL && strcmp(ior_family_name(8), "FS") == 0);
  CHECK(ior_family_name(0) != NULL && strcmp(ior_family_name(0), "Network") == 0);
  CHECK(ior_family_name(12) == NULL);
  CHECK_EQ_INT(ior_syscall_number("openat"), 257);
  CHECK_EQ_INT(ior_syscall_number("syscall_17"), 17);
  CHECK_EQ_INT(ior_syscall_number("no_such_call"), -ENOENT);
  CHECK(strstr(ior_last_error(), "no_such_call") != NULL);
}

/* Creates a session from `opts`, frees it; the code of ior_session_new(). */
static int try_new(const ior_session_opts *opts) {
  ior_session *s = (ior_session *)&failures; /* must be overwritten */
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

static void test_options(void) {
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

static int never_called(void *user_data, const ior_event *ev) {
  (void)user_data;
  (void)ev;
  ++failures;
  return 0;
}

/* What may be done before start and after stop, without tracing anything. */
static void test_state_machine(void) {
  static const char *const kOpenat[] = {"openat"};
  int32_t pid = 1;
  ior_session *s = NULL;
  ior_batch *batch = (ior_batch *)&failures;
  ior_stats *st = NULL;
  CHECK_EQ_INT(ior_session_new(&s, NULL), 0);
  CHECK(ior_session_fd(s) >= 0);
  CHECK_EQ_INT(ior_session_poll(s, 0, never_called, NULL), IOR_ESTATE);
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
  ior_stats_free(st);
  /* Stopped before it started: an empty stream that has ended. */
  CHECK_EQ_INT(ior_session_stop(s), 0);
  CHECK_EQ_INT(ior_session_stop(s), 0);
  CHECK_EQ_INT(ior_session_poll(s, 1000, never_called, NULL), IOR_EEOS);
  CHECK_EQ_INT(ior_session_next(&batch, s, 1000), IOR_EEOS);
  CHECK(batch == NULL);
  CHECK_EQ_INT(ior_session_start(s), IOR_ESTATE);
  ior_session_free(s);
}

static void on_log(void *user_data, int level, const char *message) {
  (void)level;
  (void)message;
  ++*(int *)user_data;
}

static void test_log_fn(void) {
  static int calls = 0;
  CHECK_EQ_INT(ior_set_log_fn(on_log, &calls), 0);
  CHECK_EQ_INT(ior_set_log_fn(NULL, NULL), 0);
}

struct collapsed_lines {
  int n;
  char first[64];
  uint64_t total;
};

static int on_line(void *user_data, const char *stack, uint64_t value) {
  struct collapsed_lines *lines = (struct collapsed_lines *)user_data;
  if (lines->n++ == 0) snprintf(lines->first, sizeof(lines->first), "%s", stack);
  lines->total += value;
  return 0;
}

static int stop_at_first(void *user_data, const ior_flame_record *r) {
  (void)user_data;
  return r->sz == sizeof(ior_flame_record) ? 7 : -1;
}

/* ior_flame without tracing: records added by hand, their collapsed stacks, the cap's folds,
 * the NULL checks. */
static void test_flame(void) {
  IOR_OPTS(ior_flame_opts, opts, .max_keys = 2);
  IOR_OPTS(ior_flame_record, r, .path = "/tmp/a", .syscall = "read", .comm = "app", .pid = 1,
           .count = 2, .bytes = 10);
  IOR_OPTS(ior_flame_stack_opts, by_bytes, .metric = IOR_FLAME_BYTES);
  struct collapsed_lines lines;
  ior_flame *flame = NULL;
  ior_session *s = NULL;
  uint64_t pidless = 0, other = 0;
  ior_stats *st = NULL;
  ior_flame_free(NULL);
  CHECK_EQ_INT(ior_flame_new(NULL, NULL), -EINVAL);
  CHECK_EQ_INT(ior_flame_keys(NULL), 0);
  CHECK_EQ_INT(ior_flame_total(NULL, IOR_FLAME_COUNT), 0);
  CHECK_EQ_INT(ior_flame_folded(NULL, NULL, NULL), 0);
  CHECK_EQ_INT(ior_flame_attach(NULL, NULL), -EINVAL);
  CHECK_EQ_INT(ior_flame_read_recording(&flame, NULL), -EINVAL);
  CHECK(flame == NULL);
  CHECK_EQ_INT(ior_flame_new(&flame, &opts), 0);
  CHECK_EQ_INT(ior_flame_add_record(flame, &r), 0);
  r.pid = 2; /* a second key */
  CHECK_EQ_INT(ior_flame_add_record(flame, &r), 0);
  r.pid = 3; /* over the cap: folds into the pid 0 key */
  CHECK_EQ_INT(ior_flame_add_record(flame, &r), 0);
  r.syscall = NULL;
  CHECK_EQ_INT(ior_flame_add_record(flame, &r), -EINVAL);
  CHECK_EQ_INT(ior_flame_keys(flame), 3);
  CHECK_EQ_INT(ior_flame_total(flame, IOR_FLAME_COUNT), 6);
  CHECK_EQ_INT(ior_flame_total(flame, IOR_FLAME_BYTES), 30);
  CHECK_EQ_INT(ior_flame_total(flame, (ior_flame_metric)9), 0);
  CHECK_EQ_INT(ior_flame_folded(flame, &pidless, &other), 2);
  CHECK_EQ_INT(pidless, 2);
  CHECK_EQ_INT(other, 0);
  memset(&lines, 0, sizeof(lines));
  CHECK_EQ_INT(ior_flame_collapsed(flame, &by_bytes, on_line, &lines), 0);
  CHECK_EQ_INT(lines.n, 1);
  CHECK(strcmp(lines.first, "app;enter_read;;/tmp;/a") == 0);
  CHECK_EQ_INT(lines.total, 30);
  CHECK_EQ_INT(ior_flame_collapsed(flame, NULL, NULL, NULL), -EINVAL);
  CHECK_EQ_INT(ior_flame_foreach(flame, stop_at_first, NULL), 7);
  CHECK_EQ_INT(ior_flame_stats(&st, flame), -ENODATA);
  { /* SIZE_MAX: no cap, nothing folds. */
    ior_flame *unbounded = NULL;
    int i;
    opts.max_keys = SIZE_MAX;
    CHECK_EQ_INT(ior_flame_new(&unbounded, &opts), 0);
    for (i = 0; i < 100; ++i) {
      r.syscall = "read";
      r.pid = (uint32_t)i;
      CHECK_EQ_INT(ior_flame_add_record(unbounded, &r), 0);
    }
    CHECK_EQ_INT(ior_flame_keys(unbounded), 100);
    CHECK_EQ_INT(ior_flame_folded(unbounded, NULL, NULL), 0);
    ior_flame_free(unbounded);
  }
  /* Attach, replace, detach on a session that never starts; freeing the flame detaches it. */
  CHECK_EQ_INT(ior_session_new(&s, NULL), 0);
  CHECK_EQ_INT(ior_flame_attach(flame, s), 0);
  CHECK_EQ_INT(ior_flame_attach(NULL, s), 0);
  CHECK_EQ_INT(ior_flame_attach(flame, s), 0);
  ior_flame_free(flame);
  CHECK_EQ_INT(ior_session_stop(s), 0);
  CHECK_EQ_INT(ior_session_poll(s, 0, never_called, NULL), IOR_EEOS);
  ior_session_free(s);
}

/* Creates a session with `sel` (and `opts`' other fields), frees it; the code. */
static int try_selection(const ior_selection *sel) {
  IOR_OPTS(ior_session_opts, o, .selection = sel);
  return try_new(&o);
}

static void test_selection_options(void) {
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

/* Runs argv with `opts` to its end; its exit code, or -1000 + the error of a step. */
static int run_command(const char *const *argv, const ior_command_opts *opts) {
  ior_command *cmd = NULL;
  int code = -1, err = ior_command_new(&cmd, argv, opts);
  if (err != 0) return -1000 + err;
  CHECK(ior_command_pid(cmd) > 0);
  err = ior_command_release(cmd);
  if (err != 0) code = -2000 + err; /* what release said; the exit code must agree */
  CHECK_EQ_INT(ior_command_wait(cmd, -1, code == -1 ? &code : NULL), 0);
  ior_command_free(cmd);
  return code;
}

static void test_command(void) {
  static const char *const kExit7[] = {"sh", "-c", "exit 7", NULL};
  static const char *const kMissing[] = {"/no/such/program", NULL};
  static const char *const kCwd[] = {"sh", "-c", "test \"$(pwd)\" = /", NULL};
  static const char *const kEnv[] = {"sh", "-c", "test \"$IOR_ABI\" = yes && test -z \"$HOME\"",
                                     NULL};
  static const char *const kSleep[] = {"sleep", "30", NULL};
  static const char *const kEnvList[] = {"IOR_ABI=yes", NULL};
  static const char *const kEmpty[] = {NULL};
  IOR_OPTS(ior_command_opts, in_root, .cwd = "/");
  IOR_OPTS(ior_command_opts, env, .env = kEnvList);
  IOR_OPTS(ior_command_opts, bad_cwd, .cwd = "/no/such/dir");
  ior_command *cmd = NULL;
  int code = -1;

  CHECK_EQ_INT(run_command(kExit7, NULL), 7);
  CHECK_EQ_INT(run_command(kMissing, NULL), -2000 - ENOENT);
  CHECK(strstr(ior_last_error(), "/no/such/program") != NULL);
  CHECK_EQ_INT(run_command(kCwd, &in_root), 0);
  CHECK_EQ_INT(run_command(kEnv, &env), 0);
  CHECK_EQ_INT(run_command(kEnv, NULL), 1); /* the caller's environment has no IOR_ABI */
  CHECK_EQ_INT(run_command(kExit7, &bad_cwd), -2000 - ENOENT);
  CHECK(strstr(ior_last_error(), "/no/such/dir") != NULL);

  CHECK_EQ_INT(ior_command_new(&cmd, kEmpty, NULL), -EINVAL);
  CHECK(cmd == NULL);
  CHECK_EQ_INT(ior_command_new(&cmd, NULL, NULL), -EINVAL);
  CHECK_EQ_INT(ior_command_pid(NULL), -EINVAL);
  CHECK_EQ_INT(ior_command_release(NULL), -EINVAL);
  CHECK_EQ_INT(ior_command_wait(NULL, 0, NULL), -EINVAL);
  CHECK_EQ_INT(ior_command_kill(NULL, 9), -EINVAL);
  ior_command_free(NULL);

  /* Never released: not waited for; freeing it ends it without running anything. */
  CHECK_EQ_INT(ior_command_new(&cmd, kSleep, NULL), 0);
  CHECK_EQ_INT(ior_command_wait(cmd, 0, &code), IOR_ESTATE);
  ior_command_free(cmd);

  /* Killed: 128 + SIGKILL; still running before. */
  CHECK_EQ_INT(ior_command_new(&cmd, kSleep, NULL), 0);
  CHECK_EQ_INT(ior_command_release(cmd), 0);
  CHECK_EQ_INT(ior_command_release(cmd), IOR_ESTATE);
  CHECK_EQ_INT(ior_command_wait(cmd, 0, &code), -EAGAIN);
  CHECK_EQ_INT(ior_command_wait(cmd, 20, &code), -EAGAIN);
  CHECK_EQ_INT(ior_command_kill(cmd, 0), -EINVAL);
  CHECK_EQ_INT(ior_command_kill(cmd, 9), 0);
  CHECK_EQ_INT(ior_command_wait(cmd, -1, &code), 0);
  CHECK_EQ_INT(code, 128 + 9);
  code = -1;
  CHECK_EQ_INT(ior_command_wait(cmd, 0, &code), 0); /* again: the same code */
  CHECK_EQ_INT(code, 128 + 9);
  CHECK_EQ_INT(ior_command_kill(cmd, 9), 0); /* reaped: nothing to do */
  ior_command_free(cmd);
}

static void test_trace_json(void) {
  static const char *const kTrue[] = {"true", NULL};
  char path[64], text[256];
  ior_command *cmd = NULL;
  ior_trace_json *tj = NULL;
  ior_session *s = NULL;
  FILE *f;
  size_t n;
  IOR_OPTS(ior_trace_json_opts, keep, .no_overwrite = 1);
  IOR_OPTS(ior_trace_json_opts, bad, .reserved0 = 1);

  /* A unique name without POSIX: the pid of a child. */
  CHECK_EQ_INT(ior_command_new(&cmd, kTrue, NULL), 0);
  sprintf(path, "/tmp/ior_abi_unit_%d.json", (int)ior_command_pid(cmd));
  ior_command_free(cmd);

  CHECK_EQ_INT(ior_trace_json_new(NULL, path, NULL), -EINVAL);
  CHECK_EQ_INT(ior_trace_json_new(&tj, NULL, NULL), -EINVAL);
  CHECK_EQ_INT(ior_trace_json_new(&tj, path, &bad), -EINVAL);
  CHECK(tj == NULL);
  CHECK_EQ_INT(ior_trace_json_record(NULL, NULL), -EINVAL);
  CHECK_EQ_INT(ior_trace_json_close(NULL), -EINVAL);
  CHECK_EQ_INT(ior_trace_json_events(NULL), 0);
  ior_trace_json_free(NULL);

  /* A session that never starts: an empty but complete document. */
  CHECK_EQ_INT(ior_trace_json_new(&tj, path, NULL), 0);
  CHECK_EQ_INT(ior_session_new(&s, NULL), 0);
  CHECK_EQ_INT(ior_trace_json_record(tj, s), 0);
  CHECK_EQ_INT(ior_session_stop(s), 0);
  CHECK_EQ_INT(ior_session_poll(s, 0, never_called, NULL), IOR_EEOS);
  CHECK_EQ_INT(ior_trace_json_close(tj), 0);
  CHECK_EQ_INT(ior_trace_json_close(tj), 0);
  CHECK_EQ_INT(ior_trace_json_events(tj), 0);
  ior_trace_json_free(tj);
  ior_session_free(s);
  f = fopen(path, "r");
  CHECK(f != NULL);
  if (f != NULL) {
    n = fread(text, 1, sizeof(text) - 1, f);
    text[n] = '\0';
    fclose(f);
    CHECK(strstr(text, "\"traceEvents\"") != NULL);
  }
  tj = NULL;
  CHECK_EQ_INT(ior_trace_json_new(&tj, path, &keep), -EEXIST);
  CHECK(tj == NULL);
  remove(path);
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
  if (failures != 0) {
    fprintf(stderr, "abi_unit: %d failure(s)\n", failures);
    return 1;
  }
  printf("abi_unit: PASS (libior %s)\n", ior_version_string());
  return 0;
}
