// ior_flame.h over the C++ core (ior::FlameAggregator, ior/flame_*.h).
#include "ior/flame.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "capi_internal.h"
#include "ior/flame_collapsed.h"
#include "ior/flame_recording.h"
#include "ior/flame_svg.h"
#include "ior/ior_error.h"
#include "ior/ior_flame.h"
#include "ior/ior_version.h"
#include "ior/syscall_names.h"

static_assert(IOR_FLAME_COUNT == static_cast<int>(ior::FlameWeight::kCount));
static_assert(IOR_FLAME_DURATION == static_cast<int>(ior::FlameWeight::kDuration));
static_assert(IOR_FLAME_DURATION_TO_PREV == static_cast<int>(ior::FlameWeight::kDurationToPrev));
static_assert(IOR_FLAME_BYTES == static_cast<int>(ior::FlameWeight::kBytes));

struct ior_flame {
  // Shared with the tee of the session it is attached to, which holds it weakly: freeing the
  // flame detaches it.
  std::shared_ptr<ior::FlameAggregator> flame;
  int64_t created_unix_ns = 0;
  // What the file said, for a flame read by ior_flame_read_recording().
  std::optional<ior::RecordingInfo> recording;
};

namespace {

using ior::capi::Fail;
using ior::capi::FailWith;
using ior::capi::ReadOpts;

int ToStackOptions(const char* fields, int metric, bool escape_terminal, const char* fn,
                   ior::FlameStackOptions* out) {
  if (fields != nullptr) {
    absl::StatusOr<std::vector<ior::FlameField>> parsed = ior::ParseFlameFields(fields);
    if (!parsed.ok()) {
      return Fail(-EINVAL, std::string(fn) + ": " + std::string(parsed.status().message()));
    }
    out->fields = *std::move(parsed);
  }
  if (metric < IOR_FLAME_COUNT || metric > IOR_FLAME_BYTES) {
    return Fail(-EINVAL, std::string(fn) + ": metric " + std::to_string(metric) +
                             " is not an ior_flame_metric");
  }
  out->weight = static_cast<ior::FlameWeight>(metric);
  out->escape_terminal = escape_terminal;
  return 0;
}

std::string HostName() {
  char host[HOST_NAME_MAX + 1] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "localhost";
  return host;
}

// Writes all of `data` to `fd`; 0 or the negative errno.
int WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      return Fail(-err, std::string("ior_flame_write_svg: write failed: ") + strerror(err));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

// Calls a C callback; an exception it throws becomes IOR_ECALLBACK.
template <typename Call>
int CallBack(const char* what, Call&& call) {
  int rc;
  try {
    rc = call();
  } catch (const std::exception& e) {
    return Fail(IOR_ECALLBACK, std::string("the ") + what + " callback threw: " + e.what());
  } catch (...) {
    return Fail(IOR_ECALLBACK, std::string("the ") + what + " callback threw a C++ exception");
  }
  if (rc != 0)
    return Fail(rc, std::string("the ") + what + " callback returned " + std::to_string(rc));
  return 0;
}

}  // namespace

extern "C" {

IOR_API int ior_flame_new(ior_flame** out, const ior_flame_opts* opts) {
  IOR_CAPI_TRY
  if (out == nullptr) return Fail(-EINVAL, "ior_flame_new: out is NULL");
  *out = nullptr;
  ior_flame_opts o;
  if (int err = ReadOpts(opts, "ior_flame_opts", &o); err != 0) return err;
  ior::FlameAggregator::Options options;
  if (o.max_keys == SIZE_MAX) {
    options.max_keys = 0;  // the aggregator's "no limit"
  } else if (o.max_keys != 0) {
    options.max_keys = o.max_keys;
  }
  auto f = std::make_unique<ior_flame>();
  f->flame = std::make_shared<ior::FlameAggregator>(options);
  f->created_unix_ns = absl::ToUnixNanos(absl::Now());
  *out = f.release();
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_flame_attach(ior_flame* flame, ior_session* session) {
  IOR_CAPI_TRY
  if (session == nullptr) return Fail(-EINVAL, "ior_flame_attach: session is NULL");
  if (flame == nullptr) {
    ior::capi::SetBatchTee(session, ior::capi::TeeSlot::kFlame, nullptr);
    return 0;
  }
  std::weak_ptr<ior::FlameAggregator> weak = flame->flame;
  ior::capi::SetBatchTee(session, ior::capi::TeeSlot::kFlame, [weak](const ior::EventBatch& batch) {
    if (std::shared_ptr<ior::FlameAggregator> f = weak.lock()) {
      f->Add(batch);
    }
  });
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_flame_add_record(ior_flame* flame, const ior_flame_record* record) {
  IOR_CAPI_TRY
  if (flame == nullptr || record == nullptr) {
    return Fail(-EINVAL, "ior_flame_add_record: flame or record is NULL");
  }
  ior_flame_record r;
  if (int err = ReadOpts(record, "ior_flame_record", &r); err != 0) return err;
  if (r.syscall == nullptr || r.comm == nullptr) {
    return Fail(-EINVAL, "ior_flame_add_record: syscall and comm must not be NULL");
  }
  ior::FlameCounters c;
  c.count = r.count;
  c.duration_ns = r.duration_ns;
  c.duration_to_prev_ns = r.duration_to_prev_ns;
  c.bytes = r.bytes;
  flame->flame->AddRecord(r.path != nullptr ? r.path : "", r.syscall, r.comm, r.pid, r.tid, r.flags,
                          c);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_flame_merge(ior_flame* into, const ior_flame* from) {
  IOR_CAPI_TRY
  if (into == nullptr || from == nullptr) {
    return Fail(-EINVAL, "ior_flame_merge: a flame is NULL");
  }
  if (into == from) return Fail(-EINVAL, "ior_flame_merge: a flame cannot merge itself");
  into->flame->Merge(*from->flame);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_flame_foreach(const ior_flame* flame, ior_flame_record_fn fn, void* user_data) {
  IOR_CAPI_TRY
  if (flame == nullptr || fn == nullptr) {
    return Fail(-EINVAL, "ior_flame_foreach: flame or fn is NULL");
  }
  // The aggregator's strings are not NUL-terminated: copy each into a C string.
  std::string path, syscall, comm;
  for (const ior::FlameRecord& r : flame->flame->Records()) {
    path.assign(r.path);
    syscall.assign(r.syscall);
    comm.assign(r.comm);
    ior_flame_record c{};
    c.sz = sizeof(c);
    c.path = path.c_str();
    c.syscall = syscall.c_str();
    c.comm = comm.c_str();
    c.pid = r.pid;
    c.tid = r.tid;
    c.flags = r.flags;
    c.count = r.counters.count;
    c.duration_ns = r.counters.duration_ns;
    c.duration_to_prev_ns = r.counters.duration_to_prev_ns;
    c.bytes = r.counters.bytes;
    if (int rc = CallBack("record", [&] { return fn(user_data, &c); }); rc != 0) return rc;
  }
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_flame_collapsed(const ior_flame* flame, const ior_flame_stack_opts* opts,
                                ior_flame_line_fn fn, void* user_data) {
  IOR_CAPI_TRY
  if (flame == nullptr || fn == nullptr) {
    return Fail(-EINVAL, "ior_flame_collapsed: flame or fn is NULL");
  }
  ior_flame_stack_opts o;
  if (int err = ReadOpts(opts, "ior_flame_stack_opts", &o); err != 0) return err;
  ior::FlameStackOptions options;
  if (int err = ToStackOptions(o.fields, o.metric, o.escape_terminal != 0, "ior_flame_collapsed",
                               &options);
      err != 0) {
    return err;
  }
  for (const ior::CollapsedStack& line : ior::CollapseStacks(*flame->flame, options)) {
    if (int rc = CallBack("line", [&] { return fn(user_data, line.stack.c_str(), line.value); });
        rc != 0) {
      return rc;
    }
  }
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_flame_write_svg(const ior_flame* flame, const ior_flame_svg_opts* opts, int fd) {
  IOR_CAPI_TRY
  if (flame == nullptr) return Fail(-EINVAL, "ior_flame_write_svg: flame is NULL");
  if (fd < 0) return Fail(-EBADF, "ior_flame_write_svg: fd is negative");
  ior_flame_svg_opts o;
  if (int err = ReadOpts(opts, "ior_flame_svg_opts", &o); err != 0) return err;
  ior::FlameSvgOptions options;
  if (int err = ToStackOptions(o.fields, o.metric, true, "ior_flame_write_svg", &options.stack);
      err != 0) {
    return err;
  }
  if (o.width < 0) return Fail(-EINVAL, "ior_flame_write_svg: width is negative");
  if (o.width != 0) options.width = o.width;
  if (o.title != nullptr) options.title = o.title;
  return WriteAll(fd, ior::RenderFlameSvg(*flame->flame, options));
  IOR_CAPI_CATCH
}

IOR_API int ior_flame_write_recording(char* path, size_t path_len, const ior_flame* flame,
                                      const char* dir, const ior_flame_recording_opts* opts) {
  IOR_CAPI_TRY
  if (path_len != 0 && path == nullptr) {
    return Fail(-EINVAL, "ior_flame_write_recording: path is NULL but path_len is not 0");
  }
  if (path_len != 0) path[0] = '\0';
  if (flame == nullptr) return Fail(-EINVAL, "ior_flame_write_recording: flame is NULL");
  ior_flame_recording_opts o;
  if (int err = ReadOpts(opts, "ior_flame_recording_opts", &o); err != 0) return err;
  // A recording read back keeps what its file said unless the options say otherwise.
  ior::RecordingInfo info;
  if (flame->recording.has_value()) {
    info = *flame->recording;
  } else {
    info.tool_version = std::string("libior ") + IOR_VERSION_STRING + " (C API)";
    info.host = HostName();
    info.name = "default";
    info.start_unix_ns = flame->created_unix_ns;
    info.end_unix_ns = absl::ToUnixNanos(absl::Now());
  }
  if (o.name != nullptr) info.name = o.name;
  if (o.host != nullptr) info.host = o.host;
  if (o.selection != nullptr) info.selection = o.selection;
  if (absl::Status s = ior::ValidateRecordingName(info.name); !s.ok()) return FailWith(s);
  if (o.stats_from != nullptr) {
    ior::SetRecordingStats(ior::capi::StatsOf(o.stats_from), nullptr, &info);
  }
  absl::StatusOr<std::string> file =
      ior::PublishRecording(dir != nullptr ? dir : ".", info, *flame->flame);
  if (!file.ok()) return FailWith(file.status());
  if (file->size() > INT_MAX) return Fail(-ENAMETOOLONG, "ior_flame_write_recording: path");
  if (path_len != 0) {
    const size_t n = file->size() < path_len ? file->size() : path_len - 1;
    std::memcpy(path, file->data(), n);
    path[n] = '\0';
  }
  return static_cast<int>(file->size());
  IOR_CAPI_CATCH
}

IOR_API int ior_flame_read_recording(ior_flame** out, const char* path) {
  IOR_CAPI_TRY
  if (out == nullptr) return Fail(-EINVAL, "ior_flame_read_recording: out is NULL");
  *out = nullptr;
  if (path == nullptr) return Fail(-EINVAL, "ior_flame_read_recording: path is NULL");
  absl::StatusOr<ior::Recording> recording = ior::ReadRecording(path);
  if (!recording.ok()) return FailWith(recording.status());
  auto f = std::make_unique<ior_flame>();
  f->flame = std::make_shared<ior::FlameAggregator>(std::move(recording->flame));
  f->created_unix_ns = recording->info.start_unix_ns;
  f->recording = std::move(recording->info);
  *out = f.release();
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_flame_info_get(const ior_flame* flame, ior_flame_info* info) {
  IOR_CAPI_TRY
  if (flame == nullptr || info == nullptr) {
    return Fail(-EINVAL, "ior_flame_info_get: flame or info is NULL");
  }
  if (int err = ior::capi::CheckOutSize(info->sz, "ior_flame_info"); err != 0) return err;
  ior_flame_info c{};
  c.tool_version = c.host = c.name = c.selection = "";
  c.start_unix_ns = flame->created_unix_ns;
  if (flame->recording.has_value()) {
    const ior::RecordingInfo& r = *flame->recording;
    c.from_recording = 1;
    c.tool_version = r.tool_version.c_str();
    c.host = r.host.c_str();
    c.name = r.name.c_str();
    c.selection = r.selection.c_str();
    c.start_unix_ns = r.start_unix_ns;
    c.end_unix_ns = r.end_unix_ns;
    c.max_keys = r.max_keys;
  }
  ior::capi::CopyOut(c, info);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_flame_stats(ior_stats** out, const ior_flame* flame) {
  IOR_CAPI_TRY
  if (out == nullptr) return Fail(-EINVAL, "ior_flame_stats: out is NULL");
  *out = nullptr;
  if (flame == nullptr) return Fail(-EINVAL, "ior_flame_stats: flame is NULL");
  if (!flame->recording.has_value()) {
    return Fail(-ENODATA, "ior_flame_stats: the flame was not read from a recording");
  }
  *out = ior::capi::NewStats(ior::RecordedSessionStats(*flame->recording));
  return 0;
  IOR_CAPI_CATCH
}

IOR_API uint64_t ior_flame_total(const ior_flame* flame, ior_flame_metric metric) {
  const int m = static_cast<int>(metric);
  if (flame == nullptr || m < IOR_FLAME_COUNT || m > IOR_FLAME_BYTES) return 0;
  return ior::FlameWeightOf(flame->flame->totals(), static_cast<ior::FlameWeight>(m));
}

IOR_API size_t ior_flame_keys(const ior_flame* flame) {
  return flame == nullptr ? 0 : flame->flame->size();
}

IOR_API uint64_t ior_flame_folded(const ior_flame* flame, uint64_t* pidless, uint64_t* other) {
  ior::FlameFolds folds;
  if (flame != nullptr) {
    // A recording read back holds its records unbounded; the folds are those of its run.
    folds = flame->recording.has_value() ? flame->recording->folds : flame->flame->folds();
  }
  if (pidless != nullptr) *pidless = folds.pidless;
  if (other != nullptr) *other = folds.other;
  return folds.total();
}

IOR_API void ior_flame_free(ior_flame* flame) { delete flame; }

}  // extern "C"
