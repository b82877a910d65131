/*
 * The outputs that need no tracing to check: ior_flame (collapsed stacks, recordings, attach)
 * and ior_trace_json.
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
void test_flame(void) {
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
  CHECK_EQ_INT(ior_session_poll(s, 0, abi_never_called, NULL), IOR_EEOS);
  ior_session_free(s);
}

void test_trace_json(void) {
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
  CHECK_EQ_INT(ior_session_poll(s, 0, abi_never_called, NULL), IOR_EEOS);
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
