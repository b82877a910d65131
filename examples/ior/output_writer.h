// Where ior's CSV goes: stdout, written so that a full disk, a reader that went away or a
// reader that stops reading never goes unnoticed and never holds ior past its stop deadline.
#ifndef IOR_EXAMPLES_IOR_OUTPUT_WRITER_H_
#define IOR_EXAMPLES_IOR_OUTPUT_WRITER_H_

#include <cstdint>
#include <functional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace ior::cli {

// Run first in main(). A closed stdout (`ior >&-`) is an error: the CSV has nowhere to go, and
// the next descriptor ior opened would become descriptor 1 and receive it. A closed stdin or
// stderr is opened on /dev/null, so that ior's own descriptors never take those numbers.
absl::Status CheckStandardDescriptors();

class OutputWriter {
 public:
  // Writes to descriptor `fd` (1). `tick` is called while a write waits for the reader (at least
  // every 100 ms), e.g. to notice a signal and set a deadline.
  OutputWriter(int fd, std::function<void()> tick);
  ~OutputWriter();
  OutputWriter(const OutputWriter&) = delete;
  OutputWriter& operator=(const OutputWriter&) = delete;

  // Writes all of `data`, waiting for a slow reader, until the deadline. Returns status():
  // after an error (ENOSPC, EPIPE: "the reader closed the output", the deadline passed) further
  // data is discarded.
  absl::Status Write(std::string_view data);

  // After this time a write that waits gives up (DeadlineExceeded). Default: none.
  void set_deadline(absl::Time deadline) { deadline_ = deadline; }
  absl::Time deadline() const { return deadline_; }

  const absl::Status& status() const { return status_; }
  // Lines (CSV rows, the header included) that reached the output in full.
  uint64_t lines_written() const { return lines_written_; }

 private:
  // One write(); the bytes written, 0 if it would block, -1 on an error (in status_).
  ssize_t WriteOnce(std::string_view data);

  int fd_;           // where bytes go: `fd` itself, or a non-blocking description of it
  int own_fd_ = -1;  // that description when ior opened one
  bool socket_ = false;
  std::function<void()> tick_;
  absl::Time deadline_ = absl::InfiniteFuture();
  absl::Status status_;
  uint64_t lines_written_ = 0;
};

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_OUTPUT_WRITER_H_
