#include "recorder.h"

#include <time.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "format.h"
#include "ior/parquet.h"

namespace ior::dashboard {

EventBatch CopyKept(const EventBatch& batch, const std::vector<uint8_t>& keep) {
  EventBatch out;
  const auto events = batch.events();
  for (size_t i = 0; i < events.size() && i < keep.size(); ++i) {
    if (!keep[i]) continue;
    Event e = events[i];
    auto copy = [&](uint32_t& ref) {
      if (ref != 0) ref = out.AddString(batch.String(ref));
    };
    copy(e.path_ref[0]);
    copy(e.path_ref[1]);
    copy(e.file_ref);
    copy(e.old_file_ref);
    out.mutable_events().push_back(e);
  }
  return out;
}

Recorder::~Recorder() {
  std::lock_guard lock(mu_);
  if (sink_ != nullptr) (void)sink_->Close();
}

std::string Recorder::DefaultName() {
  const time_t now = time(nullptr);
  struct tm tm_now = {};
  localtime_r(&now, &tm_now);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm_now);
  return std::string("ior-recording-") + stamp + ".parquet";
}

absl::Status Recorder::Start(const std::string& version, const std::string& path, bool replace) {
  std::lock_guard lock(mu_);
  if (sink_ != nullptr) return absl::FailedPreconditionError("a recording is running");
  ParquetOptions options;
  options.overwrite = replace;
  options.background = true;
  options.mode = "tui";
  options.version = version;
  options.selection = "rows passing the dashboard's filter";
  // "x.parquet" → "x-1.parquet", "x-2.parquet"... when x.parquet exists (never when replacing).
  const size_t dot = path.size() >= 8 && path.ends_with(".parquet") ? path.size() - 8 : path.size();
  for (int n = 0;; ++n) {
    const std::string name =
        n == 0 ? path : path.substr(0, dot) + "-" + std::to_string(n) + path.substr(dot);
    absl::StatusOr<std::unique_ptr<ParquetSink>> sink = ParquetSink::Create(name, options);
    if (sink.ok()) {
      sink_ = *std::move(sink);
      active_ = true;
      return absl::OkStatus();
    }
    if (replace || sink.status().code() != absl::StatusCode::kAlreadyExists || n >= 100) {
      return sink.status();
    }
  }
}

absl::StatusOr<std::string> Recorder::Stop(const SessionStats& stats) {
  std::unique_ptr<ParquetSink> sink;
  {
    std::lock_guard lock(mu_);
    active_ = false;
    sink = std::move(sink_);
  }
  if (sink == nullptr) return absl::FailedPreconditionError("no recording is running");
  sink->SetStats(stats);
  if (absl::Status s = sink->Close(); !s.ok()) return s;
  std::string line = "Wrote " + sink->path() + ": " + FormatCount(sink->rows_written()) + " rows";
  if (sink->rows_shed() > 0) line += " (" + FormatCount(sink->rows_shed()) + " shed)";
  return line;
}

void Recorder::Write(const EventBatch& batch) {
  std::lock_guard lock(mu_);
  if (sink_ != nullptr && !batch.empty()) sink_->Write(batch);
}

std::string Recorder::Describe() const {
  std::lock_guard lock(mu_);
  if (sink_ == nullptr) return "";
  std::string out = "REC " + sink_->path() + " (" + FormatCount(sink_->rows_offered()) + " rows";
  if (sink_->rows_shed() > 0) out += ", dropped " + FormatCount(sink_->rows_shed());
  return out + ")";
}

}  // namespace ior::dashboard
