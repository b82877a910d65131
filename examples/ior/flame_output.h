// The -flamegraph mode of the ior CLI: events go into a FlameAggregator instead of the CSV, and
// the end of the run writes the `.ior.zst` recording into the working directory.
#ifndef IOR_EXAMPLES_IOR_FLAME_OUTPUT_H_
#define IOR_EXAMPLES_IOR_FLAME_OUTPUT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "flags.h"
#include "ior/event.h"
#include "ior/flame.h"
#include "ior/stats.h"

namespace ior::cli {

class FlameOutput {
 public:
  // Checks, before any tracing, that the recording can be written at the end: the name is
  // valid and the working directory takes new files. Errors are one sentence.
  static absl::StatusOr<std::unique_ptr<FlameOutput>> Create(const Flags& flags,
                                                             std::string tool_version);

  // Adds a batch. Prints, once, a notice on stderr when folding starts.
  void Add(const EventBatch& batch);

  // Writes the recording with the session's final `stats` and prints "Wrote <file> (...)" on
  // stderr. Returns the error otherwise (the caller prints it).
  absl::Status Finish(const SessionStats& stats);

 private:
  FlameOutput(const Flags& flags, std::string tool_version);

  const Flags& flags_;
  std::string tool_version_;
  int64_t start_unix_ns_;
  FlameAggregator flame_;
  bool fold_noticed_ = false;
};

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_FLAME_OUTPUT_H_
