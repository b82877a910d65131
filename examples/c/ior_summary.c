/*
 * ior-summary: trace a command with libior's C API and print a per-syscall summary.
 *
 *   ior-summary [-all] [-degrade] -- COMMAND [ARGS...]
 *
 * The command (ior_command) is held until the session traces it, so even its first system
 * call is seen, and the processes it starts are traced too (`follow`). The stream ends by
 * itself once they have all exited. At its end, stderr gets one line per syscall: calls, errors and
 * average/maximum latency (the kernel's exact aggregates, whatever the consumer lost), then
 * the delivery figures. By default the FS family is traced; -all traces every syscall.
 * -degrade thins the rows instead of dropping them when the consumer falls behind, and the
 * summary then says when and how much (ior_stats_degrade_window).
 * ior-summary exits with the command's status. Needs root (or CAP_BPF and CAP_PERFMON).
 *
 * Plain C99 plus POSIX, and only <ior/ior.h> from libior.
 */
#define _POSIX_C_SOURCE 200809L /* sigaction */

#include <ior/ior.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
  if (ior_stats_get(st, IOR_STAT_DEGRADED) != 0) {
    fprintf(stderr, "degraded %llu (part of sampled out), in %zu windows:\n",
            (unsigned long long)ior_stats_get(st, IOR_STAT_DEGRADED),
            ior_stats_degrade_windows_len(st));
    for (i = 0; i < ior_stats_degrade_windows_len(st); ++i) {
      ior_degrade_window w = IOR_OPTS_INIT(ior_degrade_window);
      if (ior_stats_degrade_window(st, i, &w) < 0) break;
      fprintf(stderr, "  boot clock %.3f .. %.3f s: %llu calls left out, 1 in %u at the thinnest\n",
              (double)w.start_ns / 1e9, (double)w.end_ns / 1e9, (unsigned long long)w.calls,
              (unsigned)w.min_one_in);
    }
  }
  ior_stats_free(st);
}

static int usage(void) {
  fprintf(stderr, "usage: ior-summary [-all] [-degrade] -- COMMAND [ARGS...]\n");
  return 2;
}

int main(int argc, char **argv) {
  static const char *const kAll[] = {"all"};
  struct delivery d = {0, 0};
  struct sigaction sa;
  ior_command *cmd = NULL;
  ior_session *s = NULL;
  int32_t target;
  int err, i = 1, all = 0, degrade = 0, exit_code = 1;

  for (; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0; ++i) {
    if (strcmp(argv[i], "-all") == 0) {
      all = 1;
    } else if (strcmp(argv[i], "-degrade") == 0) {
      degrade = 1;
    } else {
      return usage();
    }
  }
  if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc) return usage();
  ++i;

  /* Start the command held back, before any session thread exists. */
  err = ior_command_new(&cmd, (const char *const *)(argv + i), NULL);
  if (err < 0) {
    fprintf(stderr, "ior-summary: cannot start the command: %s\n", ior_last_error());
    return 1;
  }
  target = ior_command_pid(cmd);
  {
    IOR_OPTS(ior_session_opts, opts, .pids = &target, .pids_len = 1, .follow = 1,
             .degrade = (uint32_t)degrade);
    if (all) {
      opts.families = kAll;
      opts.families_len = 1;
    }
    err = ior_session_new(&s, &opts);
  }
  if (err == 0) err = ior_session_start(s);
  if (err < 0) {
    fprintf(stderr, "ior-summary: cannot trace: %s (%s)\n", ior_strerror(err), ior_last_error());
    ior_command_free(cmd); /* never released: it exits without running anything */
    ior_session_free(s);
    return 1;
  }

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal; /* Ctrl-C reaches the command; we wait for it to end */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  err = ior_command_release(cmd);
  if (err < 0) fprintf(stderr, "ior-summary: %s\n", ior_last_error());
  /* The stream ends by itself (IOR_EEOS) once the command and its children have exited and
   * every event was delivered. */
  while ((err = ior_session_poll(s, 100, on_event, &d)) == 0) {
    if (interrupted) {
      ior_command_kill(cmd, SIGTERM);
      interrupted = 0;
    }
  }
  if (err != IOR_EEOS) {
    fprintf(stderr, "ior-summary: %s (%s)\n", ior_strerror(err), ior_last_error());
  }
  print_summary(s, &d);
  ior_session_free(s);
  ior_command_wait(cmd, -1, &exit_code);
  ior_command_free(cmd);
  return exit_code;
}
