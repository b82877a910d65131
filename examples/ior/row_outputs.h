// The CLI's file outputs of every row: -parquet FILE (ior::ParquetSink) and -trace-json FILE
// (ior::TraceJsonSink). Either replaces the CSV on stdout.
#ifndef IOR_EXAMPLES_IOR_ROW_OUTPUTS_H_
#define IOR_EXAMPLES_IOR_ROW_OUTPUTS_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "flags.h"
#include "ior/event.h"
#include "ior/parquet.h"
#include "ior/stats.h"
#include "ior/trace_json.h"

namespace ior::cli {

class RowOutputs {
 public:
  // Opens the files the flags name (none: an inactive object). Errors: the sinks' Create().
  static absl::StatusOr<std::unique_ptr<RowOutputs>> Create(const Flags& flags,
                                                            std::string_view version);

  // Whether any file output is on (then the CSV is off).
  bool active() const { return parquet_ != nullptr || trace_json_ != nullptr; }

  // Never fails: the sinks count what they could not write.
  void Write(const EventBatch& batch);

  // Puts the session's figures in the Parquet footer, closes the files (publishing them) and
  // prints one line per file on stderr ("Wrote FILE: N rows", with what was shed or capped).
  // The first error, if any. The destructor closes files not finished this way (so an early
  // return still leaves complete files).
  absl::Status Finish(const SessionStats& stats);

 private:
  std::unique_ptr<ParquetSink> parquet_;
  std::unique_ptr<TraceJsonSink> trace_json_;
  uint64_t flags_max_events_ = 0;  // -trace-json-max-events, for the note
};

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_ROW_OUTPUTS_H_
