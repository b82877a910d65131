// ior_parquet.h over the C++ core (ior::ParquetSink).
#include "ior/parquet.h"

#include <errno.h>

#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "capi_internal.h"
#include "ior/ior_error.h"
#include "ior/ior_parquet.h"
#include "ior/ior_session.h"

struct ior_parquet {
  // Shared with the session's tee, which may outlive the recorder (the session keeps it
  // until it is freed or gets another recorder).
  std::shared_ptr<ior::ParquetSink> sink;
};

namespace {

using ior::capi::Fail;
using ior::capi::FailWith;

}  // namespace

extern "C" {

IOR_API int ior_parquet_new(ior_parquet** out, const char* path, const ior_parquet_opts* opts) {
  IOR_CAPI_TRY
  if (out == nullptr) return Fail(-EINVAL, "ior_parquet_new: out is NULL");
  *out = nullptr;
  if (path == nullptr) return Fail(-EINVAL, "ior_parquet_new: path is NULL");
  ior_parquet_opts o;
  if (int err = ior::capi::ReadOpts(opts, "ior_parquet_opts", &o); err != 0) return err;
  if (o.zstd_level < 0 || o.zstd_level > 19) {
    return Fail(-EINVAL, "ior_parquet_new: zstd_level must be 1..19");
  }
  ior::ParquetOptions options;
  options.overwrite = o.no_overwrite == 0;
  if (o.row_group_rows != 0) options.row_group_rows = o.row_group_rows;
  if (o.zstd_level != 0) options.zstd_level = o.zstd_level;
  options.mode = o.mode != nullptr ? o.mode : "capi";
  if (o.selection != nullptr) options.selection = o.selection;
  if (o.sampling != nullptr) options.sampling = o.sampling;
  absl::StatusOr<std::unique_ptr<ior::ParquetSink>> sink =
      ior::ParquetSink::Create(path, std::move(options));
  if (!sink.ok()) {
    if (sink.status().code() == absl::StatusCode::kAlreadyExists) {
      return Fail(-EEXIST, sink.status().message());
    }
    return FailWith(sink.status());
  }
  auto pq = std::make_unique<ior_parquet>();
  pq->sink = std::shared_ptr<ior::ParquetSink>(std::move(*sink));
  *out = pq.release();
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_parquet_record(ior_parquet* pq, ior_session* session) {
  IOR_CAPI_TRY
  if (pq == nullptr || session == nullptr) {
    return Fail(-EINVAL, "ior_parquet_record: recorder or session is NULL");
  }
  std::shared_ptr<ior::ParquetSink> sink = pq->sink;
  ior::capi::SetBatchTee(session, ior::capi::TeeSlot::kParquet,
                         [sink](const ior::EventBatch& batch) { sink->Write(batch); });
  return 0;
  IOR_CAPI_CATCH
}

IOR_API int ior_parquet_close(ior_parquet* pq, const ior_session* stats_from) {
  IOR_CAPI_TRY
  if (pq == nullptr) return Fail(-EINVAL, "ior_parquet_close: recorder is NULL");
  if (stats_from != nullptr) pq->sink->SetStats(ior::capi::StatsOf(stats_from));
  absl::Status s = pq->sink->Close();
  if (!s.ok()) return FailWith(s);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API uint64_t ior_parquet_rows(const ior_parquet* pq) {
  return pq == nullptr ? 0 : pq->sink->rows_written();
}

IOR_API uint64_t ior_parquet_rows_shed(const ior_parquet* pq) {
  return pq == nullptr ? 0 : pq->sink->rows_shed();
}

IOR_API void ior_parquet_free(ior_parquet* pq) {
  try {
    if (pq != nullptr) (void)pq->sink->Close();
    delete pq;
  } catch (...) {
    // Nothing may cross the C boundary.
  }
}

}  // extern "C"
