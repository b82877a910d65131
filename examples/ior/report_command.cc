#include "report_command.h"

#include <cstdio>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "ior/escape.h"
#include "ior/flame_recording.h"
#include "ior/parquet.h"
#include "ior/stats.h"
#include "summary.h"

namespace ior::cli {
namespace {

constexpr char kUsage[] =
    "usage: ior report FILE.parquet | FILE.ior.zst\n"
    "Prints the end-of-run report (per-syscall counts, errors, latencies; delivery, loss and\n"
    "degrade totals) of a run recorded with `ior -parquet FILE`, from the file's footer, or\n"
    "with `ior -flamegraph`, from the recording's header.\n";

int Fail(const std::string& message) {
  std::fprintf(stderr, "ior report: %s\n", EscapeText(message).c_str());
  return 1;
}

std::string Meta(const ParquetFileInfo& info, const char* key) {
  const std::string* v = info.Find(key);
  return v != nullptr ? *v : "?";
}

}  // namespace

int RunReportCommand(int argc, char** argv) {
  if (argc == 2 && (std::string(argv[1]) == "-help" || std::string(argv[1]) == "-h" ||
                    std::string(argv[1]) == "--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (argc != 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string path = argv[1];
  if (absl::EndsWith(path, std::string(kRecordingSuffix))) {
    absl::StatusOr<Recording> recording = ReadRecording(path);
    if (!recording.ok()) return Fail(std::string(recording.status().message()));
    const RecordingInfo& r = recording->info;
    std::fputs(FormatSummary(RecordedSessionStats(r)).c_str(), stdout);
    std::printf("File: %s: a flamegraph recording of %zu keys; host %s, %s\n",
                EscapeText(path).c_str(), recording->flame.size(), EscapeText(r.host).c_str(),
                EscapeText(r.tool_version).c_str());
    return 0;
  }
  absl::StatusOr<ParquetFileInfo> info = ReadParquetInfo(path);
  if (!info.ok()) return Fail(std::string(info.status().message()));
  absl::StatusOr<SessionStats> stats = RecordedStats(*info);
  if (!stats.ok()) return Fail(path + ": " + std::string(stats.status().message()));
  std::fputs(FormatSummary(*stats).c_str(), stdout);
  std::printf("File: %s: %lld rows in %zu row groups, %s shed; host %s, ior %s\n", path.c_str(),
              static_cast<long long>(info->num_rows), info->row_groups,
              Meta(*info, "ior.rows_shed").c_str(), Meta(*info, "ior.hostname").c_str(),
              Meta(*info, "ior.version").c_str());
  return 0;
}

}  // namespace ior::cli
