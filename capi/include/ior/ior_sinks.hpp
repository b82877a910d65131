// ior/ior_sinks.hpp: part of ior/ior.hpp (include that): the file recorders a session feeds,
// TraceJson (a Perfetto/Chrome timeline, ior_trace_json.h) and Parquet (every event as a row,
// ior_parquet.h). Both record the batches the session delivers through Poll(), Next() or
// Events(), before the caller sees them, and publish their file atomically at Close().
//
//   abi::Result<abi::Parquet> pq = abi::Parquet::Create("run.parquet");
//   if (pq.ok()) pq->Record(*session);
//   for (const ior_event& e : session->Events()) ...
//   abi::Error err = pq->Close(*session);  // footer with the session's statistics
//
// A recorder must go before its session (declare it after the session, or Close() it first).
#ifndef IOR_IOR_SINKS_HPP_
#define IOR_IOR_SINKS_HPP_

#include <cstddef>
#include <cstdint>
#include <string>

#include "ior/ior.h"
#include "ior/ior_result.hpp"
#include "ior/ior_session.hpp"

namespace ior::abi {

// A Perfetto/Chrome timeline of a session (ior_trace_json.h).
class TraceJson {
 public:
  struct Options {
    // Most slices written (0: no cap); past it calls are counted in dropped().
    uint64_t max_events = 0;
    // Fail with -EEXIST if the path exists.
    bool no_overwrite = false;
  };

  static Result<TraceJson> Create(const std::string& path, const Options& options) {
    ior_trace_json_opts o = IOR_OPTS_INIT(ior_trace_json_opts);
    o.max_events = options.max_events;
    o.no_overwrite = options.no_overwrite ? 1 : 0;
    ior_trace_json* t = nullptr;
    const int rc = ior_trace_json_new(&t, path.c_str(), &o);
    if (rc != 0) return Error(rc);
    return TraceJson(t);
  }
  static Result<TraceJson> Create(const std::string& path, uint64_t max_events = 0) {
    Options options;
    options.max_events = max_events;
    return Create(path, options);
  }
  // Writes every batch `session` delivers from now on.
  Error Record(Session& session) {
    return Error(ior_trace_json_record(trace_.get(), session.get()));
  }
  // Ends the document and renames it into place; a second call returns the first's result.
  Error Close() { return Error(ior_trace_json_close(trace_.get())); }
  uint64_t events() const { return ior_trace_json_events(trace_.get()); }
  uint64_t dropped() const { return ior_trace_json_dropped(trace_.get()); }
  ior_trace_json* get() const { return trace_.get(); }

 private:
  explicit TraceJson(ior_trace_json* t) : trace_(t) {}
  TraceJsonPtr trace_;
};

// Every event of a session as a row of a Parquet file (ior_parquet.h): the columns and footer
// of `ior -parquet`.
class Parquet {
 public:
  struct Options {
    // Fail with -EEXIST if the path exists, and never replace a file at Close().
    bool no_overwrite = false;
    // Most rows in a row group (0: the library's default).
    size_t row_group_rows = 0;
    // zstd level of the pages, 1..19 (0: the library's default).
    int zstd_level = 0;
    // Footer metadata ior.mode, ior.selection, ior.sampling (empty: the library's default).
    std::string mode, selection, sampling;
  };

  // Creates `<path>.tmp`; the file appears at `path` when Close() succeeds.
  static Result<Parquet> Create(const std::string& path, const Options& options) {
    ior_parquet_opts o = IOR_OPTS_INIT(ior_parquet_opts);
    o.no_overwrite = options.no_overwrite ? 1 : 0;
    o.row_group_rows = options.row_group_rows;
    o.zstd_level = options.zstd_level;
    o.mode = options.mode.empty() ? nullptr : options.mode.c_str();
    o.selection = options.selection.empty() ? nullptr : options.selection.c_str();
    o.sampling = options.sampling.empty() ? nullptr : options.sampling.c_str();
    ior_parquet* p = nullptr;
    const int rc = ior_parquet_new(&p, path.c_str(), &o);
    if (rc != 0) return Error(rc);
    return Parquet(p);
  }
  static Result<Parquet> Create(const std::string& path) { return Create(path, Options()); }

  // Records every batch `session` delivers from now on. The session must outlive the
  // recording (Close() first, or destroy this object first).
  Error Record(Session& session) {
    return Error(ior_parquet_record(parquet_.get(), session.get()));
  }
  // Writes the footer, with `stats_from`'s kernel totals and loss figures, and publishes the
  // file. A second call returns the first one's result.
  Error Close(const Session& stats_from) {
    return Error(ior_parquet_close(parquet_.get(), stats_from.get()));
  }
  // The same without statistics: the footer says they are unavailable.
  Error Close() { return Error(ior_parquet_close(parquet_.get(), nullptr)); }
  // Rows in the file so far (after Close(): all of them).
  uint64_t rows() const { return ior_parquet_rows(parquet_.get()); }
  // Rows offered but not written (a write error, or after Close()).
  uint64_t rows_shed() const { return ior_parquet_rows_shed(parquet_.get()); }
  ior_parquet* get() const { return parquet_.get(); }

 private:
  explicit Parquet(ior_parquet* p) : parquet_(p) {}
  ParquetPtr parquet_;
};

}  // namespace ior::abi

#endif  // IOR_IOR_SINKS_HPP_
