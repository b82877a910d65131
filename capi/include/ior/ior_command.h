/**
 * @file ior_command.h
 * @brief ior_command: run a command held back until its session is live, so that even its
 * first system call is traced (the library's ior::ChildProcess, as the `ior` CLI runs
 * commands). Since 0.3.
 *
 *   const char *argv[] = {"tar", "-czf", "out.tgz", "dir", NULL};
 *   ior_command *cmd = NULL;
 *   int err = ior_command_new(&cmd, argv, NULL);   // forked, waiting
 *   int32_t pid = ior_command_pid(cmd);
 *   IOR_OPTS(ior_session_opts, opts, .pids = &pid, .pids_len = 1, .follow = 1);
 *   ior_session *s = NULL;
 *   if (err == 0) err = ior_session_new(&s, &opts);
 *   if (err == 0) err = ior_session_start(s);
 *   if (err == 0) err = ior_command_release(cmd);   // runs it; -ENOENT: no such command
 *   while (err == 0) err = ior_session_poll(s, -1, on_event, NULL);
 *   // err == IOR_EEOS: the command and its children exited and every event was delivered
 *   int status = 0;
 *   ior_command_wait(cmd, -1, &status);             // its exit code (128 + signal if killed)
 *   ior_command_free(cmd);
 *   ior_session_free(s);
 *
 * If the session cannot start, ior_command_free() on a command never released makes it exit
 * (status 125) without running anything.
 *
 * Threads: a command is used from one thread at a time. The child runs only
 * async-signal-safe code between fork and exec, so ior_command_new() may be called while
 * other threads (other sessions included) run.
 */
#ifndef IOR_IOR_COMMAND_H_
#define IOR_IOR_COMMAND_H_

#include <stddef.h>
#include <stdint.h>

#include "ior/ior_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A command started held back; opaque. Created by ior_command_new(), released by
 * ior_command_free(). */
typedef struct ior_command ior_command;

/** Options of ior_command_new(), built with IOR_OPTS(); zero fields take the defaults. Copied:
 * borrowed for the call only. */
typedef struct ior_command_opts {
  /** sizeof(ior_command_opts); set by IOR_OPTS(). */
  size_t sz;
  /** The command's whole environment: "NAME=value" entries, ended by NULL. NULL: the caller's
   * environment. The command is looked up in the caller's PATH either way. */
  const char *const *env;
  /** The directory the command runs in (a relative argv[0] is relative to it). NULL: the
   * caller's. */
  const char *cwd;
} ior_command_opts;

/** The last field of ior_command_opts that this header knows. */
/* NOLINTNEXTLINE(bugprone-reserved-identifier): the IOR_OPTS convention, <struct>__last_field */
#define ior_command_opts__last_field cwd

/**
 * @brief **ior_command_new()** forks a child that waits until ior_command_release(), then runs
 * `argv` (execvp: argv[0] is looked up in PATH).
 *
 * @param out receives the command, owned by the caller, released with ior_command_free(); must
 * not be NULL; set to NULL on failure.
 * @param argv the command and its arguments, ended by NULL; argv[0] must not be NULL.
 * Borrowed for the call.
 * @param opts options, or NULL for the defaults.
 * @return 0; -EINVAL (NULL or empty argv, bad opts); the negative errno of pipe() or fork()
 * (-EAGAIN, -ENOMEM, -EMFILE...).
 */
IOR_API int ior_command_new(ior_command **out, const char *const *argv,
                            const ior_command_opts *opts);

/**
 * @brief **ior_command_pid()** returns the child's process id: the target to trace.
 *
 * @param command the command, or NULL (which gives -EINVAL).
 */
IOR_API int32_t ior_command_pid(const ior_command *command);

/**
 * @brief **ior_command_release()** lets the child run its command, and returns once it has
 * (exec succeeded) or could not.
 *
 * @param command the command; must not be NULL.
 * @return 0; the negative errno of a command that could not run: -ENOENT (not found), -EACCES
 * (not executable), ... or of a `cwd` it could not change to (ior_last_error() says which);
 * the child then exits with 127 (not found) or 126, which ior_command_wait() reports;
 * IOR_ESTATE if it was already released; -EINVAL (NULL).
 */
IOR_API int ior_command_release(ior_command *command);

/**
 * @brief **ior_command_wait()** waits for the child to end and reaps it.
 *
 * @param command the command; must not be NULL.
 * @param timeout_ms how long to wait: 0 only checks, a negative value waits until it ends.
 * @param exit_code receives, once the child has ended, its exit status, or 128 + the number of
 * the signal that killed it (as a shell's $? has it); may be NULL.
 * @return 0 once it has ended (later calls return 0 and the same code); -EAGAIN if it still
 * runs after `timeout_ms`; -EINVAL (NULL). A child never released is not waited for: release
 * it first, or free it (IOR_ESTATE).
 */
IOR_API int ior_command_wait(ior_command *command, int timeout_ms, int *exit_code);

/**
 * @brief **ior_command_kill()** sends `sig` (SIGTERM, SIGKILL, ...) to the child if it has not
 * been reaped yet.
 *
 * @param command the command; must not be NULL.
 * @return 0 (also when the child was already reaped), or -EINVAL (NULL, or `sig` not in
 * 1..64).
 */
IOR_API int ior_command_kill(ior_command *command, int sig);

/**
 * @brief **ior_command_free()** releases the command. A child never released exits without
 * running anything and is reaped; a child still running is left alone (neither killed nor
 * reaped: wait for it, or kill and wait, first).
 *
 * @param command the command, or NULL (a no-op).
 */
IOR_API void ior_command_free(ior_command *command);

#ifdef __cplusplus
}
#endif

#endif /* IOR_IOR_COMMAND_H_ */
