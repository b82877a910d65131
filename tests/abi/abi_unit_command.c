/*
 * ior_command: a command started held, released, waited for and killed.
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

void test_command(void) {
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
