/*
 * Versions, error text, NULL safety of every entry point, syscall and family names, the log
 * callback.
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

void test_versions(void) {
  char expected[32];
  CHECK_EQ_INT(ior_version(), IOR_VERSION_NUMBER);
  CHECK(strcmp(ior_version_string(), IOR_VERSION_STRING) == 0);
  sprintf(expected, "%d.%d.%d", IOR_VERSION_MAJOR, IOR_VERSION_MINOR, IOR_VERSION_PATCH);
  CHECK(strcmp(ior_version_string(), expected) == 0);
}

void test_strerror(void) {
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

void test_null_safety(void) {
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
  CHECK_EQ_INT(ior_stats_degrade_windows_len(NULL), 0);
  {
    ior_degrade_window w = IOR_OPTS_INIT(ior_degrade_window);
    CHECK_EQ_INT(ior_stats_degrade_window(NULL, 0, &w), -EINVAL);
    CHECK(strstr(ior_last_error(), "ior_stats_degrade_window") != NULL);
  }
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

void test_syscall_names(void) {
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

static void on_log(void *user_data, int level, const char *message) {
  (void)level;
  (void)message;
  ++*(int *)user_data;
}

void test_log_fn(void) {
  static int calls = 0;
  CHECK_EQ_INT(ior_set_log_fn(on_log, &calls), 0);
  CHECK_EQ_INT(ior_set_log_fn(NULL, NULL), 0);
}
