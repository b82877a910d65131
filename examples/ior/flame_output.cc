#include "flame_output.h"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ior/escape.h"
#include "ior/flame_recording.h"
#include "ior/flame_svg.h"
#include "ior/selection.h"

namespace ior::cli {
namespace {

std::string HostName() {
  char host[HOST_NAME_MAX + 1] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "localhost";
  return host;
}

void AppendList(std::string& out, const char* flag, const std::vector<std::string>& items) {
  if (items.empty()) return;
  if (!out.empty()) out += ' ';
  out += flag;
  out += ' ';
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
}

void AppendRates(std::string& out, const char* flag, const std::map<std::string, uint32_t>& r) {
  if (r.empty()) return;
  if (!out.empty()) out += ' ';
  out += flag;
  out += ' ';
  bool first = true;
  for (const auto& [name, rate] : r) {
    out += (first ? "" : ",") + name + "=" + std::to_string(rate);
    first = false;
  }
}

// The selection as the flags that make it, so that a recording says how it was taken.
std::string SelectionFlags(const Selection& s) {
  std::string out;
  AppendList(out, "-trace-families", s.families);
  AppendList(out, "-trace-kinds", s.kinds);
  AppendList(out, "-trace-syscalls", s.syscalls);
  AppendList(out, "-tps", s.tracepoints);
  AppendList(out, "-no-trace-families", s.exclude_families);
  AppendList(out, "-no-trace-kinds", s.exclude_kinds);
  AppendList(out, "-no-trace-syscalls", s.exclude_syscalls);
  AppendList(out, "-tpsExclude", s.exclude_tracepoints);
  AppendRates(out, "-syscall-sampling-families", s.sample_families);
  AppendRates(out, "-syscall-sampling-syscalls", s.sample_syscalls);
  return out.empty() ? "-trace-families FS (default)" : out;
}

}  // namespace

FlameOutput::FlameOutput(const Flags& flags, std::string tool_version)
    : flags_(flags),
      tool_version_(std::move(tool_version)),
      start_unix_ns_(absl::ToUnixNanos(absl::Now())),
      flame_(FlameAggregator::Options{.max_keys = flags.flamegraph_max_keys}) {}

absl::StatusOr<std::unique_ptr<FlameOutput>> FlameOutput::Create(const Flags& flags,
                                                                 std::string tool_version) {
  if (absl::Status s = ValidateRecordingName(flags.name); !s.ok()) return s;
  // A trace can run for 15 minutes: find out now, not then, that the directory is read-only.
  char probe[] = "./.ior-flamegraph-probe.XXXXXX";
  const int fd = mkstemp(probe);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        std::string("-flamegraph cannot write its recording into the working directory: ") +
        std::strerror(errno));
  }
  close(fd);
  unlink(probe);
  return std::unique_ptr<FlameOutput>(new FlameOutput(flags, std::move(tool_version)));
}

void FlameOutput::Add(const EventBatch& batch) {
  flame_.Add(batch);
  if (!fold_noticed_ && flame_.folds().total() != 0) {
    fold_noticed_ = true;
    std::fprintf(stderr,
                 "ior: the flamegraph reached its limit of %zu keys; events of new keys are "
                 "folded into pid 0/tid 0 (then [other]) keys, totals stay exact "
                 "(raise it with -flamegraph-max-keys)\n",
                 flame_.max_keys());
  }
}

absl::Status FlameOutput::Finish(const SessionStats& stats) {
  RecordingInfo info;
  info.tool_version = tool_version_;
  info.host = HostName();
  info.name = flags_.name;
  info.selection = SelectionFlags(flags_.selection);
  info.start_unix_ns = start_unix_ns_;
  info.end_unix_ns = absl::ToUnixNanos(absl::Now());
  absl::StatusOr<ResolvedSelection> resolved = ResolveSelection(flags_.selection);
  SetRecordingStats(stats, resolved.ok() ? &*resolved : nullptr, &info);
  absl::StatusOr<std::string> file = PublishRecording(".", info, flame_);
  if (!file.ok()) return file.status();
  std::string name = *file;
  if (name.rfind("./", 0) == 0) name.erase(0, 2);
  const FlameFolds& folds = flame_.folds();
  std::fprintf(stderr, "Wrote %s (%zu keys, %llu events, %llu folded", EscapeText(name).c_str(),
               flame_.size(), static_cast<unsigned long long>(flame_.totals().count),
               static_cast<unsigned long long>(folds.total()));
  if (folds.total() != 0) {
    std::fprintf(stderr, ": %llu into pid 0/tid 0 keys, %llu into [other] keys; totals are exact",
                 static_cast<unsigned long long>(folds.pidless),
                 static_cast<unsigned long long>(folds.other));
  }
  std::fprintf(stderr, ")\n");
  if (!flags_.svg) return absl::OkStatus();
  const std::string svg_name = name.substr(0, name.size() - kRecordingSuffix.size()) + ".svg";
  const std::string svg = RenderFlameSvg(flame_, FlameSvgOptions());
  std::FILE* f = std::fopen(svg_name.c_str(), "wx");  // never overwrites
  if (f == nullptr) {
    return absl::InternalError("cannot create " + svg_name + ": " + std::strerror(errno));
  }
  const bool ok = std::fwrite(svg.data(), 1, svg.size(), f) == svg.size();
  if (std::fclose(f) != 0 || !ok) return absl::InternalError("cannot write " + svg_name);
  std::fprintf(stderr, "Wrote %s\n", EscapeText(svg_name).c_str());
  return absl::OkStatus();
}

}  // namespace ior::cli
