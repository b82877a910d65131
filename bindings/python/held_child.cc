#include "held_child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace ior::python {
namespace {

constexpr int kNeverReleasedExit = 125;

void CloseIfOpen(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// Runs in the forked child: async-signal-safe calls only, and never returns.
[[noreturn]] void ChildMain(int go_fd, int exec_fd, char* const* argv) {
  // The parent's handlers (Python's among them) must not run here: back to the defaults. Of
  // the ignored signals, only those Python ignores for itself are restored (as subprocess
  // does); others were ignored on purpose by whoever started Python (nohup) and stay so.
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    struct sigaction old = {};
    if (sigaction(sig, nullptr, &old) != 0) continue;
    if (old.sa_handler != SIG_IGN || sig == SIGPIPE || sig == SIGXFSZ) {
      sigaction(sig, &dfl, nullptr);
    }
  }
  sigset_t empty;
  sigemptyset(&empty);
  sigprocmask(SIG_SETMASK, &empty, nullptr);
  char go = 0;
  ssize_t n;
  do {
    n = read(go_fd, &go, 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1) _exit(kNeverReleasedExit);
  execvp(argv[0], argv);
  const int err = errno;
  ssize_t ignored = write(exec_fd, &err, sizeof(err));
  (void)ignored;
  _exit(err == ENOENT ? 127 : 126);
}

}  // namespace

absl::StatusOr<std::unique_ptr<HeldChild>> HeldChild::Spawn(const std::vector<std::string>& argv) {
  if (argv.empty()) return absl::InvalidArgumentError("the command is empty");
  // Everything the child needs is allocated before fork.
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  int go[2];
  int exec[2];
  if (pipe2(go, O_CLOEXEC) != 0) return absl::ErrnoToStatus(errno, "cannot create a pipe");
  if (pipe2(exec, O_CLOEXEC) != 0) {
    const int err = errno;
    close(go[0]);
    close(go[1]);
    return absl::ErrnoToStatus(err, "cannot create a pipe");
  }
  const pid_t pid = fork();
  if (pid < 0) {
    const int err = errno;
    for (int fd : {go[0], go[1], exec[0], exec[1]}) close(fd);
    return absl::ErrnoToStatus(err, "cannot fork");
  }
  if (pid == 0) {
    close(go[1]);
    close(exec[0]);
    ChildMain(go[0], exec[1], args.data());
  }
  close(go[0]);
  close(exec[1]);
  return std::unique_ptr<HeldChild>(new HeldChild(pid, go[1], exec[0], argv[0]));
}

HeldChild::~HeldChild() {
  if (go_fd_ >= 0) {
    CloseIfOpen(go_fd_);  // the child reads EOF and exits
  } else {
    Kill(SIGKILL);
  }
  CloseIfOpen(exec_fd_);
  Wait();
}

absl::Status HeldChild::Release() {
  if (go_fd_ < 0) return absl::FailedPreconditionError("the command was already released");
  const char go = 1;
  ssize_t w;
  do {
    w = write(go_fd_, &go, 1);
  } while (w < 0 && errno == EINTR);
  CloseIfOpen(go_fd_);
  int err = 0;
  ssize_t n;
  do {
    n = read(exec_fd_, &err, sizeof(err));
  } while (n < 0 && errno == EINTR);
  CloseIfOpen(exec_fd_);
  if (n == static_cast<ssize_t>(sizeof(err))) {
    return absl::ErrnoToStatus(err, absl::StrCat("cannot run '", command_, "'"));
  }
  return absl::OkStatus();
}

void HeldChild::Record(int wait_status) {
  reaped_ = true;
  if (WIFEXITED(wait_status)) {
    exit_code_ = WEXITSTATUS(wait_status);
  } else if (WIFSIGNALED(wait_status)) {
    exit_code_ = 128 + WTERMSIG(wait_status);
  } else {
    exit_code_ = 1;
  }
}

bool HeldChild::TryReap() {
  if (reaped_) return true;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    Record(status);
  } else if (r < 0 && errno == ECHILD) {
    reaped_ = true;  // reaped elsewhere (a SIGCHLD handler): the status is lost
  }
  return reaped_;
}

void HeldChild::Kill(int sig) {
  if (!reaped_) kill(pid_, sig);
}

void HeldChild::Wait() {
  while (!reaped_) {
    int status = 0;
    const pid_t r = waitpid(pid_, &status, 0);
    if (r == pid_) {
      Record(status);
    } else if (r < 0 && errno != EINTR) {
      reaped_ = true;
    }
  }
}

int HeldChild::exit_code() const { return reaped_ ? exit_code_ : -1; }

}  // namespace ior::python
