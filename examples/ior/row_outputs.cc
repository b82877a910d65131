#include "row_outputs.h"

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ior/escape.h"
#include "ior/selection.h"

namespace ior::cli {
namespace {

// The selection flags as text for the Parquet footer (ior.selection).
std::string SelectionText(const Selection& s) {
  std::vector<std::string> parts;
  const auto add = [&parts](const char* name, const std::vector<std::string>& values) {
    if (!values.empty()) parts.push_back(absl::StrCat(name, "=", absl::StrJoin(values, ",")));
  };
  add("families", s.families);
  add("kinds", s.kinds);
  add("syscalls", s.syscalls);
  add("tps", s.tracepoints);
  add("exclude_families", s.exclude_families);
  add("exclude_kinds", s.exclude_kinds);
  add("exclude_syscalls", s.exclude_syscalls);
  add("tpsExclude", s.exclude_tracepoints);
  if (s.families.empty() && s.kinds.empty() && s.syscalls.empty() && s.tracepoints.empty()) {
    parts.insert(parts.begin(), "families=FS (default)");
  }
  return absl::StrJoin(parts, ";");
}

// The sampling flags as the original writes them: "read=10,FS=10" (families upper-case).
std::string SamplingText(const Selection& s) {
  std::vector<std::string> parts;
  for (const auto& [name, rate] : s.sample_syscalls) parts.push_back(absl::StrCat(name, "=", rate));
  for (const auto& [name, rate] : s.sample_families) {
    std::string upper = name;
    for (char& c : upper) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
    parts.push_back(absl::StrCat(upper, "=", rate));
  }
  return absl::StrJoin(parts, ",");
}

}  // namespace

absl::StatusOr<std::unique_ptr<RowOutputs>> RowOutputs::Create(const Flags& flags,
                                                               std::string_view version) {
  auto outputs = std::make_unique<RowOutputs>();
  if (!flags.parquet.empty()) {
    ParquetOptions options;
    options.version = std::string(version);
    options.mode = "cli";
    // The poll loop only copies batches; a writer that falls behind sheds (and counts) rows
    // instead of stalling the trace.
    options.background = true;
    options.selection = SelectionText(flags.selection);
    options.sampling = SamplingText(flags.selection);
    absl::StatusOr<std::unique_ptr<ParquetSink>> sink = ParquetSink::Create(flags.parquet, options);
    if (!sink.ok()) return sink.status();
    outputs->parquet_ = *std::move(sink);
  }
  if (!flags.trace_json.empty()) {
    TraceJsonOptions options;
    options.max_events = flags.trace_json_max_events;
    outputs->flags_max_events_ = flags.trace_json_max_events;
    absl::StatusOr<std::unique_ptr<TraceJsonSink>> sink =
        TraceJsonSink::Create(flags.trace_json, options);
    if (!sink.ok()) return sink.status();
    outputs->trace_json_ = *std::move(sink);
  }
  return outputs;
}

void RowOutputs::Write(const EventBatch& batch) {
  if (parquet_ != nullptr) parquet_->Write(batch);
  if (trace_json_ != nullptr) trace_json_->Write(batch);
}

absl::Status RowOutputs::Finish(const SessionStats& stats) {
  absl::Status first;
  if (parquet_ != nullptr) {
    parquet_->SetStats(stats);
    absl::Status s = parquet_->Close();
    if (s.ok()) {
      std::fprintf(stderr, "Wrote %s: %llu rows, %llu shed\n", EscapeText(parquet_->path()).c_str(),
                   static_cast<unsigned long long>(parquet_->rows_written()),
                   static_cast<unsigned long long>(parquet_->rows_shed()));
    } else {
      first.Update(s);
    }
  }
  if (trace_json_ != nullptr) {
    absl::Status s = trace_json_->Close();
    if (s.ok()) {
      std::fprintf(stderr, "Wrote %s: %llu slices\n", EscapeText(trace_json_->path()).c_str(),
                   static_cast<unsigned long long>(trace_json_->events_written()));
      if (trace_json_->events_dropped() != 0) {
        std::fprintf(stderr,
                     "ior: note: the timeline is capped at %llu slices; %llu calls are not in "
                     "it (raise -trace-json-max-events, or 0 for no cap)\n",
                     static_cast<unsigned long long>(flags_max_events_),
                     static_cast<unsigned long long>(trace_json_->events_dropped()));
      }
    } else {
      first.Update(s);
    }
  }
  return first;
}

}  // namespace ior::cli
