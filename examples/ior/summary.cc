#include "summary.h"

#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "ior/run_report.h"
#include "ior/stats.h"

namespace ior::cli {

absl::Status Summary::Finish(const SessionStats& stats, FILE* out) const {
  RunReport report = sink_.Build(stats);
  report.has_rows = rows_;
  std::fputs(FormatRunReportText(report).c_str(), out);
  if (json_path_.empty()) return absl::OkStatus();
  return WriteRunReportJson(report, json_path_);
}

std::string FormatSummary(const SessionStats& stats) {
  RunReport report = RunReportSink().Build(stats);
  report.has_rows = false;
  return FormatRunReportText(report);
}

}  // namespace ior::cli
