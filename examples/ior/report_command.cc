#include "report_command.h"

#include <cstdio>
#include <string>

#include "absl/status/statusor.h"
#include "ior/escape.h"
#include "ior/parquet.h"
#include "ior/stats.h"
#include "summary.h"

namespace ior::cli {
namespace {

constexpr char kUsage[] =
    "usage: ior report FILE.parquet\n"
    "Prints the end-of-run report (per-syscall counts, errors, latencies; delivery and loss\n"
    "totals) of a run recorded with `ior -parquet FILE`, from the file's footer.\n";

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
