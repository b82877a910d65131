// Reading back what a Parquet file says about itself (ior/parquet.h): ReadParquetInfo() and
// RecordedStats(), the inverse of the footer ParquetSink writes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "ior/parquet.h"
#include "ior/stats.h"
#include "parquet/footer_reader.h"

namespace ior {

namespace pq = internal::parquet;

const std::string* ParquetFileInfo::Find(std::string_view key) const {
  for (const auto& [k, v] : metadata) {
    if (k == key) return &v;
  }
  return nullptr;
}

absl::StatusOr<ParquetFileInfo> ReadParquetInfo(const std::string& path) {
  absl::StatusOr<pq::FooterInfo> footer = pq::ReadFooter(path);
  if (!footer.ok()) return footer.status();
  ParquetFileInfo info;
  info.num_rows = footer->num_rows;
  info.row_groups = footer->row_groups;
  info.columns = std::move(footer->columns);
  info.metadata = std::move(footer->key_value);
  info.created_by = std::move(footer->created_by);
  return info;
}

namespace {

// The unsigned number after `"key":` in `object`, or nullopt.
std::optional<uint64_t> JsonNumber(std::string_view object, std::string_view key) {
  std::string needle = "\"";
  needle.append(key);
  needle.append("\":");
  const size_t at = object.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = object.substr(at + needle.size());
  size_t n = 0;
  while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
  uint64_t value = 0;
  if (!absl::SimpleAtoi(absl::string_view(rest.data(), n), &value)) return std::nullopt;
  return value;
}

}  // namespace

absl::StatusOr<SessionStats> RecordedStats(const ParquetFileInfo& info) {
  const std::string* per_syscall = info.Find("ior.syscall_stats");
  if (per_syscall == nullptr) {
    return absl::NotFoundError("the file holds no session statistics (ior.syscall_stats)");
  }
  SessionStats stats;
  const auto counter = [&info](std::string_view key, uint64_t* out) {
    const std::string* v = info.Find(key);
    if (v == nullptr || !absl::SimpleAtoi(*v, out)) return false;
    return true;
  };
  const bool totals = counter("ior.kernel_count", &stats.kernel_count) &&
                      counter("ior.delivered", &stats.delivered) &&
                      counter("ior.sampled_out", &stats.sampled_out) &&
                      counter("ior.dropped", &stats.dropped) &&
                      counter("ior.filtered", &stats.filtered) &&
                      counter("ior.exits_without_enter", &stats.exits_without_enter) &&
                      counter("ior.state_unavailable", &stats.state_unavailable) &&
                      counter("ior.control_dropped", &stats.control_dropped);
  if (!totals) return absl::InvalidArgumentError("the file's session counters are incomplete");
  counter("ior.degraded", &stats.degraded);  // absent from files of older writers: 0
  std::string_view rest = *per_syscall;
  for (size_t open = rest.find('{'); open != std::string_view::npos; open = rest.find('{')) {
    const size_t close = rest.find('}', open);
    if (close == std::string_view::npos) break;
    const std::string_view object = rest.substr(open, close - open + 1);
    rest.remove_prefix(close + 1);
    SyscallStats s;
    const std::optional<uint64_t> nr = JsonNumber(object, "nr");
    const std::optional<uint64_t> fields[] = {
        JsonNumber(object, "count"),          JsonNumber(object, "errors"),
        JsonNumber(object, "sampled_out"),    JsonNumber(object, "delivered"),
        JsonNumber(object, "latency_sum_ns"), JsonNumber(object, "latency_min_ns"),
        JsonNumber(object, "latency_max_ns")};
    if (!nr.has_value()) return absl::InvalidArgumentError("bad entry in ior.syscall_stats");
    for (const auto& f : fields) {
      if (!f.has_value()) return absl::InvalidArgumentError("bad entry in ior.syscall_stats");
    }
    s.nr = static_cast<uint32_t>(*nr);
    s.count = *fields[0];
    s.errors = *fields[1];
    s.sampled_out = *fields[2];
    s.delivered = *fields[3];
    s.latency_sum_ns = *fields[4];
    s.latency_min_ns = *fields[5];
    s.latency_max_ns = *fields[6];
    // Absent from files of older writers (nothing degraded then).
    s.degraded = JsonNumber(object, "degraded").value_or(0);
    s.degraded_one_in = static_cast<uint32_t>(JsonNumber(object, "degraded_one_in").value_or(0));
    // Sparse "bucket:count" pairs; absent from files of older writers (no percentiles then).
    constexpr std::string_view kHistogram = "\"latency_histogram\":\"";
    if (size_t at = object.find(kHistogram); at != std::string_view::npos) {
      std::string_view pairs = object.substr(at + kHistogram.size());
      pairs = pairs.substr(0, pairs.find('"'));
      for (absl::string_view pair :
           absl::StrSplit(absl::string_view(pairs.data(), pairs.size()), ' ', absl::SkipEmpty())) {
        const size_t colon = pair.find(':');
        uint64_t bucket = 0;
        uint64_t count = 0;
        if (colon == absl::string_view::npos ||
            !absl::SimpleAtoi(absl::string_view(pair.data(), colon), &bucket) ||
            !absl::SimpleAtoi(absl::string_view(pair.data() + colon + 1, pair.size() - colon - 1),
                              &count) ||
            bucket >= kHistogramBuckets) {
          return absl::InvalidArgumentError("bad latency histogram in ior.syscall_stats");
        }
        s.histogram[bucket] = count;
      }
    }
    stats.syscalls.push_back(s);
  }
  return stats;
}

}  // namespace ior
