/**
 * @file ior_session.h
 * @brief ior_session: one trace of system calls, from loading the kernel programs to the last
 * event.
 *
 *   static int on_event(void *user_data, const ior_event *ev) { ... return 0; }
 *
 *   int32_t pid = child;
 *   IOR_OPTS(ior_session_opts, opts, .pids = &pid, .pids_len = 1);
 *   ior_session *s = NULL;
 *   int err = ior_session_new(&s, &opts);          // validates, loads nothing
 *   if (err == 0) err = ior_session_start(s);      // load + attach: live from here
 *   while (err == 0 && !done) err = ior_session_poll(s, 100, on_event, NULL);
 *   ior_session_stop(s);                           // detach; what was traced is still delivered
 *   while ((err = ior_session_poll(s, 1000, on_event, NULL)) == 0) {}
 *   // err == IOR_EEOS: every event was delivered
 *   ior_session_free(s);
 *
 * Threads: a session runs one internal thread that reads the kernel's ring buffer, decodes and
 * batches; it never runs user code. ior_session_poll() and ior_session_next() run on the
 * caller's thread (callbacks too); call them from one thread at a time per session.
 * ior_session_stop(), ior_session_fd(), ior_session_stats() and the ior_session_set_*() calls
 * may be called from any thread. Sessions share nothing: several may run in one process.
 *
 * Tracing needs Linux 6.2+ with BTF and root (or CAP_BPF and CAP_PERFMON).
 */
#ifndef IOR_IOR_SESSION_H_
#define IOR_IOR_SESSION_H_

#include <stddef.h>
#include <stdint.h>

#include "ior/ior_common.h"
#include "ior/ior_event.h"
#include "ior/ior_selection.h"
#include "ior/ior_stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A trace session; opaque. Created by ior_session_new(), released by ior_session_free(). */
typedef struct ior_session ior_session;

/** How a text filter (ior_session_opts::comm_filter, ::path_filter) matches. (Since 0.3.) */
#define IOR_MATCH_SUBSTRING 0 /**< the text occurs anywhere in the value (the default) */
#define IOR_MATCH_EXACT 1     /**< the value is the text */
#define IOR_MATCH_PREFIX 2    /**< the value starts with the text */

/**
 * Options of ior_session_new(). Build it with IOR_OPTS() or IOR_OPTS_INIT(): `sz` must be
 * sizeof(ior_session_opts) as the caller's header knows it, and a zero field means "the
 * default". Fields are only ever appended. Every pointer is borrowed for the duration of
 * ior_session_new() only.
 */
typedef struct ior_session_opts {
  /** sizeof(ior_session_opts); set by IOR_OPTS(). */
  size_t sz;
  /** Trace only these processes (thread group ids, 1..4194304). NULL/0: every process except
   * the caller's. */
  const int32_t *pids;
  /** Number of entries in `pids`. */
  size_t pids_len;
  /** Trace only these threads. NULL/0: every thread of the selected processes. */
  const int32_t *tids;
  /** Number of entries in `tids`. */
  size_t tids_len;
  /** Trace these syscall families ("FS", "Network", ..., case-insensitive; "all" for every
   * syscall). With none of `families`, `syscalls` and `selection`, the FS family is traced. */
  const char *const *families;
  /** Number of entries in `families`; none of them may be NULL. */
  size_t families_len;
  /** Trace these syscalls too, by name ("openat") or "syscall_<nr>". */
  const char *const *syscalls;
  /** Number of entries in `syscalls`; none of them may be NULL. */
  size_t syscalls_len;
  /** A batch is delivered when it holds this many events (1..1048576; default 1024)... */
  size_t batch_size;
  /** ...or when its oldest event has waited this long (up to 60 s; default 50 ms). */
  uint64_t max_delay_ns;
  /** Size of the kernel ring buffer: a power of two, 4 KiB..1 GiB (default 16 MiB). */
  size_t ring_bytes;
  /** Batches decoded but not yet consumed before the session waits (default 256). */
  size_t max_queued_batches;
  /** Non-zero: the processes the `pids` create (fork, clone) become targets before their first
   * call, and so do theirs. Needs `pids`. (Since 0.3.) */
  uint32_t follow;
  /** 0 (default): with `pids` or `tids`, the stream ends by itself (poll and next return
   * IOR_EEOS) once every target has exited (with `follow`, every descendant too) and all they
   * wrote was delivered. Non-zero: trace until ior_session_stop(). (Since 0.3.) */
  uint32_t keep_after_targets_exit;
  /* Since 0.3. */
  /** The full selection: families, kinds, syscalls, tracepoint regexes, exclusions and
   * sampling (see ior_selection.h). `families` and `syscalls` above are added to it. NULL:
   * only those two (with neither, the FS family). */
  const ior_selection *selection;
  /** Trace only tasks of this cgroup v2, by id (the inode number of its directory)... */
  uint64_t cgroup_id;
  /** ...or by path: absolute ("/sys/fs/cgroup/system.slice") or relative to /sys/fs/cgroup
   * ("system.slice/cron.service"; /sys/fs/cgroup/unified on hybrid systems). Resolved by
   * ior_session_new() (-ENOENT if it does not exist, -EINVAL if it is not a cgroup v2 directory).
   * Set at most one of the two. */
  const char *cgroup_path;
  /** Deliver only the events whose task name (comm) matches this text (comm_filter_match).
   * Events left out are counted (IOR_STAT_FILTERED). NULL: every task. */
  const char *comm_filter;
  /** Deliver only the events whose file (ior_event::file) matches this text
   * (path_filter_match); calls that touch no file are left out. NULL: every event. */
  const char *path_filter;
  /** IOR_MATCH_*: how `comm_filter` matches (default IOR_MATCH_SUBSTRING). */
  uint32_t comm_filter_match;
  /** IOR_MATCH_*: how `path_filter` matches (default IOR_MATCH_SUBSTRING). */
  uint32_t path_filter_match;
  /** Non-zero: keep no per-process descriptor tables, so events name only the paths their
   * calls carry (openat's, not read's); less work for the session's thread. */
  uint32_t no_track_files;
  /** 0. Keeps the struct free of padding, whose bytes a caller might leave unset. */
  uint32_t reserved0;
  /** The BTF file the tracing programs are relocated against. NULL or "": the running
   * kernel's own (/sys/kernel/btf/vmlinux). ior_session_start() returns IOR_ENOBTF when the
   * file is missing, unreadable or holds no BTF. (Since 0.3.) */
  const char *btf_path;
  /** Non-zero: count and time every selected call in the kernel only; no events are
   * delivered, and the per-syscall figures of ior_session_stats() are exact. The cheapest way
   * to trace. Cannot be combined with comm_filter or path_filter. (Since 0.3.) */
  uint32_t aggregate_only;
  /** Non-zero: time the session's kernel programs while it runs (IOR_STAT_KERNEL_RUNS,
   * IOR_STAT_KERNEL_RUN_NS). Host-wide: every BPF program run pays two clock reads while it
   * is on. (Since 0.3.) */
  uint32_t measure_kernel_time;
  /** Non-zero: degrade instead of drop. When the ring buffer fills faster than the consumer
   * drains it, the kernel thins the rows of each syscall to 1 in N (N a power of two, up to
   * 65536) rather than losing records at random; the per-syscall figures stay exact, and the
   * calls left out count in IOR_STAT_SAMPLED_OUT and IOR_STAT_DEGRADED. (Since 0.3.) */
  uint32_t degrade;
  /** 0. Keeps the struct free of padding. */
  uint32_t reserved1;
} ior_session_opts;

/** The last field of ior_session_opts that this header knows. */
/* NOLINTNEXTLINE(bugprone-reserved-identifier): the IOR_OPTS convention, <struct>__last_field */
#define ior_session_opts__last_field reserved1

/**
 * @brief **ior_session_new()** validates `opts` and creates a session. Nothing is loaded into
 * the kernel yet and no thread is started, so it is safe to fork() afterwards.
 *
 * @param out receives the new session, owned by the caller, released with ior_session_free().
 * Must not be NULL. Set to NULL on failure.
 * @param opts options, or NULL for all defaults. Borrowed for the call. A struct smaller than
 * the library's (an older caller) is fine: the missing fields take their defaults. A larger
 * one (a newer caller) is accepted only if every byte the library does not know is zero.
 * @return 0; -EINVAL for a bad option such as an unknown family or syscall name (the detail
 * is in ior_last_error()), including a `sz`
 * smaller than sizeof(size_t) or a non-zero unknown tail; -ENOMEM. Thread-safe.
 */
IOR_API int ior_session_new(ior_session **out, const ior_session_opts *opts);

/**
 * @brief **ior_session_start()** loads and attaches the kernel programs and starts the
 * session's thread. Once it returns 0, every later syscall of the targets is traced.
 *
 * @param session the session; must not be NULL.
 * @return 0; -ENOENT (none of the target pids, or none of the tids, exists: such a session
 * could never trace anything), -EPERM (not root, no CAP_BPF and CAP_PERFMON), IOR_ENOBTF (the
 * kernel has no BTF, or `btf_path` names a file that holds none), -ENOSYS (no
 * bpf() system call), -ENOTSUP (the kernel refused the programs: too old or a feature is
 * missing), IOR_EWIRE, -EALREADY (already started), IOR_ESTATE (already stopped), -EINVAL
 * (NULL), -ENOMEM, IOR_EINTERNAL. ior_last_error() then holds one sentence saying what is
 * missing; set a log function (ior_set_log_fn()) for libbpf's details. A session whose start
 * failed is stopped (its stream is empty and ended): free it and create another to retry.
 */
IOR_API int ior_session_start(ior_session *session);

/**
 * @brief **ior_session_stop()** detaches the programs, drains what the kernel already wrote
 * and ends the stream. Events not yet consumed stay available to ior_session_poll() and
 * ior_session_next(), which return IOR_EEOS once they are all delivered. Idempotent; stopping
 * a session that never started just ends its (empty) stream.
 *
 * @param session the session; must not be NULL. May be called from any thread.
 * @return 0, or -EINVAL (NULL).
 */
IOR_API int ior_session_stop(ior_session *session);

/**
 * @brief **ior_session_free()** stops the session if it runs and releases it.
 *
 * @param session the session, or NULL (a no-op). It must not be in use by another thread;
 * batches and stats snapshots taken from it stay valid.
 */
IOR_API void ior_session_free(ior_session *session);

/**
 * Called by ior_session_poll() for each event, in order.
 *
 * @param user_data the pointer given to ior_session_poll(), passed through untouched.
 * @param event the event; never NULL; borrowed: valid only while the callback runs.
 * @return 0 to go on. Any other value stops ior_session_poll(), which returns it; the event is
 * consumed and the next poll resumes with the event after it. Use positive values or negative
 * values outside [-4999, -4000] and outside the errno range to tell them from libior's errors.
 *
 * It runs on the thread that called ior_session_poll(), never concurrently for one session.
 * It may call ior_session_stop(), ior_session_stats() and ior_session_set_*() on its session,
 * but not ior_session_poll(), ior_session_next() or ior_session_free(). A C++ exception thrown
 * from it is caught: the poll returns IOR_ECALLBACK.
 */
typedef int (*ior_event_cb)(void *user_data, const ior_event *event);

/**
 * @brief **ior_session_poll()** waits up to `timeout_ms` for events and hands the events
 * queued when its wait ended to `cb`, until they are done or `cb` returns non-zero. Events
 * queued meanwhile wait for the next call, so a busy trace cannot keep one call running (since
 * 0.3; before, a call went on until the queue was empty).
 *
 * @param session a started session; must not be NULL.
 * @param timeout_ms how long to wait for the first batch: 0 does not wait, a negative value
 * waits until a batch comes or the stream ends.
 * @param cb the callback; must not be NULL.
 * @param user_data passed to `cb` untouched; may be NULL.
 * @return 0 once the waiting events were delivered (or none came within the timeout); the
 * non-zero value `cb` returned; IOR_EEOS when the session is stopped and every event has been
 * delivered (events may have been delivered by this same call); IOR_ESTATE before
 * ior_session_start(); IOR_ECALLBACK if `cb` threw; -EINVAL (NULL session or callback);
 * -ENOMEM. Call it from one thread at a time per session.
 */
IOR_API int ior_session_poll(ior_session *session, int timeout_ms, ior_event_cb cb,
                             void *user_data);

/**
 * @brief **ior_session_next()** pulls the next batch: the pull form of ior_session_poll().
 * After a callback stopped a poll in the middle of a batch, the rest of that batch comes first.
 *
 * @param out receives the batch, owned by the caller, released with ior_batch_free(); must not
 * be NULL; set to NULL unless 0 is returned.
 * @param session a started session; must not be NULL.
 * @param timeout_ms as for ior_session_poll().
 * @return 0 with a non-empty batch in `*out`; -EAGAIN if no batch came within `timeout_ms`;
 * IOR_EEOS when the session is stopped and every event has been delivered; IOR_ESTATE before
 * ior_session_start(); -EINVAL; -ENOMEM. Call it from one thread at a time per session.
 */
IOR_API int ior_session_next(ior_batch **out, ior_session *session, int timeout_ms);

/**
 * @brief **ior_session_fd()** returns a file descriptor that is readable while a batch (or the
 * end of the stream) is waiting, for epoll/poll/select loops. Events a callback left
 * unconsumed when it stopped a poll do not make it readable: poll again first.
 *
 * @param session the session; must not be NULL. May be called from any thread.
 * @return the descriptor (>= 0), owned by the session and valid until ior_session_free(): do
 * not close it or read from it; -EINVAL if `session` is NULL.
 */
IOR_API int ior_session_fd(const ior_session *session);

/**
 * @brief **ior_session_set_targets()** replaces the traced processes and threads of a running
 * session. Takes effect for the next syscall, without re-attaching.
 *
 * @param session a started session; must not be NULL.
 * @param pids processes to trace (may be NULL if `pids_len` is 0; none and no `tids`: every
 * process except the caller's); borrowed for the call.
 * @param pids_len number of entries in `pids`.
 * @param tids threads to trace (may be NULL if `tids_len` is 0); borrowed for the call.
 * @param tids_len number of entries in `tids`.
 * @return 0; -EINVAL for an id out of range or a NULL array with a non-zero length; IOR_ESTATE
 * if the session is not running; -ENOMEM. May be called from any thread.
 */
IOR_API int ior_session_set_targets(ior_session *session, const int32_t *pids, size_t pids_len,
                                    const int32_t *tids, size_t tids_len);

/**
 * @brief **ior_session_set_syscalls()** replaces the traced syscalls of a running session.
 * Takes effect for the next syscall, without re-attaching.
 *
 * @param session a started session; must not be NULL.
 * @param names syscall names ("openat" or "syscall_<nr>"); none: the FS family. May be NULL if
 * `len` is 0; borrowed for the call.
 * @param len number of entries in `names`.
 * @return 0; -EINVAL for an unknown name (see ior_last_error()) or a NULL entry; IOR_ESTATE if
 * the session is not running; -ENOMEM. May be called from any thread.
 */
IOR_API int ior_session_set_syscalls(ior_session *session, const char *const *names, size_t len);

/**
 * @brief **ior_session_set_selection()** replaces the whole selection and sampling of a
 * running session (the `families`, `syscalls` and `selection` it was created with). Takes
 * effect for the next syscall, without re-attaching; syscalls selected before and after the
 * change stay traced throughout. (Since 0.3.)
 *
 * @param session a started session; must not be NULL.
 * @param selection the new selection; NULL or empty: the FS family. Borrowed for the call.
 * @return 0; -EINVAL for an unknown name, a bad regex or rate, a selection that matches no
 * syscall (see ior_last_error()), or a NULL entry; IOR_ESTATE if the session is not running;
 * -ENOMEM. May be called from any thread.
 */
IOR_API int ior_session_set_selection(ior_session *session, const ior_selection *selection);

/**
 * @brief **ior_session_stats()** takes a snapshot of the session's kernel aggregates and
 * delivery figures, read now.
 *
 * @param out receives the snapshot, owned by the caller, released with ior_stats_free(); must
 * not be NULL; set to NULL on failure.
 * @param session the session; must not be NULL. May be called from any thread.
 * @return 0, -EINVAL or -ENOMEM.
 */
IOR_API int ior_session_stats(ior_stats **out, const ior_session *session);

#ifdef __cplusplus
}
#endif

#endif /* IOR_IOR_SESSION_H_ */
