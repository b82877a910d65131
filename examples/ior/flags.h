// Command line of the ior CLI: a small hand-written parser and the help text.
//
// Syntax: `-name value`, `--name value`, `-name=value`, `--name=value`; booleans as `-plain` or
// `-plain=true|false`; `--` ends the flags and what follows is the command to run and trace.
#ifndef IOR_EXAMPLES_IOR_FLAGS_H_
#define IOR_EXAMPLES_IOR_FLAGS_H_

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ior/selection.h"

namespace ior::cli {

inline constexpr int64_t kDefaultDurationSeconds = 900;
inline constexpr size_t kDefaultBatchSize = 1024;
inline constexpr size_t kDefaultMapSize = size_t{16} << 20;
// Linux's PID_MAX_LIMIT on 64-bit: no pid or tid is larger.
inline constexpr int64_t kMaxPid = 4 * 1024 * 1024;

struct Flags {
  bool plain = false;  // -plain: the CSV on stdout even when stdout is a terminal
  std::optional<pid_t> pid;
  std::optional<pid_t> tid;
  // -duration; unset: no limit with a command or -demo (the trace ends when it exits),
  // kDefaultDurationSeconds otherwise.
  std::optional<int64_t> duration_seconds;
  std::vector<std::string> trace_syscalls;  // also in selection.syscalls
  Selection selection;  // -trace-*, -no-trace-*, -tps, -tpsExclude, -syscall-sampling-*
  size_t batch_size = kDefaultBatchSize;
  size_t map_size = kDefaultMapSize;
  bool demo = false;
  bool list = false;           // print families, kinds and syscalls, then exit
  std::optional<bool> follow;  // -follow; unset: on with a command or -demo, off otherwise
  std::string comm;            // -comm: substring of the task name ("" = any)
  std::string path;            // -path: substring of the file ("" = any)
  std::string parquet;         // -parquet: write every row to this Parquet file (no CSV)
  std::string trace_json;      // -trace-json: write a Chrome trace-event timeline (no CSV)
  uint64_t trace_json_max_events = 1'000'000;  // -trace-json-max-events (0 = no cap)
  std::string summary_json;      // -summary-json: write the end-of-run report as JSON too
  bool flamegraph = false;       // -flamegraph: aggregate and write a .ior.zst recording
  std::string name = "default";  // -name: middle part of the recording's file name
  size_t flamegraph_max_keys = size_t{1} << 19;  // -flamegraph-max-keys
  bool summary_only = false;  // -summary-only: no rows, the kernel's counts and histograms
  // -degrade: thin rows 1-in-N instead of dropping (kernel side); unset: on in the dashboard
  // (which shows the thinned rates), off otherwise.
  std::optional<bool> degrade;
  bool svg = false;             // -svg: with -flamegraph, also write the SVG next to the recording
  bool detach = false;          // -detach: leave the command running when the trace ends
  bool command_stdout = false;  // -command-stdout: the command shares ior's stdout
  bool verbose = false;         // -v: where the start-up time went, on stderr
  bool version = false;
  bool help = false;
  std::vector<std::string> command;  // after `--`; empty if none
};

// Parses the arguments after the program name. Errors: InvalidArgument with a message that
// names the flag and does not start with "ior:" (the caller adds it), e.g. "unknown flag -bogus".
// The selection is resolved against the syscall table (unknown names, with the valid values
// listed, are errors); numbers are checked against their ranges; flags that exclude each other
// (-demo, -pid/-tid, a command) are refused, and so is a flag given twice (except the list
// flags, -trace-*, -no-trace-*, -tps, -tpsExclude, -syscall-sampling-*, whose values add up).
absl::StatusOr<Flags> ParseFlags(std::span<const std::string_view> args);

// Convenience for main(): argv[1..argc).
absl::StatusOr<Flags> ParseFlags(int argc, const char* const* argv);

// The text `ior -help` prints: usage, every flag with its default, examples.
std::string HelpText();

// The text `ior -list` prints: families, kinds and every syscall with its classes.
std::string ListText();

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_FLAGS_H_
