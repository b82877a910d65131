#include "options.h"

#include <pybind11/stl.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "errors.h"
#include "ior/cgroup.h"
#include "ior/selection.h"

namespace ior::python {
namespace py = pybind11;
namespace {

template <typename T>
std::optional<T> Get(const py::dict& extra, const char* key) {
  if (!extra.contains(key)) return std::nullopt;
  return extra[key].cast<T>();
}

void GetInto(const py::dict& extra, const char* key, std::vector<std::string>* out) {
  if (auto v = Get<std::vector<std::string>>(extra, key)) *out = *std::move(v);
}

TextFilter::Match MatchOf(const std::string& name) {
  if (name == "exact") return TextFilter::Match::kExact;
  if (name == "prefix") return TextFilter::Match::kPrefix;
  if (name == "substring") return TextFilter::Match::kSubstring;
  ThrowStatus(absl::InvalidArgumentError(
      absl::StrCat("unknown match '", name, "': expected substring, exact or prefix")));
}

std::optional<TextFilter> FilterOf(const py::dict& extra, const char* text_key,
                                   const char* match_key) {
  std::optional<std::string> text = Get<std::string>(extra, text_key);
  if (!text.has_value()) return std::nullopt;
  return TextFilter{*std::move(text),
                    MatchOf(Get<std::string>(extra, match_key).value_or("substring"))};
}

}  // namespace

SessionOptions MakeOptions(std::vector<pid_t> pids, std::vector<pid_t> tids,
                           std::vector<std::string> families, std::vector<std::string> syscalls,
                           size_t batch_size, double max_delay_s, size_t ring_bytes,
                           size_t max_queued_batches, const py::dict& extra) {
  SessionOptions options;
  options.pids = std::move(pids);
  options.tids = std::move(tids);
  options.selection.families = std::move(families);
  options.syscalls = std::move(syscalls);
  options.batch_size = batch_size;
  options.max_delay = absl::Seconds(max_delay_s);
  options.ring_bytes = ring_bytes;
  options.max_queued_batches = max_queued_batches;

  Selection& s = options.selection;
  GetInto(extra, "kinds", &s.kinds);
  GetInto(extra, "tracepoints", &s.tracepoints);
  GetInto(extra, "exclude_families", &s.exclude_families);
  GetInto(extra, "exclude_kinds", &s.exclude_kinds);
  GetInto(extra, "exclude_syscalls", &s.exclude_syscalls);
  GetInto(extra, "exclude_tracepoints", &s.exclude_tracepoints);
  using Rates = std::map<std::string, uint32_t>;
  if (auto v = Get<Rates>(extra, "sample_families")) s.sample_families = *std::move(v);
  if (auto v = Get<Rates>(extra, "sample_syscalls")) s.sample_syscalls = *std::move(v);

  if (auto id = Get<uint64_t>(extra, "cgroup_id")) options.cgroup_id = *id;
  if (auto path = Get<std::string>(extra, "cgroup_path")) {
    absl::StatusOr<uint64_t> id = CgroupIdOfPath(*path);
    if (!id.ok()) ThrowStatus(id.status());
    options.cgroup_id = *id;
  }
  options.comm_filter = FilterOf(extra, "comm_filter", "comm_match");
  options.path_filter = FilterOf(extra, "path_filter", "path_match");
  if (auto v = Get<bool>(extra, "track_files")) options.track_files = *v;
  if (auto v = Get<std::string>(extra, "btf_path")) options.btf_path = *std::move(v);
  return options;
}

}  // namespace ior::python
