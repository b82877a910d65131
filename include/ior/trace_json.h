// ior::TraceJsonSink: a timeline of the traced calls in the Chrome trace-event JSON format,
// which Perfetto (ui.perfetto.dev, "Open trace file") and chrome://tracing load.
//
//   auto sink = ior::TraceJsonSink::Create("run.json");
//   session->Poll(timeout, [&](const ior::EventBatch& batch) { (*sink)->Write(batch); return 0; });
//   absl::Status s = (*sink)->Close();
//
// What it holds (one JSON object: {"traceEvents": [...], "displayTimeUnit": "ns",
// "otherData": {...}}):
//   - one complete slice ("ph": "X") per call on its thread's track (pid, tid): "name" the
//     syscall, "cat" its family, "ts" and "dur" in microseconds with the nanoseconds as
//     decimals (ts is CLOCK_BOOTTIME at enter), "args" {"file", "ret", "errno" (failed calls),
//     "bytes" (when non-zero)}; calls that never return (exit, exit_group) have no ret;
//   - "process_name" and "thread_name" metadata events ("ph": "M") from the comm, written when
//     a process or thread is first seen and again when its comm changes (after an exec);
//   - instant events ("ph": "i", thread scope) "exec", "fork" and "exit" for successful
//     execve/execveat, clone/clone3/fork/vfork in the parent, exit/exit_group.
// Text is valid UTF-8 (bytes that are not are written as `\xHH`) and JSON-escaped.
//
// Big traces: the file is written as it goes (no whole-run buffering; memory is the set of
// processes and threads seen). With TraceJsonOptions::max_events, slices past the cap are not
// written but counted (events_dropped()); the file then ends with an instant event on pid 0
// and an "otherData" note that say how many calls are missing.
//
// Publishing: written to "<path>.tmp", renamed to `path` by Close() (or the destructor), so
// `path` is either absent or a complete JSON document.
//
// Threads: not thread-safe; call from one thread. Never prints, never throws.
#ifndef IOR_INCLUDE_IOR_TRACE_JSON_H_
#define IOR_INCLUDE_IOR_TRACE_JSON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ior/event.h"

namespace ior {

struct TraceJsonOptions {
  // Replace an existing file at the path; when false, Create() fails with AlreadyExists.
  bool overwrite = true;
  // Most slices written (0 = no cap). Metadata and instant events do not count.
  uint64_t max_events = 0;
};

class TraceJsonSink {
 public:
  // Opens "<path>.tmp". Errors: InvalidArgument (empty path), AlreadyExists (see overwrite),
  // or the errno of opening the file.
  static absl::StatusOr<std::unique_ptr<TraceJsonSink>> Create(const std::string& path,
                                                               TraceJsonOptions options = {});
  // Close()s the sink if the caller did not.
  ~TraceJsonSink();
  TraceJsonSink(const TraceJsonSink&) = delete;
  TraceJsonSink& operator=(const TraceJsonSink&) = delete;

  // Appends the events of `batch`. Never fails: after a write error events are counted as
  // dropped and status() says why.
  void Write(const EventBatch& batch);

  // Ends the JSON document, renames the file into place. Idempotent. On error the temporary
  // file is removed.
  absl::Status Close();

  const std::string& path() const;
  uint64_t events_written() const;  // slices in the file
  uint64_t events_dropped() const;  // calls not written (cap or write error)
  absl::Status status() const;

 private:
  struct State;
  explicit TraceJsonSink(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_TRACE_JSON_H_
