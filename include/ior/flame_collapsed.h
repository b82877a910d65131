// Collapsed stacks of a FlameAggregator, as the original `ior collapsed` writes them, ready for
// flamegraph.pl, inferno and speedscope:
//
//   ior-workload;enter_openat;;/tmp;/data 2
//   ior-workload;enter_pread64;;/tmp;/data 2000
//
// A line is the frames of the selected fields joined by ';', a space and the weight. Fields:
//   comm        the task name
//   tracepoint  "enter_<syscall>"
//   path        split on '/' and rejoined with ";/", so every directory is a frame:
//               "/usr/lib/x" gives the frames "", "/usr", "/lib", "/x"; an empty path (a call
//               without a file) gives no frame
//   pid, tid    decimal
//   flags       the open flags of the call's descriptor, "O_RDONLY|O_CLOEXEC"
// A record whose selected fields give no frame at all is written as the frame "[unknown]".
// Records with the same stack are summed into one line; lines of weight 0 are left out; lines
// are sorted by stack. LF and CR inside a frame are written as \x0a and \x0d (always: they
// would break the line format); with `escape_terminal`, other control bytes, DEL, the C1
// controls and invalid UTF-8 are written as \xHH too, so the output cannot drive a terminal.
//
// Threads: the functions only read the aggregator; several may run on one aggregator at once
// as long as nobody modifies it. They never print and never throw.
#ifndef IOR_INCLUDE_IOR_FLAME_COLLAPSED_H_
#define IOR_INCLUDE_IOR_FLAME_COLLAPSED_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ior/flame.h"

namespace ior {

enum class FlameField : uint8_t { kComm, kTracepoint, kPath, kPid, kTid, kFlags };
enum class FlameWeight : uint8_t { kCount, kDuration, kDurationToPrev, kBytes };

struct FlameStackOptions {
  std::vector<FlameField> fields = {FlameField::kComm, FlameField::kTracepoint, FlameField::kPath};
  FlameWeight weight = FlameWeight::kCount;
  bool escape_terminal = false;  // also escape control bytes and invalid UTF-8 (see above)
};

// "comm,tracepoint,path" → fields. InvalidArgument naming the valid fields for an unknown or
// empty name.
absl::StatusOr<std::vector<FlameField>> ParseFlameFields(std::string_view list);
// "count", "duration", "durationToPrev" or "bytes". InvalidArgument otherwise.
absl::StatusOr<FlameWeight> ParseFlameWeight(std::string_view name);
std::string_view FlameFieldName(FlameField field);
std::string_view FlameWeightName(FlameWeight weight);
uint64_t FlameWeightOf(const FlameCounters& counters, FlameWeight weight);

// "O_RDWR|O_CREAT|O_CLOEXEC" for open flags (O_RDONLY when the access mode bits are 0).
std::string OpenFlagsName(uint32_t flags);

// One frame of a stack: the field it comes from and its text, already escaped. `placeholder`
// marks the "[unknown]" frame.
struct FlameFrame {
  FlameField field = FlameField::kPath;
  std::string text;
  bool placeholder = false;
};

// The frames of `record` for `options.fields`, replacing `*frames`' contents (reusing its
// storage). Never empty: "[unknown]" when the fields give no frame.
void FlameFrames(const FlameRecord& record, const FlameStackOptions& options,
                 std::vector<FlameFrame>* frames);

// One line of collapsed output, without the line end: `stack` is the frames joined by ';'.
struct CollapsedStack {
  std::string stack;
  uint64_t value = 0;
};

// The collapsed stacks of `flame`: equal stacks summed, weight-0 stacks left out, sorted.
std::vector<CollapsedStack> CollapseStacks(const FlameAggregator& flame,
                                           const FlameStackOptions& options);

// The collapsed text: one "stack value\n" line per CollapseStacks() entry.
std::string FormatCollapsed(const FlameAggregator& flame, const FlameStackOptions& options);

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_FLAME_COLLAPSED_H_
