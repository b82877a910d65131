/* The C half of the error table (tests/python/test_error_table.py holds the Python half): each
 * line is "<scenario> <code>", the code the C ABI returns for one library failure. The Python
 * test provokes the same failures and checks that ior.Error.code is the same number, so the one
 * mapping (ior::ErrorNumber) serves both. Needs root for the scenarios that start a session. */
#include <ior/ior.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int on_event(void *user_data, const ior_event *event) {
  (void)user_data;
  (void)event;
  return 0;
}

/* ior_session_new() then, if `start`, ior_session_start(): the first non-zero code, or 0. */
static int new_and_start(const ior_session_opts *opts, int start) {
  ior_session *s = NULL;
  int err = ior_session_new(&s, opts);
  if (err == 0 && start) err = ior_session_start(s);
  ior_session_free(s);
  return err;
}

int main(void) {
  static const char *const kNoSuchSyscall[] = {"no_such_syscall"};
  static const char *const kNoSuchFamily[] = {"NoSuchFamily"};
  /* A process that existed and is gone: its pid is valid and names nobody. */
  int32_t gone[1];
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, NULL, 0);
  gone[0] = (int32_t)child;
  static const int32_t kNegativePid[] = {-5};

  IOR_OPTS(ior_session_opts, bad_syscall, .syscalls = kNoSuchSyscall, .syscalls_len = 1);
  printf("unknown_syscall %d\n", new_and_start(&bad_syscall, 0));
  IOR_OPTS(ior_session_opts, bad_family, .families = kNoSuchFamily, .families_len = 1);
  printf("unknown_family %d\n", new_and_start(&bad_family, 0));
  IOR_OPTS(ior_session_opts, negative_pid, .pids = kNegativePid, .pids_len = 1);
  printf("negative_pid %d\n", new_and_start(&negative_pid, 0));
  IOR_OPTS(ior_session_opts, follow_alone, .follow = 1);
  printf("follow_without_pids %d\n", new_and_start(&follow_alone, 0));
  IOR_OPTS(ior_session_opts, missing_pid, .pids = gone, .pids_len = 1);
  printf("missing_pid %d\n", new_and_start(&missing_pid, 1));

  /* Polling a session that was never started. */
  IOR_OPTS(ior_session_opts, plain);
  ior_session *s = NULL;
  int err = ior_session_new(&s, &plain);
  if (err == 0) err = ior_session_poll(s, 0, on_event, NULL);
  printf("poll_before_start %d\n", err);
  ior_session_free(s);
  return 0;
}
