/**
 * @file ior_flame.h
 * @brief ior_flame: flamegraph aggregation and `.ior.zst` recordings, as the `ior` CLI's
 * `-flamegraph`, `ior collapsed` and `ior svg` make them (the C++ ior::FlameAggregator,
 * ior/flame.h, and its recording format, ior/flame_recording.h).
 *
 * Events are summed per key (path, syscall, comm, pid, tid, open flags) into four counters:
 * count, duration (latency), duration to the previous call (gap) and bytes. Memory is bounded:
 * past `max_keys` keys, the events of new keys fold into coarser keys (pid 0/tid 0, then
 * "[other]"); every total stays exact and ior_flame_folded() says how many events folded.
 *
 *   ior_flame *flame = NULL;
 *   int err = ior_flame_new(&flame, NULL);               // default cap: 524288 keys
 *   if (err == 0) err = ior_flame_attach(flame, session); // every batch polled is aggregated
 *   ... ior_session_poll() / ior_session_next() as usual, ior_session_stop(), drain ...
 *   IOR_OPTS(ior_flame_stack_opts, so, .metric = IOR_FLAME_BYTES);
 *   err = ior_flame_collapsed(flame, &so, print_line, stdout);  // "app;enter_read;;/tmp;/f 42"
 *   char path[4096];
 *   IOR_OPTS(ior_flame_recording_opts, ro, .name = "run", .stats_from = session);
 *   err = ior_flame_write_recording(path, sizeof(path), flame, ".", &ro);
 *   ior_flame_free(flame);
 *
 *   ior_flame *back = NULL;
 *   err = ior_flame_read_recording(&back, path);  // -EINVAL: not a recording, -EIO: corrupt
 *
 * Threads: a flame is not thread-safe. An attached flame is written by the thread that polls
 * its session: read it from that thread, or after the polling stopped. Flames on different
 * threads can be combined with ior_flame_merge().
 */
#ifndef IOR_IOR_FLAME_H_
#define IOR_IOR_FLAME_H_

#include <stddef.h>
#include <stdint.h>

#include "ior/ior_common.h"
#include "ior/ior_session.h"
#include "ior/ior_stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A flame aggregation; opaque. Created by ior_flame_new() or ior_flame_read_recording(),
 * released by ior_flame_free(). */
typedef struct ior_flame ior_flame;

/** The four counters of a key, and the weights of collapsed stacks. Values are fixed. */
typedef enum ior_flame_metric {
  /** Events. */
  IOR_FLAME_COUNT = 0,
  /** Summed latency, ns. */
  IOR_FLAME_DURATION = 1,
  /** Summed time since the thread's previous call returned, ns ("durationToPrev"). */
  IOR_FLAME_DURATION_TO_PREV = 2,
  /** Summed bytes moved. */
  IOR_FLAME_BYTES = 3
} ior_flame_metric;

/** Options of ior_flame_new(), built with IOR_OPTS(); zero fields take the defaults. */
typedef struct ior_flame_opts {
  /** sizeof(ior_flame_opts); set by IOR_OPTS(). */
  size_t sz;
  /** Keys kept exactly before folding starts (default 524288, as `-flamegraph-max-keys`);
   * SIZE_MAX: no limit. */
  size_t max_keys;
} ior_flame_opts;

/**
 * One key and its sums: handed to ior_flame_foreach() callbacks (then `sz` is the library's
 * sizeof(ior_flame_record)) and taken by ior_flame_add_record() (then `sz` must be set, e.g.
 * by IOR_OPTS(); fields past it are 0). Strings are NUL-terminated; NULL or "" for no path.
 */
typedef struct ior_flame_record {
  size_t sz;
  /** The file label: a path, "old -> new" for renames, "E:ino:<n>"; "" when the call has no
   * file. */
  const char *path;
  /** The syscall's name, "openat". */
  const char *syscall;
  /** The task name. */
  const char *comm;
  uint32_t pid;
  uint32_t tid;
  /** Open flags of the call's descriptor (O_RDONLY, O_CLOEXEC, ...). */
  uint32_t flags;
  uint32_t reserved; /**< 0 */
  uint64_t count;
  uint64_t duration_ns;
  uint64_t duration_to_prev_ns;
  uint64_t bytes;
} ior_flame_record;

/**
 * How records become collapsed stacks (see ior_flame_collapsed()). Built with IOR_OPTS();
 * zero fields take the defaults.
 */
typedef struct ior_flame_stack_opts {
  /** sizeof(ior_flame_stack_opts); set by IOR_OPTS(). */
  size_t sz;
  /** Comma-separated frames, outermost first, of comm, tracepoint, path, pid, tid, flags
   * (NULL: "comm,tracepoint,path", as `ior collapsed`). */
  const char *fields;
  /** The weight of a line, an ior_flame_metric (default IOR_FLAME_COUNT). */
  int metric;
  /** Non-zero: also write control bytes, DEL, the C1 controls and invalid UTF-8 as \xHH, so
   * the output cannot drive a terminal (`-escape always`). LF and CR are always escaped. */
  int escape_terminal;
} ior_flame_stack_opts;

/** Options of ior_flame_write_svg(), built with IOR_OPTS(); zero fields take the defaults. */
typedef struct ior_flame_svg_opts {
  /** sizeof(ior_flame_svg_opts); set by IOR_OPTS(). */
  size_t sz;
  /** As ior_flame_stack_opts.fields. */
  const char *fields;
  /** As ior_flame_stack_opts.metric. */
  int metric;
  /** Width in pixels (default 1200). */
  int width;
  /** Title (NULL: "I/O Traces (<fields> by <metric>)"). */
  const char *title;
} ior_flame_svg_opts;

/** Options of ior_flame_write_recording(), built with IOR_OPTS(); zero fields take the
 * defaults. Strings are copied. */
typedef struct ior_flame_recording_opts {
  /** sizeof(ior_flame_recording_opts); set by IOR_OPTS(). */
  size_t sz;
  /** The middle part of the file name (NULL: "default"); no '/'. */
  const char *name;
  /** The session whose kernel totals, per-syscall statistics and loss figures the recording
   * keeps (NULL: none, all 0). */
  const ior_session *stats_from;
  /** How the syscalls were selected, free text for readers (NULL: ""). */
  const char *selection;
  /** The host name in the file and its name (NULL: gethostname()). */
  const char *host;
} ior_flame_recording_opts;

/** What a recording says besides its records; see ior_flame_info_get(). Strings belong to
 * the flame and live as long as it. */
typedef struct ior_flame_info {
  /** Set by the caller to sizeof(ior_flame_info); the library fills that much. */
  size_t sz;
  /** Non-zero for a flame read by ior_flame_read_recording(); the fields below are then
   * those of the file, else "" and 0 (start_unix_ns: when the flame was created). */
  int from_recording;
  const char *tool_version;
  const char *host;
  const char *name;
  const char *selection;
  /** Wall clock, UTC nanoseconds since 1970. */
  int64_t start_unix_ns;
  int64_t end_unix_ns;
  /** The cap of the aggregation that was written (0: none). */
  uint64_t max_keys;
} ior_flame_info;

/**
 * Creates an empty aggregation. `*out` receives it (NULL on error); `opts` may be NULL.
 * Returns 0, -EINVAL (NULL out, opts->sz not set) or -ENOMEM.
 */
IOR_API int ior_flame_new(ior_flame **out, const ior_flame_opts *opts);

/**
 * Aggregates every batch `session` delivers from now on, through ior_session_poll() or
 * ior_session_next(), before the caller sees its events. A session has one flame at a time
 * (besides one ior_parquet recorder): this replaces the previous one; `flame` NULL detaches.
 * Freeing the flame detaches it too. Returns 0 or -EINVAL (NULL session).
 */
IOR_API int ior_flame_attach(ior_flame *flame, ior_session *session);

/**
 * Adds `record`'s counters to its key, subject to the same cap and folding as events (for
 * merging your own data, tests, other tools' traces). `record->syscall` and `record->comm`
 * must not be NULL. Returns 0 or -EINVAL.
 */
IOR_API int ior_flame_add_record(ior_flame *flame, const ior_flame_record *record);

/** Adds every key of `from` to `into` (`from` is unchanged). Returns 0 or -EINVAL. */
IOR_API int ior_flame_merge(ior_flame *into, const ior_flame *from);

/** Called once per key; return non-zero to stop. The record and its strings are valid during
 * the call only. */
typedef int (*ior_flame_record_fn)(void *user_data, const ior_flame_record *record);

/**
 * Calls `fn` for every key, sorted by (comm, syscall, path, pid, tid, flags). `fn` must not
 * modify the flame. Returns 0, -EINVAL (NULL flame or fn), the callback's non-zero value, or
 * IOR_ECALLBACK if it threw a C++ exception.
 */
IOR_API int ior_flame_foreach(const ior_flame *flame, ior_flame_record_fn fn, void *user_data);

/** Called once per collapsed line: `stack` is the frames joined by ';' (NUL-terminated, no
 * line end), `value` its weight (never 0). Return non-zero to stop. */
typedef int (*ior_flame_line_fn)(void *user_data, const char *stack, uint64_t value);

/**
 * The collapsed stacks, as `ior collapsed` writes them (ready for flamegraph.pl, inferno,
 * speedscope: write "<stack> <value>\n" per call): the path split per directory ("/tmp/f"
 * gives the frames "", "/tmp", "/f"), "[unknown]" for a key without any selected frame, equal
 * stacks summed, no weight-0 line, sorted by stack. `opts` may be NULL (the defaults).
 * Returns 0, -EINVAL (NULL flame or fn, an unknown field or metric), the callback's non-zero
 * value, or IOR_ECALLBACK.
 */
IOR_API int ior_flame_collapsed(const ior_flame *flame, const ior_flame_stack_opts *opts,
                                ior_flame_line_fn fn, void *user_data);

/**
 * Writes a self-contained interactive SVG flamegraph (as `ior svg`: hover, click to zoom,
 * search) to the open descriptor `fd`, which stays open. `opts` may be NULL. Returns 0,
 * -EINVAL, or the negative errno of the failed write().
 */
IOR_API int ior_flame_write_svg(const ior_flame *flame, const ior_flame_svg_opts *opts, int fd);

/**
 * Writes the flame as a recording into directory `dir` (NULL: "."), named
 * "<host>-<name>-<YYYY-MM-DD_HH:MM:SS>.ior.zst" (local time of the flame's creation), and
 * never overwrites: "-1", "-2", ... go before the suffix when the name is taken. Atomic (a
 * temporary file is renamed into place). `ior collapsed` and `ior svg` read it.
 *
 * The path of the file is copied into `path` (`path_len` bytes, NUL-terminated, truncated if
 * too small; `path` may be NULL when `path_len` is 0). Returns the length of the path (as
 * snprintf: the path was truncated if it is >= path_len, the file is written all the same),
 * -EINVAL (NULL flame, a bad name), or the negative errno of the failed write.
 */
IOR_API int ior_flame_write_recording(char *path, size_t path_len, const ior_flame *flame,
                                      const char *dir, const ior_flame_recording_opts *opts);

/**
 * Reads a recording: `*out` receives a flame with every record of the file (no cap; NULL on
 * error). Returns 0, -ENOENT / -EPERM (cannot open), -EINVAL (empty, not an ior recording, a
 * format version this library does not know), -EIO (truncated or corrupt: a checksum fails)
 * or -ENOMEM. ior_last_error() says which, in one sentence naming the file.
 */
IOR_API int ior_flame_read_recording(ior_flame **out, const char *path);

/** Fills `*info` (set info->sz first) with what the flame's recording says. Returns 0 or
 * -EINVAL. */
IOR_API int ior_flame_info_get(const ior_flame *flame, ior_flame_info *info);

/**
 * The kernel's exact figures a recording holds (per-syscall counts, errors, latency
 * histograms; delivery and loss counters), as a snapshot read with the ior_stats_*()
 * functions; syscall numbers are this machine's (a syscall it does not know keeps the
 * recording machine's number). Returns 0, -EINVAL, or -ENODATA for a flame that was not read
 * from a recording.
 */
IOR_API int ior_flame_stats(ior_stats **out, const ior_flame *flame);

/** The sum of `metric` over every event added (exact, whatever was folded). 0 for NULL or an
 * unknown metric. */
IOR_API uint64_t ior_flame_total(const ior_flame *flame, ior_flame_metric metric);

/** Distinct keys held (fold keys included). 0 for NULL. */
IOR_API size_t ior_flame_keys(const ior_flame *flame);

/** Events folded because the cap was reached: the total, and (each may be NULL) those folded
 * into pid 0/tid 0 keys and into "[other]" keys. 0 for NULL. */
IOR_API uint64_t ior_flame_folded(const ior_flame *flame, uint64_t *pidless, uint64_t *other);

/** Releases the flame (and detaches it from its session). NULL is accepted. */
IOR_API void ior_flame_free(ior_flame *flame);

#ifdef __cplusplus
}
#endif

#endif /* IOR_IOR_FLAME_H_ */
