#include "output_writer.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "ior/error.h"

namespace ior::cli {
namespace {

constexpr absl::Duration kWaitRound = absl::Milliseconds(100);

bool IsOpen(int fd) { return fcntl(fd, F_GETFD) != -1 || errno != EBADF; }

}  // namespace

absl::Status CheckStandardDescriptors() {
  for (int fd : {STDIN_FILENO, STDERR_FILENO}) {
    if (IsOpen(fd)) continue;
    // open() takes the lowest free number: this very descriptor.
    const int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0 && null_fd != fd) close(null_fd);
  }
  if (!IsOpen(STDOUT_FILENO)) {
    return absl::FailedPreconditionError(
        "stdout is closed: ior writes the CSV there; redirect it to a file or /dev/null");
  }
  return absl::OkStatus();
}

OutputWriter::OutputWriter(int fd, std::function<void()> tick) : fd_(fd), tick_(std::move(tick)) {
  // A pipe or a terminal can block a write for as long as its reader wants. A description of
  // our own, opened non-blocking through /proc, lets ior wait with a deadline without changing
  // the flags of the description the shell (and the command) share.
  struct stat st;
  if (fstat(fd, &st) != 0) return;
  if (S_ISSOCK(st.st_mode)) {
    socket_ = true;  // send(MSG_DONTWAIT) does not block
  } else if (S_ISFIFO(st.st_mode) || isatty(fd)) {
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    own_fd_ = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (own_fd_ >= 0) {
      fd_ = own_fd_;
    } else if (errno == ENXIO) {
      status_ = ErrnoStatus(EPIPE, "the reader closed the output");  // a FIFO, no reader
    }
  }
}

OutputWriter::~OutputWriter() {
  if (own_fd_ >= 0) close(own_fd_);
}

ssize_t OutputWriter::WriteOnce(std::string_view data) {
  for (;;) {
    const ssize_t n = socket_ ? send(fd_, data.data(), data.size(), MSG_DONTWAIT | MSG_NOSIGNAL)
                              : write(fd_, data.data(), data.size());
    if (n >= 0) return n;
    if (errno == EINTR) return 0;  // a signal: the caller ticks and looks at the deadline
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    status_ = errno == EPIPE ? ErrnoStatus(EPIPE, "the reader closed the output")
                             : ErrnoStatus(errno, "cannot write the CSV output");
    return -1;
  }
}

absl::Status OutputWriter::Write(std::string_view data) {
  while (status_.ok() && !data.empty()) {
    const ssize_t n = WriteOnce(data);
    if (n < 0) break;
    if (n > 0) {
      lines_written_ += std::count(data.data(), data.data() + n, '\n');
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (tick_) tick_();
    const absl::Time now = absl::Now();
    if (now >= deadline_) {
      status_ = absl::DeadlineExceededError("the reader did not take the rows in time");
      break;
    }
    pollfd p = {fd_, POLLOUT, 0};
    const absl::Duration wait = std::min(kWaitRound, deadline_ - now);
    (void)poll(
        &p, 1,
        static_cast<int>(absl::ToInt64Milliseconds(absl::Ceil(wait, absl::Milliseconds(1)))));
  }
  return status_;
}

}  // namespace ior::cli
