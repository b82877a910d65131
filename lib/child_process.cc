#include "ior/child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "ior/error.h"

namespace ior {
namespace {

// Exit status of a child that was never released (ior gave up before running it).
constexpr int kAbortedExit = 125;
// What a child reports before exiting in place of its command: which step failed.
constexpr int kStageExec = 0;
constexpr int kStageCwd = 1;

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::SpawnCommand(
    const std::vector<std::string>& argv, const Options& options) {
  if (argv.empty()) return absl::InvalidArgumentError("no command to run");
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // Built before the fork: the child may not allocate.
  std::vector<char*> env;
  if (options.env.has_value()) {
    for (const std::string& e : *options.env) env.push_back(const_cast<char*>(e.c_str()));
    env.push_back(nullptr);
  }
  return Spawn(args.data(), options.env.has_value() ? env.data() : nullptr, nullptr, argv[0],
               options);
}

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::SpawnFunction(int (*fn)(),
                                                                          const Options& options) {
  return Spawn(nullptr, nullptr, fn, "the demo workload", options);
}

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(char* const* argv,
                                                                  char* const* envp, int (*fn)(),
                                                                  std::string name,
                                                                  const Options& options) {
  const int stdout_fd = options.stdout_fd;
  const int stdin_fd = options.stdin_fd;
  const char* cwd = options.cwd.empty() ? nullptr : options.cwd.c_str();
  int release[2];
  int exec_error[2];
  if (pipe2(release, O_CLOEXEC) != 0) return ErrnoStatus(errno, "cannot create a pipe");
  if (pipe2(exec_error, O_CLOEXEC) != 0) {
    int err = errno;
    close(release[0]);
    close(release[1]);
    return ErrnoStatus(err, "cannot create a pipe");
  }
  std::fflush(nullptr);  // nothing buffered may be written twice
  const pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    for (int fd : {release[0], release[1], exec_error[0], exec_error[1]}) close(fd);
    return ErrnoStatus(err, "cannot fork");
  }
  if (pid == 0) {
    // Child: async-signal-safe calls only from here on.
    close(release[1]);
    close(exec_error[0]);
    struct sigaction dfl = {};
    dfl.sa_handler = SIG_DFL;
    for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT}) sigaction(sig, &dfl, nullptr);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (stdout_fd >= 0 && stdout_fd != STDOUT_FILENO && dup2(stdout_fd, STDOUT_FILENO) < 0) {
      _exit(kAbortedExit);
    }
    if (stdin_fd >= 0 && stdin_fd != STDIN_FILENO && dup2(stdin_fd, STDIN_FILENO) < 0) {
      _exit(kAbortedExit);
    }
    // A function child has no exec to report. Close before waiting, so that nothing but the
    // workload itself is traced (the exec closes the CLOEXEC pipe ends of a command).
    if (fn != nullptr) close(exec_error[1]);
    char go = 0;
    ssize_t n;
    do {
      n = read(release[0], &go, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) _exit(kAbortedExit);
    // What failed goes back to Release() as {stage, errno}.
    int failure[2] = {kStageExec, 0};
    if (cwd != nullptr && chdir(cwd) != 0) {
      failure[0] = kStageCwd;
      failure[1] = errno;
      ssize_t ignored = write(exec_error[1], failure, sizeof(failure));
      (void)ignored;
      _exit(126);
    }
    if (fn != nullptr) _exit(fn());
    if (envp != nullptr) {
      execvpe(argv[0], argv, envp);
    } else {
      execvp(argv[0], argv);
    }
    failure[1] = errno;
    ssize_t ignored = write(exec_error[1], failure, sizeof(failure));
    (void)ignored;
    _exit(failure[1] == ENOENT ? 127 : 126);
  }
  close(release[0]);
  close(exec_error[1]);
  return std::unique_ptr<ChildProcess>(
      new ChildProcess(pid, release[1], exec_error[0], std::move(name), options.cwd));
}

ChildProcess::~ChildProcess() {
  if (release_fd_ >= 0) Abort();
  CloseFd(exec_error_fd_);
}

absl::Status ChildProcess::Release() {
  if (release_fd_ < 0) return absl::FailedPreconditionError("the child was already released");
  const char go = 1;
  ssize_t w;
  do {
    w = write(release_fd_, &go, 1);
  } while (w < 0 && errno == EINTR);
  CloseFd(release_fd_);
  int failure[2] = {0, 0};
  ssize_t n;
  do {
    n = read(exec_error_fd_, failure, sizeof(failure));
  } while (n < 0 && errno == EINTR);
  CloseFd(exec_error_fd_);
  if (n == static_cast<ssize_t>(sizeof(failure))) {
    if (failure[0] == kStageCwd) {
      return ErrnoStatus(failure[1], absl::StrCat("cannot run '", name_, "' in '", cwd_, "'"));
    }
    return ErrnoStatus(failure[1], absl::StrCat("cannot run '", name_, "'"));
  }
  return absl::OkStatus();
}

void ChildProcess::Abort() {
  if (release_fd_ < 0) return;
  CloseFd(release_fd_);  // the child reads EOF and exits
  Wait();
}

bool ChildProcess::TryReap() {
  if (reaped_) return true;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    reaped_ = true;
    wait_status_ = status;
  } else if (r < 0 && errno == ECHILD) {
    reaped_ = true;  // someone else reaped it; the status is unknown
    wait_status_ = 0;
  }
  return reaped_;
}

void ChildProcess::Wait() {
  while (!reaped_) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, 0);
    if (r == pid_) {
      reaped_ = true;
      wait_status_ = status;
    } else if (r < 0 && errno != EINTR) {
      reaped_ = true;
      wait_status_ = 0;
    }
  }
}

void ChildProcess::Kill(int sig) {
  if (!reaped_) kill(pid_, sig);
}

void ChildProcess::Terminate(absl::Duration grace) {
  if (TryReap()) return;
  Kill(SIGTERM);
  const absl::Time deadline = absl::Now() + grace;
  while (!TryReap()) {
    if (absl::Now() >= deadline) {
      Kill(SIGKILL);
      Wait();
      return;
    }
    usleep(10 * 1000);
  }
}

int ChildProcess::ExitCode() const {
  if (!reaped_) return -1;
  if (WIFEXITED(wait_status_)) return WEXITSTATUS(wait_status_);
  if (WIFSIGNALED(wait_status_)) return 128 + WTERMSIG(wait_status_);
  return 1;
}

}  // namespace ior
