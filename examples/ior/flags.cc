// The CLI's flags: the table (flag_table.h), each flag's value parsed and range-checked into
// Flags, and the command line checked as a whole (repeats, flags that exclude each other).
#include "flags.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "flag_table.h"
#include "ior/selection.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

namespace ior::cli {
namespace {

constexpr int64_t kMaxDurationSeconds = INT64_MAX / 1000000000;  // fits absl/ns arithmetic
constexpr int64_t kMaxBatchSize = int64_t{1} << 20;
constexpr int64_t kMinMapSize = 4096;
constexpr int64_t kMaxMapSize = int64_t{1} << 30;

// Concatenates std::string_views (Debian's Abseil has its own string_view type, so absl::StrCat
// does not take them).
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

absl::Status Error(std::string_view flag, const std::string& message) {
  return absl::InvalidArgumentError(Cat({"flag -", flag, ": ", message}));
}

absl::StatusOr<int64_t> ParseInt(std::string_view flag, std::string_view text, int64_t min,
                                 int64_t max) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  std::from_chars_result r = std::from_chars(text.data(), end, value);
  if (text.empty() || r.ptr != end ||
      (r.ec != std::errc() && r.ec != std::errc::result_out_of_range)) {
    return Error(flag, Cat({"'", text, "' is not a number"}));
  }
  if (r.ec == std::errc::result_out_of_range || value < min || value > max) {
    return Error(flag, Cat({text, " is out of range: expected ", std::to_string(min), "..",
                            std::to_string(max)}));
  }
  return value;
}

absl::StatusOr<bool> ParseBool(std::string_view flag, std::string_view text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return Error(flag, Cat({"'", text, "' is not a boolean: expected true or false"}));
}

// A plain boolean flag: `-name`, `-name=true|false`.
template <bool Flags::*kField>
absl::Status SetBool(std::string_view flag, std::string_view value, Flags& flags) {
  absl::StatusOr<bool> b = ParseBool(flag, value);
  if (!b.ok()) return b.status();
  flags.*kField = *b;
  return absl::OkStatus();
}

absl::Status SetId(std::string_view flag, std::string_view value, std::optional<pid_t>& id) {
  absl::StatusOr<int64_t> v = ParseInt(flag, value, 1, kMaxPid);
  if (!v.ok()) return v.status();
  id = static_cast<pid_t>(*v);
  return absl::OkStatus();
}

absl::Status SetPid(std::string_view flag, std::string_view value, Flags& flags) {
  return SetId(flag, value, flags.pid);
}

absl::Status SetTid(std::string_view flag, std::string_view value, Flags& flags) {
  return SetId(flag, value, flags.tid);
}

absl::Status SetDuration(std::string_view flag, std::string_view value, Flags& flags) {
  absl::StatusOr<int64_t> v = ParseInt(flag, value, 1, kMaxDurationSeconds);
  if (!v.ok()) return v.status();
  flags.duration_seconds = *v;
  return absl::OkStatus();
}

// Splits "a, b,c" into names; an empty name is an error.
absl::StatusOr<std::vector<std::string>> SplitList(std::string_view flag, std::string_view value,
                                                   std::string_view what) {
  std::vector<std::string> out;
  for (size_t begin = 0; begin <= value.size();) {
    size_t comma = value.find(',', begin);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view name = value.substr(begin, comma - begin);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) return Error(flag, Cat({"empty ", what, " in '", value, "'"}));
    out.emplace_back(name);
    begin = comma + 1;
  }
  return out;
}

absl::Status Append(std::string_view flag, std::string_view value, std::string_view what,
                    std::vector<std::string>& to) {
  absl::StatusOr<std::vector<std::string>> names = SplitList(flag, value, what);
  if (!names.ok()) return names.status();
  to.insert(to.end(), names->begin(), names->end());
  return absl::OkStatus();
}

absl::Status SetTraceSyscalls(std::string_view flag, std::string_view value, Flags& flags) {
  absl::StatusOr<std::vector<std::string>> names = SplitList(flag, value, "syscall name");
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) {
    if (!SyscallNumber(name)) return Error(flag, Cat({"unknown syscall '", name, "'"}));
  }
  flags.trace_syscalls.insert(flags.trace_syscalls.end(), names->begin(), names->end());
  flags.selection.syscalls.insert(flags.selection.syscalls.end(), names->begin(), names->end());
  return absl::OkStatus();
}

absl::Status SetTraceFamilies(std::string_view flag, std::string_view value, Flags& flags) {
  return Append(flag, value, "family", flags.selection.families);
}
absl::Status SetTraceKinds(std::string_view flag, std::string_view value, Flags& flags) {
  return Append(flag, value, "kind", flags.selection.kinds);
}
absl::Status SetTps(std::string_view flag, std::string_view value, Flags& flags) {
  return Append(flag, value, "regex", flags.selection.tracepoints);
}
absl::Status SetNoTraceFamilies(std::string_view flag, std::string_view value, Flags& flags) {
  return Append(flag, value, "family", flags.selection.exclude_families);
}
absl::Status SetNoTraceKinds(std::string_view flag, std::string_view value, Flags& flags) {
  return Append(flag, value, "kind", flags.selection.exclude_kinds);
}
absl::Status SetNoTraceSyscalls(std::string_view flag, std::string_view value, Flags& flags) {
  return Append(flag, value, "syscall name", flags.selection.exclude_syscalls);
}
absl::Status SetTpsExclude(std::string_view flag, std::string_view value, Flags& flags) {
  return Append(flag, value, "regex", flags.selection.exclude_tracepoints);
}

// "Time=100,Misc=0" into name → rate.
absl::Status SetRates(std::string_view flag, std::string_view value,
                      std::map<std::string, uint32_t>& rates) {
  absl::StatusOr<std::vector<std::string>> items = SplitList(flag, value, "NAME=RATE pair");
  if (!items.ok()) return items.status();
  for (const std::string& item : *items) {
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Error(flag, Cat({"'", item, "' is not NAME=RATE (e.g. futex=0,read=10)"}));
    }
    absl::StatusOr<int64_t> rate =
        ParseInt(flag, std::string_view(item).substr(eq + 1), 0, UINT32_MAX);
    if (!rate.ok()) return rate.status();
    rates[item.substr(0, eq)] = static_cast<uint32_t>(*rate);
  }
  return absl::OkStatus();
}

absl::Status SetSamplingFamilies(std::string_view flag, std::string_view value, Flags& flags) {
  return SetRates(flag, value, flags.selection.sample_families);
}
absl::Status SetSamplingSyscalls(std::string_view flag, std::string_view value, Flags& flags) {
  return SetRates(flag, value, flags.selection.sample_syscalls);
}

absl::Status SetFollow(std::string_view flag, std::string_view value, Flags& flags) {
  absl::StatusOr<bool> b = ParseBool(flag, value);
  if (!b.ok()) return b.status();
  flags.follow = *b;
  return absl::OkStatus();
}

absl::Status SetDegrade(std::string_view flag, std::string_view value, Flags& flags) {
  absl::StatusOr<bool> b = ParseBool(flag, value);
  if (!b.ok()) return b.status();
  flags.degrade = *b;
  return absl::OkStatus();
}

absl::Status SetText(std::string_view flag, std::string_view value, std::string& to) {
  if (value.empty()) return Error(flag, "needs a non-empty text");
  to = std::string(value);
  return absl::OkStatus();
}
absl::Status SetComm(std::string_view flag, std::string_view value, Flags& flags) {
  return SetText(flag, value, flags.comm);
}
absl::Status SetPath(std::string_view flag, std::string_view value, Flags& flags) {
  return SetText(flag, value, flags.path);
}
absl::Status SetParquet(std::string_view flag, std::string_view value, Flags& flags) {
  return SetText(flag, value, flags.parquet);
}
absl::Status SetTraceJson(std::string_view flag, std::string_view value, Flags& flags) {
  return SetText(flag, value, flags.trace_json);
}
absl::Status SetSummaryJson(std::string_view flag, std::string_view value, Flags& flags) {
  return SetText(flag, value, flags.summary_json);
}
absl::Status SetTraceJsonMaxEvents(std::string_view flag, std::string_view value, Flags& flags) {
  absl::StatusOr<int64_t> v = ParseInt(flag, value, 0, int64_t{1} << 40);
  if (!v.ok()) return v.status();
  flags.trace_json_max_events = static_cast<uint64_t>(*v);
  return absl::OkStatus();
}

absl::Status SetBatchSize(std::string_view flag, std::string_view value, Flags& flags) {
  absl::StatusOr<int64_t> v = ParseInt(flag, value, 1, kMaxBatchSize);
  if (!v.ok()) return v.status();
  flags.batch_size = static_cast<size_t>(*v);
  return absl::OkStatus();
}

absl::Status SetMapSize(std::string_view flag, std::string_view value, Flags& flags) {
  absl::StatusOr<int64_t> v = ParseInt(flag, value, kMinMapSize, kMaxMapSize);
  if (!v.ok()) return v.status();
  if ((*v & (*v - 1)) != 0) {
    return Error(flag, Cat({value, " is not a power of two (e.g. 16777216 = 16 MiB)"}));
  }
  flags.map_size = static_cast<size_t>(*v);
  return absl::OkStatus();
}

absl::Status SetName(std::string_view flag, std::string_view value, Flags& flags) {
  if (value.empty() || value.find('/') != std::string_view::npos) {
    return Error(flag, Cat({"'", value, "' must be a non-empty base name without '/'"}));
  }
  flags.name = std::string(value);
  return absl::OkStatus();
}

absl::Status SetFlamegraphMaxKeys(std::string_view flag, std::string_view value, Flags& flags) {
  absl::StatusOr<int64_t> v = ParseInt(flag, value, 1, int64_t{1} << 24);
  if (!v.ok()) return v.status();
  flags.flamegraph_max_keys = static_cast<size_t>(*v);
  return absl::OkStatus();
}

constexpr FlagSpec kFlags[] = {
    {"plain", "", "false", "the CSV on stdout even on a terminal (instead of the dashboard)",
     SetBool<&Flags::plain>},
    {"pid", "N", "none", "trace process N only; the trace ends when N exits", SetPid},
    {"tid", "T", "none", "trace thread T only; the trace ends when T exits", SetTid},
    {"duration", "SEC", "900",
     "end the trace after SEC seconds; with a command or -demo no limit unless given", SetDuration},
    {"follow", "", "on with a command", "also trace the children the traced processes create",
     SetFollow},
    {"detach", "", "false",
     "leave the command running when the trace ends first (else: SIGTERM, SIGKILL 1 s later)",
     SetBool<&Flags::detach>},
    {"command-stdout", "", "false",
     "let the command write to ior's stdout (by default it goes to stderr when the CSV is on "
     "stdout)",
     SetBool<&Flags::command_stdout>},
    {"comm", "TEXT", "any", "only rows whose task name contains TEXT", SetComm},
    {"path", "TEXT", "any", "only rows whose file contains TEXT", SetPath},
    {"parquet", "FILE", "none",
     "no CSV: every row to a Parquet file (FILE.tmp, renamed at the end; query with DuckDB)",
     SetParquet},
    {"trace-json", "FILE", "none",
     "no CSV: a Chrome trace-event timeline of the calls, for Perfetto", SetTraceJson},
    {"trace-json-max-events", "N", "1000000", "most slices in -trace-json (0: no cap)",
     SetTraceJsonMaxEvents},
    {"summary-json", "FILE", "none",
     "also write the end-of-run report (stderr) as JSON to FILE (replaced atomically)",
     SetSummaryJson},
    {"trace-families", "A,B", "FS", "trace these families ('all': every syscall)",
     SetTraceFamilies},
    {"trace-kinds", "a,b", "none", "trace syscalls of these kinds (fd, open, pathname, ...)",
     SetTraceKinds},
    {"trace-syscalls", "a,b,c", "none", "trace these syscalls (or syscall_<nr>)", SetTraceSyscalls},
    {"tps", "RE,RE", "none", "trace syscalls whose sys_enter_<name> matches a regex", SetTps},
    {"no-trace-families", "A,B", "none", "then remove these families", SetNoTraceFamilies},
    {"no-trace-kinds", "a,b", "none", "then remove these kinds", SetNoTraceKinds},
    {"no-trace-syscalls", "a,b", "none", "then remove these syscalls", SetNoTraceSyscalls},
    {"tpsExclude", "RE,RE", "none", "then remove syscalls matching a regex", SetTpsExclude},
    {"syscall-sampling-families", "F=N,...", "all 1",
     "per family: 0 = count only, 1 = every call, N = 1 in N", SetSamplingFamilies},
    {"syscall-sampling-syscalls", "s=N,...", "all 1",
     "per syscall, over the family rate: 0, 1 or N as above", SetSamplingSyscalls},
    {"summary-only", "", "false",
     "no rows: count and time every selected call in the kernel only (the cheapest mode), "
     "then the report",
     SetBool<&Flags::summary_only>},
    {"degrade", "", "on in the dashboard",
     "when the consumer falls behind, thin rows 1-in-N per syscall instead of dropping them "
     "at random; counts stay exact and the report says how much was degraded "
     "(-degrade=false: drop)",
     SetDegrade},
    {"flamegraph", "", "false",
     "no CSV: aggregate for flamegraphs, write <host>-<name>-<time>.ior.zst at the end",
     SetBool<&Flags::flamegraph>},
    {"name", "N", "default", "the name part of the -flamegraph recording's file", SetName},
    {"flamegraph-max-keys", "K", "524288",
     "keys kept exactly by -flamegraph; beyond, new keys are folded (totals stay exact)",
     SetFlamegraphMaxKeys},
    {"svg", "", "false", "with -flamegraph: also write the interactive SVG next to the recording",
     SetBool<&Flags::svg>},
    {"list", "", "false", "list families, kinds and syscalls with their classes, then exit",
     SetBool<&Flags::list>},
    {"batch-size", "N", "1024", "deliver events in batches of up to N", SetBatchSize},
    {"map-size", "BYTES", "16777216", "kernel ring buffer size, a power of two", SetMapSize},
    {"demo", "", "false", "trace a built-in workload that makes a few file calls",
     SetBool<&Flags::demo>},
    {"v", "", "false", "print where the start-up time went (stderr)", SetBool<&Flags::verbose>},
    {"version", "", "false", "print the version and exit", SetBool<&Flags::version>},
    {"help", "", "false", "print this help and exit (also -h)", SetBool<&Flags::help>},
    {"h", "", "false", "", SetBool<&Flags::help>},
};

// Flags whose values add up; every other flag may be given once.
bool Repeatable(std::string_view name) {
  for (std::string_view r :
       {"trace-families", "trace-kinds", "trace-syscalls", "tps", "no-trace-families",
        "no-trace-kinds", "no-trace-syscalls", "tpsExclude", "syscall-sampling-families",
        "syscall-sampling-syscalls", "help", "h"}) {
    if (name == r) return true;
  }
  return false;
}

const FlagSpec* FindFlag(std::string_view name) {
  for (const FlagSpec& spec : kFlags) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

absl::Status CheckCombination(const Flags& flags) {
  const bool ids = flags.pid.has_value() || flags.tid.has_value();
  if (flags.demo && !flags.command.empty()) {
    return absl::InvalidArgumentError("-demo cannot be combined with a command");
  }
  if (flags.demo && ids) {
    return absl::InvalidArgumentError("-demo cannot be combined with -pid or -tid");
  }
  if (!flags.command.empty() && ids) {
    return absl::InvalidArgumentError("a command cannot be combined with -pid or -tid");
  }
  if (flags.summary_only &&
      (flags.flamegraph || !flags.parquet.empty() || !flags.trace_json.empty() || flags.plain)) {
    return absl::InvalidArgumentError(
        "-summary-only writes no rows: it cannot be combined with -plain, -flamegraph, "
        "-parquet or -trace-json");
  }
  if (flags.summary_only && (!flags.comm.empty() || !flags.path.empty())) {
    return absl::InvalidArgumentError(
        "-summary-only has no rows for -comm or -path to pick; use -pid, -tid or a command");
  }
  if (flags.svg && !flags.flamegraph) {
    return absl::InvalidArgumentError("-svg needs -flamegraph");
  }
  if (flags.follow.value_or(false) && !flags.pid && !flags.demo && flags.command.empty()) {
    return absl::InvalidArgumentError("-follow needs a command, -demo or -pid");
  }
  if (flags.detach && !flags.demo && flags.command.empty()) {
    return absl::InvalidArgumentError("-detach needs a command or -demo");
  }
  if (flags.command_stdout && !flags.demo && flags.command.empty()) {
    return absl::InvalidArgumentError("-command-stdout needs a command");
  }
  return absl::OkStatus();
}

}  // namespace

std::span<const FlagSpec> FlagTable() { return kFlags; }

absl::StatusOr<Flags> ParseFlags(std::span<const std::string_view> args) {
  Flags flags;
  std::vector<std::string_view> seen;  // flags given so far, by name
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--") {
      if (i + 1 == args.size()) {
        return absl::InvalidArgumentError("expected a command after --");
      }
      for (size_t k = i + 1; k < args.size(); ++k) flags.command.emplace_back(args[k]);
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      return absl::InvalidArgumentError(
          Cat({"unexpected argument '", arg, "': flags come first, a command goes after --"}));
    }
    std::string_view body = arg.substr(arg[1] == '-' ? 2 : 1);
    std::string_view name = body;
    std::optional<std::string_view> value;
    if (size_t eq = body.find('='); eq != std::string_view::npos) {
      name = body.substr(0, eq);
      value = body.substr(eq + 1);
    }
    const FlagSpec* spec = FindFlag(name);
    if (spec == nullptr) {
      return absl::InvalidArgumentError(
          Cat({"unknown flag ", arg.substr(0, arg.size() - body.size() + name.size())}));
    }
    if (!Repeatable(spec->name)) {
      if (std::find(seen.begin(), seen.end(), spec->name) != seen.end()) {
        return absl::InvalidArgumentError(Cat({"flag -", spec->name, " given twice"}));
      }
      seen.push_back(spec->name);
    }
    if (!value) {
      if (spec->value_name.empty()) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return absl::InvalidArgumentError(
            Cat({"flag -", name, " needs a value: -", name, " ", spec->value_name}));
      }
    }
    if (absl::Status s = spec->set(name, *value, flags); !s.ok()) return s;
  }
  if (flags.help || flags.version || flags.list) return flags;
  if (absl::Status s = CheckCombination(flags); !s.ok()) return s;
  // A command (a build, a test suite) runs as long as it runs; a trace of the whole system or
  // of a running process keeps the original tool's default limit.
  if (!flags.duration_seconds && !flags.demo && flags.command.empty()) {
    flags.duration_seconds = kDefaultDurationSeconds;
  }
  if (absl::StatusOr<ResolvedSelection> r = ResolveSelection(flags.selection); !r.ok()) {
    return r.status();
  }
  return flags;
}

absl::StatusOr<Flags> ParseFlags(int argc, const char* const* argv) {
  std::vector<std::string_view> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return ParseFlags(args);
}

}  // namespace ior::cli
