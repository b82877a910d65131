// The renderings of a RunReport: text for a terminal, JSON for scripts.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ior/run_report.h"
#include "json_text.h"
#include "staged_file.h"

namespace ior {
namespace {

// "512B", "4.0KiB", "12.3MiB": bytes for people.
std::string FormatBytes(uint64_t bytes) {
  if (bytes < 1024) return absl::StrCat(bytes, "B");
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  while (v >= 1024 && unit + 1 < std::size(kUnits)) {
    v /= 1024;
    ++unit;
  }
  return absl::StrFormat("%.1f%s", v, kUnits[unit]);
}

std::string Percentile(const RunReport::Syscall& s, uint64_t ns) {
  return s.has_percentiles ? FormatLatency(ns) : "-";
}

// "from 990 rows of 1000 calls", or "from 1000 rows" when every call has its row.
std::string RowsNote(const RunReport& report) {
  if (report.rows_seen >= report.accounting.kernel_count) {
    return absl::StrCat("from ", report.rows_seen, " rows");
  }
  return absl::StrCat("from ", report.rows_seen, " rows of ", report.accounting.kernel_count,
                      " calls");
}

void AppendFiles(std::string_view title, const std::vector<RunReport::File>& files,
                 const RunReport& report, std::string* out) {
  if (files.empty()) return;
  absl::StrAppend(out, std::string(title), " (", RowsNote(report), "):\n");
  for (const RunReport::File& f : files) {
    absl::StrAppendFormat(out, "  %12s %10d calls %10s  %s\n", FormatLatency(f.time_ns), f.calls,
                          FormatBytes(f.bytes), f.file);
  }
}

void AppendJsonString(std::string_view text, std::string* scratch, std::string* out) {
  out->push_back('"');
  internal::AppendJsonText(text, scratch, out);
  out->push_back('"');
}

void AppendJsonFiles(std::string_view key, const std::vector<RunReport::File>& files,
                     std::string* scratch, std::string* out) {
  absl::StrAppend(out, ",\n  \"", std::string(key), "\": [");
  for (size_t i = 0; i < files.size(); ++i) {
    const RunReport::File& f = files[i];
    out->append(i == 0 ? "\n    {\"file\": " : ",\n    {\"file\": ");
    AppendJsonString(f.file, scratch, out);
    absl::StrAppend(out, ", \"calls\": ", f.calls, ", \"time_ns\": ", f.time_ns,
                    ", \"bytes\": ", f.bytes, "}");
  }
  out->append(files.empty() ? "]" : "\n  ]");
}

// "Degraded: 1234 calls not written to keep up (as few as 1 in 64 rows of read, pread64), in
// 3 windows, 750.000ms in all", with a newline; empty when no call was degraded.
std::string DegradedLine(const RunReport& report) {
  if (report.accounting.degraded == 0) return "";
  uint32_t thinnest = 0;
  for (const RunReport::Syscall& s : report.syscalls) {
    thinnest = std::max(thinnest, s.degraded_one_in);
  }
  std::vector<std::string_view> names;
  for (const RunReport::Syscall& s : report.syscalls) {
    if (s.degraded_one_in == thinnest && thinnest != 0) names.push_back(s.name);
  }
  std::sort(names.begin(), names.end());
  std::string out =
      absl::StrCat("Degraded: ", report.accounting.degraded, " calls not written to keep up");
  if (thinnest != 0) {
    absl::StrAppend(&out, " (as few as 1 in ", thinnest, " rows of ");
    for (size_t i = 0; i < names.size(); ++i) {
      if (i != 0) out += ", ";
      out.append(names[i]);
    }
    out += ")";
  }
  const size_t windows = report.degrade_windows.size() + report.degrade_windows_dropped;
  if (windows != 0) {
    uint64_t span_ns = 0;
    for (const DegradeWindow& w : report.degrade_windows) span_ns += w.end_ns - w.start_ns;
    absl::StrAppend(&out, ", in ", windows, windows == 1 ? " window" : " windows");
    if (report.degrade_windows_dropped == 0) {
      absl::StrAppend(&out, ", ", FormatLatency(span_ns), " in all");
    } else {
      absl::StrAppend(&out, " (the last ", report.degrade_windows.size(), ": ",
                      FormatLatency(span_ns), ")");
    }
  }
  out += "\n";
  return out;
}

}  // namespace

std::string FormatLatency(uint64_t ns) {
  if (ns < 1000) return absl::StrCat(ns, "ns");
  if (ns < 1000000) return absl::StrFormat("%.3fus", static_cast<double>(ns) / 1e3);
  if (ns < 1000000000) return absl::StrFormat("%.3fms", static_cast<double>(ns) / 1e6);
  return absl::StrFormat("%.3fs", static_cast<double>(ns) / 1e9);
}

std::string FormatRunReportText(const RunReport& report) {
  size_t width = 7;  // "syscall"
  for (const RunReport::Syscall& s : report.syscalls) width = std::max(width, s.name.size());
  const int w = static_cast<int>(width);
  std::string out = "Statistics:\n";
  absl::StrAppendFormat(&out, "  %-*s %10s %10s %8s %12s %10s %10s %10s %10s %10s %9s %9s\n", w,
                        "syscall", "count", "rows", "errors", "total", "avg", "p50", "p95", "p99",
                        "max", "read", "written");
  for (const RunReport::Syscall& s : report.syscalls) {
    absl::StrAppendFormat(&out, "  %-*s %10d %10d %8d %12s %10s %10s %10s %10s %10s %9s %9s\n", w,
                          s.name, s.count, s.rows, s.errors, FormatLatency(s.total_ns),
                          FormatLatency(s.avg_ns), Percentile(s, s.p50_ns), Percentile(s, s.p95_ns),
                          Percentile(s, s.p99_ns), FormatLatency(s.max_ns),
                          report.has_rows ? FormatBytes(s.bytes_read) : "-",
                          report.has_rows ? FormatBytes(s.bytes_written) : "-");
  }
  if (report.syscalls.empty()) out += "  (no syscalls traced)\n";

  const RunReport::Accounting& a = report.accounting;
  const double dropped_pct = a.kernel_count == 0 ? 0.0
                                                 : 100.0 * static_cast<double>(a.dropped) /
                                                       static_cast<double>(a.kernel_count);
  absl::StrAppendFormat(&out,
                        "Totals: kernel %d, delivered %d, sampled out %d, dropped %d (%.2f%%), "
                        "filtered %d, exits without enter %d",
                        a.kernel_count, a.delivered, a.sampled_out, a.dropped, dropped_pct,
                        a.filtered, a.exits_without_enter);
  // Left in the session when a stop signal ended the writing (see `ior -help`).
  if (a.queued != 0) absl::StrAppendFormat(&out, ", not delivered (stopped) %d", a.queued);
  out += "\n";
  absl::StrAppendFormat(&out,
                        "Accounting: kernel %d = delivered %d + sampled out %d + dropped %d + "
                        "filtered %d",
                        a.kernel_count, a.delivered, a.sampled_out, a.dropped, a.filtered);
  if (a.queued != 0) absl::StrAppendFormat(&out, " + queued %d", a.queued);
  if (a.balanced) {
    out += ": balanced\n";
  } else {
    const uint64_t accounted = a.delivered + a.sampled_out + a.dropped + a.filtered + a.queued;
    absl::StrAppendFormat(
        &out, ": NOT balanced, %d calls %s\n",
        accounted > a.kernel_count ? accounted - a.kernel_count : a.kernel_count - accounted,
        accounted > a.kernel_count ? "too many" : "unaccounted for");
  }
  out += DegradedLine(report);
  if (a.state_unavailable != 0 || a.control_dropped != 0) {
    absl::StrAppendFormat(&out, "Also lost: %d calls without per-task state, %d exec records\n",
                          a.state_unavailable, a.control_dropped);
  }
  if (const CostStats& c = report.cost; c.kernel_runs != 0) {
    const auto per = [](uint64_t ns, uint64_t n) -> uint64_t { return n == 0 ? 0 : ns / n; };
    const uint64_t events = a.delivered + a.filtered + a.queued;
    absl::StrAppendFormat(&out,
                          "Cost: kernel programs %s per traced call (%d runs host-wide, %s "
                          "each); drain thread %s of CPU",
                          FormatLatency(per(c.kernel_run_ns, a.kernel_count)), c.kernel_runs,
                          FormatLatency(per(c.kernel_run_ns, c.kernel_runs)),
                          FormatLatency(c.drain_cpu_ns));
    if (events != 0)
      absl::StrAppend(&out, ", ", FormatLatency(c.drain_cpu_ns / events), " per event");
    out += "\n";
  }

  bool errors_title = false;
  for (const RunReport::Syscall& s : report.syscalls) {
    if (s.top_errors.empty()) continue;
    if (!errors_title) {
      absl::StrAppend(&out, "Errors by errno (", RowsNote(report), "):\n");
      errors_title = true;
    }
    absl::StrAppendFormat(&out, "  %s:", s.name);
    for (size_t i = 0; i < s.top_errors.size(); ++i) {
      absl::StrAppendFormat(&out, "%s %s %d", i == 0 ? "" : ",", s.top_errors[i].name,
                            s.top_errors[i].count);
    }
    out += "\n";
  }
  AppendFiles("Top files by time", report.top_files_by_time, report, &out);
  AppendFiles("Top files by bytes", report.top_files_by_bytes, report, &out);
  if (report.rows_of_untracked_files != 0) {
    absl::StrAppendFormat(&out, "(%d rows of further files are in no file's figures)\n",
                          report.rows_of_untracked_files);
  }
  return out;
}

std::string FormatRunReportJson(const RunReport& report) {
  std::string scratch;
  std::string out = "{\n  \"version\": 1,\n  \"syscalls\": [";
  for (size_t i = 0; i < report.syscalls.size(); ++i) {
    const RunReport::Syscall& s = report.syscalls[i];
    out.append(i == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ");
    AppendJsonString(s.name, &scratch, &out);
    absl::StrAppend(&out, ", \"nr\": ", s.nr, ", \"count\": ", s.count, ", \"rows\": ", s.rows,
                    ", \"errors\": ", s.errors, ", \"sampled_out\": ", s.sampled_out,
                    ", \"degraded\": ", s.degraded, ", \"degraded_one_in\": ", s.degraded_one_in,
                    ", \"timed\": ", s.timed, ", \"total_ns\": ", s.total_ns,
                    ", \"avg_ns\": ", s.avg_ns);
    if (s.has_percentiles) {
      absl::StrAppend(&out, ", \"p50_ns\": ", s.p50_ns, ", \"p95_ns\": ", s.p95_ns,
                      ", \"p99_ns\": ", s.p99_ns);
    } else {
      out.append(", \"p50_ns\": null, \"p95_ns\": null, \"p99_ns\": null");
    }
    absl::StrAppend(&out, ", \"max_ns\": ", s.max_ns);
    if (report.has_rows) {
      absl::StrAppend(&out, ", \"bytes_read\": ", s.bytes_read,
                      ", \"bytes_written\": ", s.bytes_written);
    } else {
      out.append(", \"bytes_read\": null, \"bytes_written\": null");
    }
    out.append(", \"top_errors\": [");
    for (size_t k = 0; k < s.top_errors.size(); ++k) {
      out.append(k == 0 ? "{\"errno\": " : ", {\"errno\": ");
      AppendJsonString(s.top_errors[k].name, &scratch, &out);
      absl::StrAppend(&out, ", \"count\": ", s.top_errors[k].count, "}");
    }
    out.append("]}");
  }
  out.append(report.syscalls.empty() ? "]" : "\n  ]");
  AppendJsonFiles("top_files_by_time", report.top_files_by_time, &scratch, &out);
  AppendJsonFiles("top_files_by_bytes", report.top_files_by_bytes, &scratch, &out);
  const RunReport::Accounting& a = report.accounting;
  absl::StrAppend(&out, ",\n  \"rows_seen\": ", report.rows_seen,
                  ",\n  \"rows_of_untracked_files\": ", report.rows_of_untracked_files,
                  ",\n  \"accounting\": {\"kernel_count\": ", a.kernel_count,
                  ", \"delivered\": ", a.delivered, ", \"sampled_out\": ", a.sampled_out,
                  ", \"degraded\": ", a.degraded, ", \"dropped\": ", a.dropped,
                  ", \"filtered\": ", a.filtered, ", \"queued\": ", a.queued,
                  ", \"exits_without_enter\": ", a.exits_without_enter,
                  ", \"state_unavailable\": ", a.state_unavailable,
                  ", \"control_dropped\": ", a.control_dropped,
                  ", \"balanced\": ", a.balanced ? "true" : "false", "}");
  absl::StrAppend(&out, ",\n  \"degrade\": {\"windows_dropped\": ", report.degrade_windows_dropped,
                  ", \"windows\": [");
  for (size_t i = 0; i < report.degrade_windows.size(); ++i) {
    const DegradeWindow& w = report.degrade_windows[i];
    absl::StrAppend(&out, i == 0 ? "\n    " : ",\n    ", "{\"start_ns\": ", w.start_ns,
                    ", \"end_ns\": ", w.end_ns, ", \"calls\": ", w.calls,
                    ", \"min_one_in\": ", w.min_one_in, "}");
  }
  out.append(report.degrade_windows.empty() ? "]}" : "\n  ]}");
  const CostStats& c = report.cost;
  absl::StrAppend(&out, ",\n  \"cost\": {\"kernel_runs\": ", c.kernel_runs,
                  ", \"kernel_run_ns\": ", c.kernel_run_ns, ", \"drain_cpu_ns\": ", c.drain_cpu_ns,
                  "}\n}\n");
  return out;
}

absl::Status WriteRunReportJson(const RunReport& report, const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("the report's JSON file has no name");
  absl::StatusOr<internal::StagedFile> staged =
      internal::StagedFile::Create(path, /*overwrite=*/true);
  if (!staged.ok()) return staged.status();
  if (absl::Status s = staged->WriteAll(FormatRunReportJson(report)); !s.ok()) return s;
  return staged->Publish();
}

absl::Status CheckRunReportJsonPath(const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("the report's JSON file has no name");
  absl::StatusOr<internal::StagedFile> staged =
      internal::StagedFile::Create(path, /*overwrite=*/true);
  if (!staged.ok()) return staged.status();
  staged->Abandon();
  return absl::OkStatus();
}

}  // namespace ior
