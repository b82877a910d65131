/**
 * @file ior_stats.h
 * @brief What a session counted: per-syscall aggregates kept in the kernel (exact, whatever
 * was dropped) and the delivery figures, as a snapshot.
 *
 *   ior_stats *st = NULL;
 *   if (ior_session_stats(&st, s) == 0) {
 *     for (size_t i = 0; i < ior_stats_syscalls_len(st); ++i) {
 *       const ior_syscall_stats *sc = ior_stats_syscall(st, i);
 *       printf("%s %llu\n", ior_syscall_name(sc->nr), (unsigned long long)sc->count);
 *     }
 *     printf("dropped %llu\n", (unsigned long long)ior_stats_get(st, IOR_STAT_DROPPED));
 *     ior_stats_free(st);
 *   }
 */
#ifndef IOR_IOR_STATS_H_
#define IOR_IOR_STATS_H_

#include <stddef.h>
#include <stdint.h>

#include "ior/ior_common.h"

/**
 * Number of log2 latency buckets: bucket 0 holds 0 ns, bucket i > 0 holds [2^(i-1), 2^i) ns,
 * the last bucket everything above.
 */
#define IOR_HISTOGRAM_BUCKETS 40

#ifdef __cplusplus
extern "C" {
#endif

/** A snapshot of a session's figures; opaque. Owned by the caller, see ior_stats_free(). */
typedef struct ior_stats ior_stats;

/** The session-wide counters of a snapshot, for ior_stats_get(). Values are fixed. */
typedef enum ior_stat {
  /** Every call the kernel side traced (sum of the per-syscall counts). */
  IOR_STAT_KERNEL_COUNT = 0,
  /** Events decoded from the ring buffer (delivered + queued). */
  IOR_STAT_DECODED = 1,
  /** Events handed to the consumer (poll callbacks and batches pulled). */
  IOR_STAT_DELIVERED = 2,
  /** Events decoded but still waiting in the session. */
  IOR_STAT_QUEUED = 3,
  /** Records the kernel could not write because the ring buffer was full. */
  IOR_STAT_DROPPED = 4,
  /** Exits whose enter was not seen (the call began before the trace started). */
  IOR_STAT_EXITS_WITHOUT_ENTER = 5,
  /** Calls skipped because per-task state could not be allocated. */
  IOR_STAT_STATE_UNAVAILABLE = 6,
  /** Exec records lost to a full ring buffer (a comm may be stale afterwards). */
  IOR_STAT_CONTROL_DROPPED = 7,
  /** Calls counted in the kernel but not emitted because of a sampling rate. */
  IOR_STAT_SAMPLED_OUT = 8,
  /** Events decoded but left out by the session's output filters (task name, file). After a
   * stopped session is drained:
   * KERNEL_COUNT == DELIVERED + SAMPLED_OUT + DROPPED + FILTERED. */
  IOR_STAT_FILTERED = 9,
  /** Runs of the session's kernel programs (host-wide: every syscall of the host runs them)
   * and their summed run time in ns; 0 unless ior_session_opts.measure_kernel_time. */
  IOR_STAT_KERNEL_RUNS = 10,
  IOR_STAT_KERNEL_RUN_NS = 11,
  /** CPU time of the session's drain thread (decoding, file tracking, batching), in ns. */
  IOR_STAT_DRAIN_CPU_NS = 12,
  /** How long ior_session_start() took, in ns, and the part spent loading the programs
   * (the kernel's BTF, maps, the verifier). */
  IOR_STAT_STARTUP_NS = 13,
  IOR_STAT_STARTUP_LOAD_NS = 14,
  /** Calls not emitted because the consumer fell behind and the kernel thinned the rows
   * (ior_session_opts.degrade); a part of IOR_STAT_SAMPLED_OUT. (Since 0.3.) */
  IOR_STAT_DEGRADED = 15,
  /** Time windows (about 250 ms each) in which calls were degraded. (Since 0.3.) */
  IOR_STAT_DEGRADE_WINDOWS = 16
} ior_stat;

/** Aggregates of one syscall. Output struct: `size` is set by the library. */
typedef struct ior_syscall_stats {
  uint32_t size;           /**< sizeof(ior_syscall_stats) as the library knows it */
  uint32_t nr;             /**< syscall number; see ior_syscall_name() */
  uint64_t count;          /**< calls completed (never-returning calls count at enter) */
  uint64_t errors;         /**< returns in [-4095, -1], restart codes excluded */
  uint64_t sampled_out;    /**< calls not emitted because of a sampling rate */
  uint64_t delivered;      /**< events of this syscall handed to the consumer */
  uint64_t latency_sum_ns; /**< sum of latencies */
  uint64_t latency_min_ns; /**< smallest latency */
  uint64_t latency_max_ns; /**< largest latency */
  uint64_t histogram[IOR_HISTOGRAM_BUCKETS]; /**< log2 latency histogram, see above (and
                                                 ior_stats_percentile()) */
  /* Since 0.3: present when `size` covers them. */
  uint64_t degraded; /**< part of sampled_out: left out to keep up (ior_session_opts.degrade) */
  uint32_t degraded_one_in; /**< the thinnest row rate: 1 in this many; 0 if none degraded */
  /** The sampling rate the syscall was last traced at: 1 every call, N one in N, 0 counted
   * in the kernel only (a rate of 0, or ior_session_opts.aggregate_only). */
  uint32_t sample_rate;
} ior_syscall_stats;

/**
 * A time window (about 250 ms) in which the kernel thinned the rows
 * (ior_session_opts.degrade); see ior_stats_degrade_window(). Output struct: the caller sets
 * `sz` to sizeof(ior_degrade_window), the library fills that much. (Since 0.3.)
 */
typedef struct ior_degrade_window {
  size_t sz;
  uint64_t start_ns;   /**< CLOCK_BOOTTIME, as ior_event.enter_ns */
  uint64_t end_ns;     /**< the window is [start_ns, end_ns) */
  uint64_t calls;      /**< calls degraded (counted at their exit) in the window */
  uint32_t min_one_in; /**< the thinnest rate of those calls: 1 row in this many */
  uint32_t reserved0;  /**< 0 */
} ior_degrade_window;

/**
 * @brief **ior_stats_get()** reads one session-wide counter of a snapshot.
 *
 * @param stats a snapshot, or NULL (which gives 0).
 * @param which an IOR_STAT_* value; an unknown value gives 0.
 */
IOR_API uint64_t ior_stats_get(const ior_stats *stats, ior_stat which);

/**
 * @brief **ior_stats_syscalls_len()** returns how many syscalls have a non-zero count.
 *
 * @param stats a snapshot, or NULL (which gives 0).
 */
IOR_API size_t ior_stats_syscalls_len(const ior_stats *stats);

/**
 * @brief **ior_stats_syscall()** returns the aggregates of the `i`-th counted syscall
 * (ordered by number).
 *
 * @param stats a snapshot, or NULL.
 * @param i index in [0, ior_stats_syscalls_len(stats)).
 * @return a pointer borrowed from the snapshot, valid until ior_stats_free(stats); NULL if
 * `stats` is NULL or `i` is out of range.
 */
IOR_API const ior_syscall_stats *ior_stats_syscall(const ior_stats *stats, size_t i);

/**
 * @brief **ior_stats_percentile()** returns the `q`-quantile of the latencies of the `i`-th
 * counted syscall, in ns, from the kernel's fine latency histogram (8 linear sub-buckets per
 * power of two, finer than the log2 `histogram` field): interpolated within its bucket, at
 * most 1/8 off, usually within a few percent. It counts every call the kernel timed, sampled
 * out or dropped included. Since 0.3 (IOR_0.3).
 *
 * @param stats a snapshot, or NULL (which gives 0).
 * @param i index in [0, ior_stats_syscalls_len(stats)); out of range gives 0.
 * @param q in [0, 1] (0.5 the median, 0.99 the 99th percentile); clamped.
 * @return ns; 0 when nothing was timed (never-returning calls have no latency).
 */
IOR_API uint64_t ior_stats_percentile(const ior_stats *stats, size_t i, double q);

/**
 * @brief **ior_stats_degrade_windows_len()** returns how many degrade windows the snapshot
 * holds: the last 1000 of them, oldest first (IOR_STAT_DEGRADE_WINDOWS counts every window,
 * older ones left out included). Since 0.3 (IOR_0.3).
 *
 * @param stats a snapshot, or NULL (which gives 0).
 */
IOR_API size_t ior_stats_degrade_windows_len(const ior_stats *stats);

/**
 * @brief **ior_stats_degrade_window()** copies the `i`-th degrade window of a snapshot (oldest
 * first). Their `calls` sum to IOR_STAT_DEGRADED unless windows were left out. Since 0.3
 * (IOR_0.3).
 *
 *   for (size_t i = 0; i < ior_stats_degrade_windows_len(st); ++i) {
 *     ior_degrade_window w = IOR_OPTS_INIT(ior_degrade_window);
 *     if (ior_stats_degrade_window(st, i, &w) == 0) printf("%llu\n", (unsigned long long)w.calls);
 *   }
 *
 * @param stats a snapshot.
 * @param i index in [0, ior_stats_degrade_windows_len(stats)).
 * @param out set `out->sz` first; the library writes at most that many bytes.
 * @return 0; -EINVAL for a NULL `stats` or `out` or an unset `out->sz`; -ERANGE for `i` out of
 * range (`*out` unchanged then; ior_last_error() says why).
 */
IOR_API int ior_stats_degrade_window(const ior_stats *stats, size_t i, ior_degrade_window *out);

/**
 * @brief **ior_stats_free()** releases a snapshot from ior_session_stats().
 *
 * @param stats the snapshot, or NULL (a no-op).
 */
IOR_API void ior_stats_free(ior_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* IOR_IOR_STATS_H_ */
