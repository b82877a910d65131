// The CSV on stdout: rows formatted by ior::CsvWriter, written by an OutputWriter (bounded
// waits, errors kept), and counted, so that the summary can say how many rows were written.
#ifndef IOR_EXAMPLES_IOR_CSV_STDOUT_H_
#define IOR_EXAMPLES_IOR_CSV_STDOUT_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "ior/csv.h"
#include "ior/event.h"
#include "output_writer.h"

namespace ior::cli {

class CsvStdout {
 public:
  // `tick`: see OutputWriter.
  explicit CsvStdout(std::function<void()> tick);

  void WriteHeader();
  // Formats and writes the rows of `batch`. False once the output has failed (see status()).
  bool Write(const EventBatch& batch);

  const absl::Status& status() const { return out_.status(); }
  OutputWriter& writer() { return out_; }
  // Rows that reached stdout in full, the header not included.
  uint64_t rows_written() const;

 private:
  bool Ship();

  std::string text_;  // formatted, not yet written
  CsvWriter csv_;
  OutputWriter out_;
  bool header_ = false;
};

// "Output: 5 of 31230 rows written; 31225 not written (the reader closed the output)\n", or ""
// when every row of `rows` was written.
std::string FormatOutputLine(uint64_t written, uint64_t rows, const absl::Status& status);

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_CSV_STDOUT_H_
