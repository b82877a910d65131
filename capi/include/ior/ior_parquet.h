/**
 * @file ior_parquet.h
 * @brief ior_parquet: record every event of a session to a Parquet file, for SQL afterwards
 * (DuckDB, pandas...). The columns and the footer metadata are those of the C++
 * ior::ParquetSink (ior/parquet.h): the original ior's 24 columns, then bytes_class, errno,
 * wall_time_ns, cgroup_id, file_status, file_ino, no_return.
 *
 *   ior_parquet *pq = NULL;
 *   int err = ior_parquet_new(&pq, "run.parquet", NULL);  // writes run.parquet.tmp
 *   if (err == 0) err = ior_parquet_record(pq, session);  // every batch polled is recorded
 *   ... ior_session_poll() / ior_session_next() as usual, ior_session_stop(), drain ...
 *   err = ior_parquet_close(pq, session);  // footer (with the session's stats), rename
 *   ior_parquet_free(pq);
 *
 * Threads: a recorder is used from the thread that polls its session. Files are published
 * atomically: the path is either absent or a complete Parquet file.
 */
#ifndef IOR_IOR_PARQUET_H_
#define IOR_IOR_PARQUET_H_

#include <stddef.h>
#include <stdint.h>

#include "ior/ior_common.h"
#include "ior/ior_session.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A Parquet recorder; opaque. Created by ior_parquet_new(), released by ior_parquet_free(). */
typedef struct ior_parquet ior_parquet;

/**
 * Options of ior_parquet_new(), built with IOR_OPTS(); zero fields take the defaults. Strings
 * are copied; NULL means the default.
 */
typedef struct ior_parquet_opts {
  /** sizeof(ior_parquet_opts); set by IOR_OPTS(). */
  size_t sz;
  /** Non-zero: fail with -EEXIST if the path exists, and never replace a file at close. */
  int no_overwrite;
  /** Most rows in a row group (default 1048576). */
  size_t row_group_rows;
  /** zstd level of the pages, 1..19 (default 1). */
  int zstd_level;
  /** Footer metadata: ior.mode (default "capi"), ior.selection, ior.sampling. */
  const char *mode;
  const char *selection;
  const char *sampling;
} ior_parquet_opts;

/**
 * Creates `<path>.tmp` for writing. `*out` receives the recorder (NULL on error). `opts` may
 * be NULL. Returns 0, -EINVAL (NULL out or path, bad options), -EEXIST (see no_overwrite) or
 * the negative errno of creating the file.
 */
IOR_API int ior_parquet_new(ior_parquet **out, const char *path, const ior_parquet_opts *opts);

/**
 * Records every batch `session` delivers from now on, through ior_session_poll() or
 * ior_session_next(), before the caller sees its events. A session has one recorder at a time:
 * this replaces the previous one. The session must outlive the recording (close or free the
 * recorder first, or free the session only after ior_parquet_close()). Returns 0 or -EINVAL.
 */
IOR_API int ior_parquet_record(ior_parquet *pq, ior_session *session);

/**
 * Writes the footer, with the statistics of `stats_from` (may be NULL: the totals are then
 * "unavailable"), and renames the file into place. Rows offered afterwards are counted as
 * shed. A second call returns the first one's result. Returns 0, -EINVAL, or the negative
 * errno of the failed write/rename (the temporary file is then removed).
 */
IOR_API int ior_parquet_close(ior_parquet *pq, const ior_session *stats_from);

/** Rows in the file so far (after a successful close: all of them). 0 for NULL. */
IOR_API uint64_t ior_parquet_rows(const ior_parquet *pq);

/** Rows offered but not written (write errors, or after close). 0 for NULL. */
IOR_API uint64_t ior_parquet_rows_shed(const ior_parquet *pq);

/** Closes the file if ior_parquet_close() was not called (its error is lost), releases the
 * recorder. NULL is accepted. */
IOR_API void ior_parquet_free(ior_parquet *pq);

#ifdef __cplusplus
}
#endif

#endif /* IOR_IOR_PARQUET_H_ */
