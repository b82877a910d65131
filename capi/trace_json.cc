// ior_trace_json.h over the C++ core (ior::TraceJsonSink).
#include "ior/trace_json.h"

#include <errno.h>

#include <cstddef>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "capi_internal.h"
#include "ior/ior_session.h"
#include "ior/ior_trace_json.h"

struct ior_trace_json {
  // Shared with the session's tee, which may outlive the recorder (the session keeps it
  // until it is freed or gets another recorder).
  std::shared_ptr<ior::TraceJsonSink> sink;
};

namespace {

using ior::capi::Fail;
using ior::capi::FailWith;

}  // namespace

extern "C" {

IOR_API int ior_trace_json_new(ior_trace_json** out, const char* path,
                               const ior_trace_json_opts* opts) {
  IOR_CAPI_TRY
  if (out == nullptr) return Fail(-EINVAL, "ior_trace_json_new: out is NULL");
  *out = nullptr;
  if (path == nullptr) return Fail(-EINVAL, "ior_trace_json_new: path is NULL");
  ior::TraceJsonOptions options;
  if (opts != nullptr) {
    constexpr size_t kKnown = offsetof(ior_trace_json_opts, ior_trace_json_opts__last_field) +
                              sizeof(ior_trace_json_opts::ior_trace_json_opts__last_field);
    if (int err = ior::capi::CheckOptsSize(opts, opts->sz, kKnown, "ior_trace_json_opts");
        err != 0) {
      return err;
    }
    const ior_trace_json_opts o = ior::capi::OptsPrefix(opts);
    if (o.reserved0 != 0) return Fail(-EINVAL, "ior_trace_json_opts.reserved0 must be 0");
    options.overwrite = o.no_overwrite == 0;
    options.max_events = o.max_events;
  }
  absl::StatusOr<std::unique_ptr<ior::TraceJsonSink>> sink =
      ior::TraceJsonSink::Create(path, options);
  if (!sink.ok()) {
    if (sink.status().code() == absl::StatusCode::kAlreadyExists) {
      return Fail(-EEXIST, sink.status().message());
    }
    return FailWith(sink.status());
  }
  auto tj = std::make_unique<ior_trace_json>();
  tj->sink = std::shared_ptr<ior::TraceJsonSink>(std::move(*sink));
  *out = tj.release();
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_trace_json_record(ior_trace_json* tj, ior_session* session) {
  IOR_CAPI_TRY
  if (tj == nullptr || session == nullptr) {
    return Fail(-EINVAL, "ior_trace_json_record: recorder or session is NULL");
  }
  std::shared_ptr<ior::TraceJsonSink> sink = tj->sink;
  ior::capi::SetBatchTee(session, ior::capi::TeeSlot::kTraceJson,
                         [sink](const ior::EventBatch& batch) { sink->Write(batch); });
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_trace_json_close(ior_trace_json* tj) {
  IOR_CAPI_TRY
  if (tj == nullptr) return Fail(-EINVAL, "ior_trace_json_close: recorder is NULL");
  if (absl::Status s = tj->sink->Close(); !s.ok()) return FailWith(s);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API uint64_t ior_trace_json_events(const ior_trace_json* tj) {
  return tj == nullptr ? 0 : tj->sink->events_written();
}

IOR_API uint64_t ior_trace_json_dropped(const ior_trace_json* tj) {
  return tj == nullptr ? 0 : tj->sink->events_dropped();
}

IOR_API void ior_trace_json_free(ior_trace_json* tj) {
  try {
    if (tj != nullptr) (void)tj->sink->Close();
    delete tj;
  } catch (...) {
    // Nothing may cross the C boundary.
  }
}

}  // extern "C"
