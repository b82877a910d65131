/**
 * @file ior_selection.h
 * @brief ior_selection: which syscalls a session traces and how many of their calls become
 * events (the C++ ior::Selection, ior/selection.h), for ior_session_opts::selection and
 * ior_session_set_selection(). Since 0.3.
 *
 *   static const char *const kFamilies[] = {"FS", "Network"};
 *   static const char *const kNotThese[] = {"fstat"};
 *   static const ior_sample_rate kSample[] = {{"read", 100}};  // one read in 100
 *   IOR_OPTS(ior_selection, sel, .families = kFamilies, .families_len = 2,
 *            .exclude_syscalls = kNotThese, .exclude_syscalls_len = 1,
 *            .sample_syscalls = kSample, .sample_syscalls_len = 1);
 *   IOR_OPTS(ior_session_opts, opts, .selection = &sel);
 *
 * Names follow the `ior` CLI: families ("FS", case-insensitive; "all" for every syscall),
 * kinds ("fd", "open", "pathname"...; '_' is accepted for '-'), syscall names ("openat", or
 * "syscall_<nr>"), and tracepoint regexes matched against "sys_enter_<name>". What is added
 * (families, kinds, syscalls, tracepoints) is selected first, then the exclusions remove from
 * it; with nothing added, the FS family is selected.
 */
#ifndef IOR_IOR_SELECTION_H_
#define IOR_IOR_SELECTION_H_

#include <stddef.h>
#include <stdint.h>

#include "ior/ior_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A sampling rate for a family or a syscall: 0 counts the calls in the kernel only (no
 * events), 1 emits every call (the default), N one call in N, chosen at random in the kernel.
 * A syscall's own rate wins over its family's. Used in arrays: its layout never changes.
 */
typedef struct ior_sample_rate {
  /** A family name ("FS") or a syscall name ("read"); must not be NULL. */
  const char *name;
  /** The rate (see above). */
  uint32_t rate;
} ior_sample_rate;

/**
 * A selection. Build it with IOR_OPTS() or IOR_OPTS_INIT() (`sz` is sizeof(ior_selection) as
 * the caller's header knows it; every field left out is empty). Fields are only ever appended.
 * Each array is `len` non-NULL entries (it may be NULL when its `len` is 0); everything is
 * borrowed for the duration of the call that takes the selection.
 */
typedef struct ior_selection {
  /** sizeof(ior_selection); set by IOR_OPTS(). */
  size_t sz;
  /** Families to trace ("FS", "Network", ...; "all" for every syscall). */
  const char *const *families;
  size_t families_len;
  /** Kinds to trace ("fd", "open", "pathname", ...). */
  const char *const *kinds;
  size_t kinds_len;
  /** Syscalls to trace, by name ("openat") or "syscall_<nr>". */
  const char *const *syscalls;
  size_t syscalls_len;
  /** Regexes (POSIX extended) matched against "sys_enter_<name>": "^sys_enter_read". */
  const char *const *tracepoints;
  size_t tracepoints_len;
  /** What to remove from the above, in the same four forms. */
  const char *const *exclude_families;
  size_t exclude_families_len;
  const char *const *exclude_kinds;
  size_t exclude_kinds_len;
  const char *const *exclude_syscalls;
  size_t exclude_syscalls_len;
  const char *const *exclude_tracepoints;
  size_t exclude_tracepoints_len;
  /** Sampling rates per family and per syscall. */
  const ior_sample_rate *sample_families;
  size_t sample_families_len;
  const ior_sample_rate *sample_syscalls;
  size_t sample_syscalls_len;
} ior_selection;

/** The last field of ior_selection that this header knows. */
/* NOLINTNEXTLINE(bugprone-reserved-identifier): the IOR_OPTS convention, <struct>__last_field */
#define ior_selection__last_field sample_syscalls_len

#ifdef __cplusplus
}
#endif

#endif /* IOR_IOR_SELECTION_H_ */
