// R: a Parquet recording (ior::ParquetSink) of the rows that pass the dashboard's filter, from
// the key press until R again or quit. R prompts for the file name with a default,
// ior-recording-<YYYYMMDD-HHMMSS>.parquet in the current directory: the default never
// overwrites a file (-1, -2... appended), a name typed by the user replaces one, as in the
// original. The sink queues on a
// thread of its own, so a slow disk sheds rows (counted in the file) instead of slowing the
// drain.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_RECORDER_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_RECORDER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ior/event.h"
#include "ior/parquet.h"
#include "ior/stats.h"

namespace ior::dashboard {

// The events of `batch` whose entry in `keep` is non-zero, with their strings.
EventBatch CopyKept(const EventBatch& batch, const std::vector<uint8_t>& keep);

class Recorder {
 public:
  ~Recorder();

  // The default name for a recording started now.
  static std::string DefaultName();
  // Opens a new recording in `path`; `replace`: an existing file is replaced, else a suffix is
  // appended. FailedPrecondition if one is running, else the sink's errors.
  absl::Status Start(const std::string& version, const std::string& path, bool replace);
  // Ends the recording: the session's figures in the footer, the file published. Returns the
  // line to show ("Wrote FILE: N rows").
  absl::StatusOr<std::string> Stop(const SessionStats& stats);

  // Thread-safe: called by the drain thread.
  void Write(const EventBatch& batch);
  bool active() const { return active_.load(std::memory_order_relaxed); }
  // "REC FILE (N rows)" while recording, else "".
  std::string Describe() const;

 private:
  mutable std::mutex mu_;
  std::unique_ptr<ParquetSink> sink_;  // guarded by mu_
  std::atomic<bool> active_{false};
};

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_RECORDER_H_
