/**
 * @file ior_trace_json.h
 * @brief ior_trace_json: record a session as a timeline in the Chrome trace-event JSON format,
 * which Perfetto (ui.perfetto.dev) and chrome://tracing open: one slice per call on its
 * thread's track, named by the syscall, with its file, ret, errno and bytes (the C++
 * ior::TraceJsonSink, ior/trace_json.h, as `ior -trace-json` writes it). Since 0.3.
 *
 *   ior_trace_json *tj = NULL;
 *   int err = ior_trace_json_new(&tj, "run.json", NULL);  // writes run.json.tmp
 *   if (err == 0) err = ior_trace_json_record(tj, session); // every batch polled is written
 *   ... ior_session_poll() / ior_session_next() as usual, until IOR_EEOS ...
 *   err = ior_trace_json_close(tj);                         // ends the document, renames
 *   ior_trace_json_free(tj);
 *
 * Threads: a recorder is used from the thread that polls its session. Files are published
 * atomically: the path is either absent or a complete JSON document.
 */
#ifndef IOR_IOR_TRACE_JSON_H_
#define IOR_IOR_TRACE_JSON_H_

#include <stddef.h>
#include <stdint.h>

#include "ior/ior_common.h"
#include "ior/ior_session.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A trace-JSON recorder; opaque. Created by ior_trace_json_new(), released by
 * ior_trace_json_free(). */
typedef struct ior_trace_json ior_trace_json;

/** Options of ior_trace_json_new(), built with IOR_OPTS(); zero fields take the defaults. */
typedef struct ior_trace_json_opts {
  /** sizeof(ior_trace_json_opts); set by IOR_OPTS(). */
  size_t sz;
  /** Most slices written (0: no cap). Past it, calls are counted (ior_trace_json_dropped())
   * and the file says how many are missing. */
  uint64_t max_events;
  /** Non-zero: fail with -EEXIST if the path exists. */
  uint32_t no_overwrite;
  /** 0. */
  uint32_t reserved0;
} ior_trace_json_opts;

/** The last field of ior_trace_json_opts that this header knows. */
/* NOLINTNEXTLINE(bugprone-reserved-identifier): the IOR_OPTS convention, <struct>__last_field */
#define ior_trace_json_opts__last_field reserved0

/**
 * @brief **ior_trace_json_new()** creates `<path>.tmp` for writing.
 *
 * @param out receives the recorder (NULL on error); must not be NULL.
 * @param path where the document goes; must not be NULL or empty. Copied.
 * @param opts options, or NULL for the defaults.
 * @return 0, -EINVAL (NULL out or path, bad options), -EEXIST (see no_overwrite) or the
 * negative errno of creating the file.
 */
IOR_API int ior_trace_json_new(ior_trace_json **out, const char *path,
                               const ior_trace_json_opts *opts);

/**
 * @brief **ior_trace_json_record()** writes every batch `session` delivers from now on,
 * through ior_session_poll() or ior_session_next(), before the caller sees its events. A
 * session has one trace-JSON recorder at a time (besides its ior_parquet and ior_flame): this
 * replaces the previous one. The recorder stays valid while the session uses it, even after
 * ior_trace_json_free().
 *
 * @return 0 or -EINVAL (NULL).
 */
IOR_API int ior_trace_json_record(ior_trace_json *tj, ior_session *session);

/**
 * @brief **ior_trace_json_close()** ends the document and renames it into place. Calls offered
 * afterwards are counted as dropped. A second call returns the first one's result.
 *
 * @return 0, -EINVAL, or the negative errno of the failed write/rename (the temporary file is
 * then removed).
 */
IOR_API int ior_trace_json_close(ior_trace_json *tj);

/** @brief **ior_trace_json_events()**: slices written so far. 0 for NULL. */
IOR_API uint64_t ior_trace_json_events(const ior_trace_json *tj);

/** @brief **ior_trace_json_dropped()**: calls not written (the cap, a write error, or after
 * close). 0 for NULL. */
IOR_API uint64_t ior_trace_json_dropped(const ior_trace_json *tj);

/** @brief **ior_trace_json_free()** closes the document if ior_trace_json_close() was not
 * called (its error is lost) and releases the recorder. NULL is accepted. */
IOR_API void ior_trace_json_free(ior_trace_json *tj);

#ifdef __cplusplus
}
#endif

#endif /* IOR_IOR_TRACE_JSON_H_ */
