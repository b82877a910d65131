// A command started in a child process that waits, before exec, until the tracer is ready:
// ior.trace() forks it, starts a session on its pid, then lets it exec, so that the command's
// very first system call (its execve) is traced.
//
//   auto child = HeldChild::Spawn({"/bin/ls", "/"});      // forked, blocked on a pipe
//   ... start a session with pids = {(*child)->pid()} ...
//   absl::Status s = (*child)->Release();                 // exec'd, or why not
//   while (!(*child)->TryReap()) { ... }
//   int code = (*child)->exit_code();
//
// The child runs only async-signal-safe code between fork and exec, so spawning from a
// process with other threads (Python's, a session's drain thread) is safe. Not thread-safe:
// one thread drives a HeldChild.
#ifndef IOR_BINDINGS_PYTHON_HELD_CHILD_H_
#define IOR_BINDINGS_PYTHON_HELD_CHILD_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ior::python {

class HeldChild {
 public:
  // Forks a child that will execvp(argv[0], argv) once released, with default signal
  // dispositions and an empty signal mask. InvalidArgument if `argv` is empty; the errno of
  // pipe2()/fork() otherwise.
  static absl::StatusOr<std::unique_ptr<HeldChild>> Spawn(const std::vector<std::string>& argv);

  // A child never released exits (status 125) without running anything and is reaped. A
  // released child still running gets SIGKILL and is reaped: nothing outlives its HeldChild.
  ~HeldChild();
  HeldChild(const HeldChild&) = delete;
  HeldChild& operator=(const HeldChild&) = delete;

  pid_t pid() const { return pid_; }

  // Lets the child exec and waits until it has (or has failed to). If execvp failed, returns
  // the errno as a status ("cannot run 'foo': No such file or directory", NotFound for ENOENT)
  // and the child exits with 127. FailedPrecondition if called twice.
  absl::Status Release();

  // Reaps the child if it has ended; never blocks. True once reaped.
  bool TryReap();
  // Sends `sig` unless the child has been reaped.
  void Kill(int sig);
  // Blocks until the child has ended and reaps it.
  void Wait();

  // Shell-style status of a reaped child: its exit code, or 128 + the terminating signal;
  // -1 before it is reaped.
  int exit_code() const;

 private:
  HeldChild(pid_t pid, int go_fd, int exec_fd, std::string command)
      : pid_(pid), go_fd_(go_fd), exec_fd_(exec_fd), command_(std::move(command)) {}
  void Record(int wait_status);

  pid_t pid_;
  int go_fd_;    // write end the child waits on; -1 once released
  int exec_fd_;  // read end: EOF when exec succeeded, an errno when it failed; -1 once read
  std::string command_;
  bool reaped_ = false;
  int exit_code_ = -1;
};

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_HELD_CHILD_H_
