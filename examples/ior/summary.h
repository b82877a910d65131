// The end-of-run report ior prints on stderr (ior::RunReport), and writes as JSON with
// -summary-json FILE.
#ifndef IOR_EXAMPLES_IOR_SUMMARY_H_
#define IOR_EXAMPLES_IOR_SUMMARY_H_

#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "ior/event.h"
#include "ior/run_report.h"
#include "ior/stats.h"

namespace ior::cli {

class Summary {
 public:
  // `json_path`: -summary-json's file, empty for none. `rows`: false when the session makes
  // no rows (-summary-only): the figures of rows are then unknown, not 0.
  explicit Summary(std::string json_path, bool rows = true)
      : json_path_(std::move(json_path)), rows_(rows) {}

  // Whether the JSON file can be written (checked before the trace starts).
  absl::Status Check() const {
    return json_path_.empty() ? absl::OkStatus() : CheckRunReportJsonPath(json_path_);
  }

  // Every delivered batch, whatever the output mode.
  void Write(const EventBatch& batch) { sink_.Write(batch); }

  // Prints the report on `out` and writes the JSON file if one was asked for. Error: the JSON
  // file's.
  absl::Status Finish(const SessionStats& stats, FILE* out) const;

 private:
  std::string json_path_;
  bool rows_;
  RunReportSink sink_;
};

// The report of figures alone (no rows: `ior report FILE.parquet`). Ends with a newline.
std::string FormatSummary(const SessionStats& stats);

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_SUMMARY_H_
