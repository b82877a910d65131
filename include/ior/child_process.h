// A child process started held back, so that tracing is ready before its first system
// call: fork, then the child blocks on a pipe until Release(), then it runs a command (execvp)
// or a function.
//
//   auto child = ChildProcess::SpawnCommand({"/bin/ls", "/"});
//   ... start a session with pids = {(*child)->pid()} ...
//   absl::Status exec = (*child)->Release();   // NotFound etc. if execvp failed
//   while (!(*child)->TryReap()) ...
//   int code = (*child)->ExitCode();
//
// Fork before starting any thread (the library's session threads included): the child runs
// only async-signal-safe code before exec.
#ifndef IOR_INCLUDE_IOR_CHILD_PROCESS_H_
#define IOR_INCLUDE_IOR_CHILD_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ior {

class ChildProcess {
 public:
  struct Options {
    // When >= 0, the child's stdout (descriptor 1) is made a copy of this descriptor before it
    // runs, e.g. STDERR_FILENO so that its output does not mix with a CSV on stdout. -1: the
    // child shares the parent's stdout.
    int stdout_fd = -1;
    // When >= 0, the child's stdin (descriptor 0) is made a copy of this descriptor before it
    // runs. -1: the child shares the parent's stdin.
    int stdin_fd = -1;
    // The command's whole environment ("NAME=value" entries), instead of the parent's. The
    // command is still looked up in the parent's PATH. Commands only (not functions).
    std::optional<std::vector<std::string>> env;
    // The directory the child changes to before it runs. Empty: the parent's. A relative
    // command path ("./run.sh") is relative to it.
    std::string cwd;
  };

  // Forks a held-back child that will execvp(argv[0], argv). `argv` must not be empty.
  // Errors: the errno of pipe() or fork().
  static absl::StatusOr<std::unique_ptr<ChildProcess>> SpawnCommand(
      const std::vector<std::string>& argv, const Options& options);
  static absl::StatusOr<std::unique_ptr<ChildProcess>> SpawnCommand(
      const std::vector<std::string>& argv) {
    return SpawnCommand(argv, Options());
  }

  // Forks a held-back child that will run `fn` and _exit() with its result.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> SpawnFunction(int (*fn)(),
                                                                     const Options& options);
  static absl::StatusOr<std::unique_ptr<ChildProcess>> SpawnFunction(int (*fn)()) {
    return SpawnFunction(fn, Options());
  }

  // A child that was never released is told to exit without running anything, and reaped. A
  // released child that still runs is left alone (it is not killed).
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Lets the child go on and waits until it has exec'd (or started its function). If execvp
  // failed the child exits with 127 (command not found) or 126, and the error comes back here:
  // "cannot run 'foo': No such file or directory" with the code of the errno; if it could not
  // change to Options::cwd, it exits with 126 and the error names the directory. Call once.
  absl::Status Release();

  // Makes a never-released child exit without running anything, and reaps it.
  void Abort();

  // Reaps the child if it has ended, without waiting. True once it has been reaped.
  bool TryReap();
  // Waits until the child has ended and reaps it.
  void Wait();
  // Sends `sig` to the child if it has not been reaped yet.
  void Kill(int sig);
  // Ends a child that still runs: SIGTERM, then SIGKILL if it has not exited after `grace`;
  // returns once it is reaped. A child that ignores SIGTERM is killed after `grace`.
  void Terminate(absl::Duration grace);

  bool reaped() const { return reaped_; }
  // Shell-style exit code of a reaped child: its exit status, or 128 + the signal that killed
  // it. -1 before it has been reaped.
  int ExitCode() const;

 private:
  ChildProcess(pid_t pid, int release_fd, int exec_error_fd, std::string name, std::string cwd)
      : pid_(pid),
        release_fd_(release_fd),
        exec_error_fd_(exec_error_fd),
        name_(std::move(name)),
        cwd_(std::move(cwd)) {}
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Spawn(char* const* argv, char* const* envp,
                                                             int (*fn)(), std::string name,
                                                             const Options& options);

  pid_t pid_;
  int release_fd_;     // parent's end of the pipe the child waits on; -1 once released
  int exec_error_fd_;  // reads the child's execvp errno; EOF when exec succeeded
  std::string name_;   // for messages
  std::string cwd_;    // Options::cwd, for messages
  bool reaped_ = false;
  int wait_status_ = 0;
};

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_CHILD_PROCESS_H_
