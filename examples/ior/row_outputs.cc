#include "row_outputs.h"

#include <cstdio>
#include <string>

#include "ior/escape.h"
#include "ior/selection.h"

namespace ior::cli {

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
