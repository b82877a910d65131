/*
 * tar_trace OUT.tgz DIR: traces `tar -czf OUT.tgz -C DIR .` with libior's C API only, following
 * the processes tar starts (gzip), and prints every event: task, pid, syscall, latency, ret and
 * the file. Checks that every openat, read and write names its file, that gzip was traced and
 * wrote, and that tar succeeded; prints "tar_trace: PASS" then. Built out of tree against an
 * installed libior (tests/abi/CMakeLists.txt, abi_tar_consumer). Needs root.
 */
#include <ior/ior.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct tally {
  unsigned long events, checked, unnamed, gzip_writes;
};

static int on_event(void *user_data, const ior_event *ev) {
  struct tally *t = (struct tally *)user_data;
  const char *name = ior_syscall_name(ev->nr);
  const char *file = ev->file != NULL ? ev->file : "-";
  ++t->events;
  printf("%-8s %7u %-12s %9llu ns %8lld %s\n", ev->comm, (unsigned)ev->pid, name ? name : "?",
         (unsigned long long)ev->latency_ns, (long long)ev->ret, file);
  if (name != NULL &&
      (strcmp(name, "openat") == 0 || strcmp(name, "read") == 0 || strcmp(name, "write") == 0)) {
    ++t->checked;
    if (ev->file == NULL) {
      ++t->unnamed;
      fprintf(stderr, "tar_trace: no file: %s %u %s ret %lld\n", ev->comm, (unsigned)ev->pid, name,
              (long long)ev->ret);
    }
    if (strcmp(ev->comm, "gzip") == 0 && strcmp(name, "write") == 0 && ev->ret > 0) {
      ++t->gzip_writes;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  const char *tar_argv[] = {"tar", "-czf", NULL, "-C", NULL, ".", NULL};
  struct tally t = {0, 0, 0, 0};
  ior_command *cmd = NULL;
  ior_session *s = NULL;
  int32_t pid;
  int err, code = -1;

  if (argc != 3) {
    fprintf(stderr, "usage: tar_trace OUT.tgz DIR\n");
    return 2;
  }
  tar_argv[2] = argv[1];
  tar_argv[4] = argv[2];
  err = ior_command_new(&cmd, tar_argv, NULL);
  if (err == 0) {
    IOR_OPTS(ior_session_opts, opts, .follow = 1);
    pid = ior_command_pid(cmd);
    opts.pids = &pid;
    opts.pids_len = 1;
    err = ior_session_new(&s, &opts);
  }
  if (err == 0) err = ior_session_start(s);
  if (err == 0) err = ior_command_release(cmd);
  /* Ends by itself: IOR_EEOS once tar and gzip exited and every event was delivered. */
  while (err == 0) err = ior_session_poll(s, -1, on_event, &t);
  if (err != IOR_EEOS) {
    fprintf(stderr, "tar_trace: %s (%s)\n", ior_strerror(err), ior_last_error());
    return 1;
  }
  if (ior_command_wait(cmd, -1, &code) != 0) code = -1;
  ior_session_free(s);
  ior_command_free(cmd);
  printf(
      "tar_trace: %lu events, %lu openat/read/write, %lu without a file, %lu gzip writes, "
      "tar exit %d\n",
      t.events, t.checked, t.unnamed, t.gzip_writes, code);
  if (code != 0 || t.checked == 0 || t.unnamed != 0 || t.gzip_writes == 0) {
    printf("tar_trace: FAIL\n");
    return 1;
  }
  printf("tar_trace: PASS\n");
  return 0;
}
