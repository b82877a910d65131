#include "csv_stdout.h"

#include <unistd.h>

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace ior::cli {

CsvStdout::CsvStdout(std::function<void()> tick)
    : csv_(&text_), out_(STDOUT_FILENO, std::move(tick)) {}

bool CsvStdout::Ship() {
  (void)csv_.Flush();  // into text_
  if (!text_.empty()) {
    (void)out_.Write(text_);
    text_.clear();
  }
  return out_.status().ok();
}

void CsvStdout::WriteHeader() {
  csv_.WriteHeader();
  header_ = true;
  Ship();
}

bool CsvStdout::Write(const EventBatch& batch) {
  if (!out_.status().ok()) return false;
  csv_.Write(batch);
  return Ship();
}

uint64_t CsvStdout::rows_written() const {
  const uint64_t lines = out_.lines_written();
  return header_ && lines > 0 ? lines - 1 : lines;
}

std::string FormatOutputLine(uint64_t written, uint64_t rows, const absl::Status& status) {
  if (written >= rows && status.ok()) return "";
  std::string reason;
  // An OK status with rows missing: the stop bound ended the writing, as DeadlineExceeded says.
  if (!status.ok() && status.code() != absl::StatusCode::kDeadlineExceeded) {
    reason = std::string(status.message());
  } else {
    reason = "stopped: not written within 1 s of the stop signal";
  }
  return absl::StrCat("Output: ", written, " of ", rows, " rows written; ",
                      rows > written ? rows - written : 0, " not written (", reason, ")\n");
}

}  // namespace ior::cli
