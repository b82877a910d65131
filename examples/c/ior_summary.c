/*
 * ior-summary: trace a command with libior's C API and print a per-syscall summary.
 *
 *   ior-summary [-all] -- COMMAND [ARGS...]
 *
 * The command is forked and held on a pipe until the session traces it, so even its first
 * system call is seen. At its end, stderr gets one line per syscall: calls, errors and
 * average/maximum latency (the kernel's exact aggregates, whatever the consumer lost), then
 * the delivery figures. By default the FS family is traced; -all traces every syscall.
 * ior-summary exits with the command's status. Needs root (or CAP_BPF and CAP_PERFMON).
 *
 * Plain C99 plus POSIX, and only <ior/ior.h> from libior.
 */
#define _GNU_SOURCE /* pipe2 */

#include <errno.h>
#include <fcntl.h>
#include <ior/ior.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the event callback counts, to show the events themselves arrive. */
struct delivery {
  uint64_t events;
  uint64_t failed; /* events whose return value is an error */
};

static int on_event(void *user_data, const ior_event *ev) {
  struct delivery *d = (struct delivery *)user_data;
  ++d->events;
  if (!(ev->flags & IOR_EVENT_NO_RETURN) && ev->ret < 0 && ev->ret >= -4095) ++d->failed;
  return 0;
}

static volatile sig_atomic_t interrupted = 0;
static void on_signal(int sig) {
  (void)sig;
  interrupted = 1;
}

/* A child that waits for one byte on `release_fd`, then runs argv (or exits 125 on EOF). If
 * execvp fails, its errno goes back on `error_fd` and the child exits 127 or 126. */
static pid_t spawn_held(char **argv, int *release_out, int *error_out) {
  int release[2], error[2];
  pid_t pid;
  if (pipe2(release, O_CLOEXEC) != 0) return -1;
  if (pipe2(error, O_CLOEXEC) != 0) {
    close(release[0]);
    close(release[1]);
    return -1;
  }
  fflush(NULL);
  pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    char go = 0;
    ssize_t n;
    int err;
    close(release[1]);
    close(error[0]);
    do {
      n = read(release[0], &go, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) _exit(125);
    execvp(argv[0], argv);
    err = errno;
    if (write(error[1], &err, sizeof(err)) < 0) _exit(126);
    _exit(err == ENOENT ? 127 : 126);
  }
  close(release[0]);
  close(error[1]);
  *release_out = release[1];
  *error_out = error[0];
  return pid;
}

/* Lets the child exec; 0, or the errno with which execvp failed. */
static int release_child(int release_fd, int error_fd) {
  int err = 0;
  ssize_t n;
  if (write(release_fd, "g", 1) != 1) err = errno;
  close(release_fd);
  do {
    n = read(error_fd, &err, sizeof(err));
  } while (n < 0 && errno == EINTR);
  close(error_fd);
  return n == (ssize_t)sizeof(err) ? err : 0;
}

static void print_summary(const ior_session *s, const struct delivery *d) {
  ior_stats *st = NULL;
  size_t i;
  int err = ior_session_stats(&st, s);
  if (err < 0) {
    fprintf(stderr, "ior-summary: no statistics: %s\n", ior_strerror(err));
    return;
  }
  fprintf(stderr, "%-20s %10s %8s %14s %14s\n", "syscall", "calls", "errors", "avg ns", "max ns");
  for (i = 0; i < ior_stats_syscalls_len(st); ++i) {
    const ior_syscall_stats *sc = ior_stats_syscall(st, i);
    const char *name = ior_syscall_name(sc->nr);
    char unknown[32];
    if (name == NULL) {
      snprintf(unknown, sizeof(unknown), "syscall_%u", (unsigned)sc->nr);
      name = unknown;
    }
    fprintf(stderr, "%-20s %10llu %8llu %14llu %14llu\n", name, (unsigned long long)sc->count,
            (unsigned long long)sc->errors,
            (unsigned long long)(sc->count ? sc->latency_sum_ns / sc->count : 0),
            (unsigned long long)sc->latency_max_ns);
  }
  fprintf(
      stderr, "kernel count %llu, delivered %llu (%llu failed), sampled out %llu, dropped %llu\n",
      (unsigned long long)ior_stats_get(st, IOR_STAT_KERNEL_COUNT), (unsigned long long)d->events,
      (unsigned long long)d->failed, (unsigned long long)ior_stats_get(st, IOR_STAT_SAMPLED_OUT),
      (unsigned long long)ior_stats_get(st, IOR_STAT_DROPPED));
  ior_stats_free(st);
}

static int usage(void) {
  fprintf(stderr, "usage: ior-summary [-all] -- COMMAND [ARGS...]\n");
  return 2;
}

int main(int argc, char **argv) {
  static const char *const kAll[] = {"all"};
  struct delivery d = {0, 0};
  struct sigaction sa;
  ior_session *s = NULL;
  int32_t target;
  int release_fd = -1, error_fd = -1, status = 0, err, i = 1, all = 0, exit_code;
  pid_t child;

  if (i < argc && strcmp(argv[i], "-all") == 0) {
    all = 1;
    ++i;
  }
  if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc) return usage();
  ++i;

  /* Fork before any session thread exists. */
  child = spawn_held(argv + i, &release_fd, &error_fd);
  if (child < 0) {
    perror("ior-summary: cannot start the command");
    return 1;
  }
  target = (int32_t)child;
  {
    IOR_OPTS(ior_session_opts, opts, .pids = &target, .pids_len = 1);
    if (all) {
      opts.families = kAll;
      opts.families_len = 1;
    }
    err = ior_session_new(&s, &opts);
  }
  if (err == 0) err = ior_session_start(s);
  if (err < 0) {
    fprintf(stderr, "ior-summary: cannot trace: %s (%s)\n", ior_strerror(err), ior_last_error());
    close(release_fd); /* the child reads EOF and exits without running anything */
    close(error_fd);
    waitpid(child, NULL, 0);
    ior_session_free(s);
    return 1;
  }

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal; /* Ctrl-C reaches the command; we wait for it to end */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  err = release_child(release_fd, error_fd);
  if (err != 0) {
    fprintf(stderr, "ior-summary: cannot run '%s': %s\n", argv[i], strerror(err));
  }
  for (;;) {
    pid_t r = waitpid(child, &status, WNOHANG);
    if (r == child || (r < 0 && errno != EINTR)) break;
    if (interrupted) {
      kill(child, SIGTERM);
      interrupted = 0;
    }
    err = ior_session_poll(s, 100, on_event, &d);
    if (err < 0 && err != IOR_EEOS) {
      fprintf(stderr, "ior-summary: %s (%s)\n", ior_strerror(err), ior_last_error());
      break;
    }
  }
  /* Stop, then take every event the kernel already wrote. */
  ior_session_stop(s);
  while ((err = ior_session_poll(s, 1000, on_event, &d)) == 0) {
  }
  if (err != IOR_EEOS) {
    fprintf(stderr, "ior-summary: %s (%s)\n", ior_strerror(err), ior_last_error());
  }
  print_summary(s, &d);
  ior_session_free(s);

  if (WIFEXITED(status)) {
    exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    exit_code = 128 + WTERMSIG(status);
  } else {
    exit_code = 1;
  }
  return exit_code;
}
