// `.ior.zst` recordings: a FlameAggregator with what a reader needs to trust it (host, times,
// selection, sampling rates with the kernel's exact totals, loss and degrade figures, folds),
// in one zstd-compressed file. `ior -flamegraph` writes one; `ior collapsed`, `ior svg` and
// `ior report` read it.
//
//   ior::RecordingInfo info = ...;                        // host, times, stats, ...
//   absl::StatusOr<std::string> file = ior::PublishRecording(".", "default", info, flame);
//   absl::StatusOr<ior::Recording> back = ior::ReadRecording(*file);
//
// FORMAT, version 3. Older versions are still read: version 2 has no degrade figures (the
// fields marked "v3" below; read as 0), version 1 neither, and it stored 40 log2 histogram
// buckets instead of kHistogramBuckets log-linear ones (its counts are read into the buckets
// of their ranges' lower bounds). A change of the layout takes a new version, and the reader
// keeps reading every older one. The file is a zstd frame (with zstd's content checksum) whose
// decompressed bytes are:
//
//   magic        8 bytes  "IORFLAME"
//   version      varint   3; a reader refuses versions it does not know
//   header       tool_version, host, name, selection: strings
//                start_unix_ns, end_unix_ns: varints (wall clock, UTC nanoseconds)
//                max_keys, folds.pidless, folds.other: varints
//                loss: kernel_count, sampled_out, decoded, delivered, filtered, queued,
//                      dropped, exits_without_enter, state_unavailable, control_dropped,
//                      v3: degraded, degrade_windows_dropped: varints
//   windows      v3: varint n, then n × (start_ns, end_ns, calls, min_one_in): varints; the
//                session's degrade windows (SessionStats::degrade_windows), oldest first
//   names        varint n, then n × (nr varint, name string): the syscall names the writer's
//                numbers stand for; records and stats refer to a syscall by its index here,
//                so a file recorded on one kernel reads on another
//   stats        varint n, then n × (name index, sample_rate, count, errors, sampled_out,
//                delivered, latency_sum_ns, latency_min_ns, latency_max_ns, then
//                kHistogramBuckets latency histogram counts, see ior/latency_histogram.h,
//                then v3: degraded, degraded_one_in): varints; the kernel's exact
//                per-syscall aggregates and the sampling rate (0 counted only, 1 every call,
//                N 1 in N)
//   strings      varint n, then n × string: the paths and comms of the records
//   records      varint n, then n × (path string index, syscall name index, comm string index,
//                pid, tid, flags, count, duration_ns, duration_to_prev_ns, bytes): varints
//   checksum     8 bytes, little-endian FNV-1a 64 of every byte before it
//
// After the payload's frame(s) comes a zstd skippable frame (which zstd tools ignore) that
// checksums the file itself: magic 0x184D2A5F (u32le), size 12 (u32le), "IORS", then the
// FNV-1a 64 (u64le) of every byte of the file before this frame. It catches changes of the
// compressed bytes that decompress to the same payload.
//
// A varint is unsigned LEB128 (at most 10 bytes); a string is a varint length then its bytes
// (at most 1 MiB). Nothing follows the checksum.
//
// Errors are absl::Status values whose message is one sentence naming the file; the reader
// never crashes on any input. Threads: the functions share no state.
#ifndef IOR_INCLUDE_IOR_FLAME_RECORDING_H_
#define IOR_INCLUDE_IOR_FLAME_RECORDING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ior/flame.h"
#include "ior/selection.h"
#include "ior/stats.h"

namespace ior {

inline constexpr uint32_t kRecordingFormatVersion = 3;
inline constexpr std::string_view kRecordingSuffix = ".ior.zst";

// One syscall's exact kernel aggregates, by name (stats.nr is the writer's number).
struct RecordingSyscall {
  std::string name;
  uint32_t sample_rate = 1;  // 0 counted only, 1 every call, N one call in N
  SyscallStats stats;
};

// Everything a recording holds besides the records.
struct RecordingInfo {
  std::string tool_version;
  std::string host;
  std::string name;           // the -name of the run ("default")
  std::string selection;      // how the syscalls were selected, as the user gave it
  int64_t start_unix_ns = 0;  // wall clock when the trace started
  int64_t end_unix_ns = 0;
  uint64_t max_keys = 0;  // the aggregator's cap
  FlameFolds folds;       // filled from the aggregator by the writer
  // Delivery and loss figures (SessionStats without its per-syscall list).
  SessionStats loss;
  std::vector<RecordingSyscall> syscalls;
};

// Fills info->loss and info->syscalls from a session's final statistics; sampling rates come
// from `selection` (NULL: every rate 1).
void SetRecordingStats(const SessionStats& stats, const ResolvedSelection* selection,
                       RecordingInfo* info);

// The session's statistics a recording holds (the inverse of SetRecordingStats): info.loss
// with info.syscalls, each numbered for this machine (a syscall it does not know keeps the
// writer's number).
SessionStats RecordedSessionStats(const RecordingInfo& info);

// A recording read back. `flame` holds every record as written (no cap).
struct Recording {
  RecordingInfo info;
  FlameAggregator flame{FlameAggregator::Options{.max_keys = 0}};
};

// The file's bytes (compressed). info.folds and info.max_keys are taken from `flame`.
absl::StatusOr<std::string> SerializeRecording(const RecordingInfo& info,
                                               const FlameAggregator& flame);

// Parses the bytes of a recording; `what` names it in error messages (usually the path).
// InvalidArgument (DataLoss for a corrupt or truncated file) with one sentence, e.g.
// "/tmp/x.ior.zst is truncated".
absl::StatusOr<Recording> ParseRecording(std::string_view bytes, std::string_view what);

// Reads and parses the file at `path`. NotFound / PermissionDenied etc. for I/O errors.
absl::StatusOr<Recording> ReadRecording(const std::string& path);

// "<host>-<name>-<YYYY-MM-DD_HH:MM:SS>.ior.zst", the time being info.start_unix_ns in local
// time.
std::string RecordingFileName(const RecordingInfo& info);

// Checks that `name` can be the middle part of a recording's file name: not empty, no '/',
// no NUL. InvalidArgument otherwise.
absl::Status ValidateRecordingName(std::string_view name);

// Writes the recording into directory `dir` as RecordingFileName(info) and returns the path.
// Atomic: the bytes go to a temporary file that is fsync()ed and then renamed into place, so
// a reader never sees a partial file. Never overwrites: if the name is taken, "-1", "-2", ...
// is inserted before the suffix. Errors name the file and the errno.
absl::StatusOr<std::string> PublishRecording(const std::string& dir, const RecordingInfo& info,
                                             const FlameAggregator& flame);

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_FLAME_RECORDING_H_
