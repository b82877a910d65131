/**
 * @file ior_event.h
 * @brief One traced system call (ior_event), the batches events come in (ior_batch), and
 * syscall names.
 *
 *   static int on_event(void *user_data, const ior_event *ev) {
 *     const char *name = ior_syscall_name(ev->nr);
 *     printf("%s %s = %lld (%llu ns)\n", ev->comm, name ? name : "?", (long long)ev->ret,
 *            (unsigned long long)ev->latency_ns);
 *     return 0;
 *   }
 *
 * ior_event is an output struct: the library sets `size` to the size of the struct it knows.
 * Fields are only ever appended, so a program reads a field added after the version it was
 * built against only if IOR_EVENT_HAS(ev, field) is true. Events are handed out through
 * pointers (a callback's argument, ior_batch_event()), never as arrays, so their size may grow.
 */
#ifndef IOR_IOR_EVENT_H_
#define IOR_IOR_EVENT_H_

#include <stddef.h>
#include <stdint.h>

#include "ior/ior_common.h"

/** Number of raw arguments in ior_event::args. */
#define IOR_EVENT_ARGS 6
/** Size of ior_event::comm, its terminating NUL included. */
#define IOR_COMM_LEN 16

/** ior_event::type of a completed (or never-returning) system call. */
#define IOR_EVENT_SYSCALL 1

/** ior_event::flags: exit, exit_group, rt_sigreturn; `ret` and `latency_ns` are 0. */
#define IOR_EVENT_NO_RETURN 0x1u
/** ior_event::flags: the first event of its thread in this session; `gap_ns` is 0. */
#define IOR_EVENT_FIRST_ON_THREAD 0x2u

/** ior_event::file_status: what ior_event::file holds (since 0.3). */
#define IOR_FILE_NONE 0        /**< the call touches no file, or nothing about it is known */
#define IOR_FILE_PATH 1        /**< an absolute path */
#define IOR_FILE_RELATIVE 2    /**< a path relative to a directory that was not known */
#define IOR_FILE_KERNEL_NAME 3 /**< not a path: "pipe:[12]", "anon_inode:[eventfd]", ... */
#define IOR_FILE_IDENTITY 4    /**< unnamed: only file_ino and file_dev are known */

/** ior_event::bytes_class: what `bytes` counts (since 0.3). */
#define IOR_BYTES_NONE 0     /**< the call moves no bytes */
#define IOR_BYTES_READ 1     /**< bytes read (read, pread64, recvmsg, ...) */
#define IOR_BYTES_WRITE 2    /**< bytes written (write, pwrite64, sendmsg, ...) */
#define IOR_BYTES_TRANSFER 3 /**< bytes copied between descriptors (sendfile, splice, ...) */

#ifdef __cplusplus
extern "C" {
#endif

/** A traced system call. Plain data; no pointers. */
typedef struct ior_event {
  uint32_t size;       /**< sizeof(ior_event) as the library knows it; see IOR_EVENT_HAS */
  uint32_t type;       /**< IOR_EVENT_SYSCALL; skip events of a type you do not know */
  uint64_t enter_ns;   /**< CLOCK_BOOTTIME when the call entered the kernel */
  uint64_t latency_ns; /**< time spent in the call; 0 with IOR_EVENT_NO_RETURN */
  uint64_t gap_ns;     /**< enter minus the exit of the thread's previous call */
  int64_t ret;         /**< return value, negative errno on failure */
  uint64_t args[IOR_EVENT_ARGS]; /**< the raw syscall arguments */
  uint32_t pid;                  /**< process (thread group) id */
  uint32_t tid;                  /**< thread id */
  uint32_t nr;                   /**< syscall number (x86_64); see ior_syscall_name() */
  uint32_t flags;                /**< IOR_EVENT_* bits */
  char comm[IOR_COMM_LEN];       /**< task name, NUL-terminated, at most 15 characters */
  /* Since 0.3: check IOR_EVENT_HAS(ev, field) before reading these. */
  uint64_t bytes; /**< bytes the call moved (see bytes_class); 0 if none or on failure */
  /** The file the call touched, as file_status says: an absolute path or a kernel name; for
   * rename, link and symlink the new name. NULL if it has none. Borrowed: valid during the
   * callback, or until ior_batch_free() of the batch the event came from. */
  const char *file;
  /** rename and link: the old name; symlink: the link's target. NULL otherwise. Borrowed as
   * `file` is. */
  const char *old_file;
  uint64_t file_ino;   /**< inode of that file; 0 if unknown */
  uint64_t file_dev;   /**< its device, as stat(2)'s st_dev gives it; 0 if unknown */
  int32_t fd;          /**< the descriptor argument, -1 if the call has none */
  uint32_t open_flags; /**< open-family flags (O_*); other calls' flags argument; else 0 */
  uint8_t family;      /**< the syscall's family, 0..11: ior_family_name() names it */
  uint8_t file_status; /**< IOR_FILE_*: what `file` holds */
  uint8_t bytes_class; /**< IOR_BYTES_*: what `bytes` counts */
  uint8_t reserved0;   /**< 0 */
  uint32_t reserved1;  /**< 0 */
  /** The task's cgroup v2 id (the inode of its directory under the cgroup2 mount) when it
   * was first seen or last executed; 0 if unknown. */
  uint64_t cgroup_id;
} ior_event;

/** True if the library that produced `ev` filled in `field` (always true for the fields up to
 * `comm`; the later ones since 0.3). */
#define IOR_EVENT_HAS(ev, field) \
  (offsetof(ior_event, field) + sizeof(((const ior_event *)0)->field) <= (ev)->size)

/**
 * A batch of events pulled with ior_session_next(): owned by the caller, released with
 * ior_batch_free(). Independent of its session once returned (it may outlive it). Not
 * thread-safe: use one batch from one thread at a time (concurrent reads are fine).
 */
typedef struct ior_batch ior_batch;

/**
 * @brief **ior_batch_size()** returns the number of events in `batch`.
 *
 * @param batch a batch, or NULL (which gives 0).
 */
IOR_API size_t ior_batch_size(const ior_batch *batch);

/**
 * @brief **ior_batch_event()** returns event `i` of `batch`, in the order the kernel produced
 * them (per thread, in call order).
 *
 * @param batch a batch, or NULL.
 * @param i index in [0, ior_batch_size(batch)).
 * @return a pointer borrowed from the batch, valid until ior_batch_free(batch); NULL if `batch`
 * is NULL or `i` is out of range.
 */
IOR_API const ior_event *ior_batch_event(const ior_batch *batch, size_t i);

/**
 * @brief **ior_batch_free()** releases a batch returned by ior_session_next().
 *
 * @param batch the batch, or NULL (a no-op). Its events must not be used afterwards.
 */
IOR_API void ior_batch_free(ior_batch *batch);

/**
 * @brief **ior_syscall_name()** names an x86_64 system call number ("openat").
 *
 * @return a static string owned by the library, valid for the life of the process; NULL if
 * the number is unknown (print it as "syscall_<nr>"). Thread-safe.
 */
IOR_API const char *ior_syscall_name(uint32_t nr);

/**
 * @brief **ior_syscall_number()** looks up the number of a system call by name. "syscall_<nr>"
 * is accepted too.
 *
 * @param name a NUL-terminated name; borrowed for the call.
 * @return the number (>= 0), -ENOENT if the name is unknown, -EINVAL if `name` is NULL.
 * Thread-safe.
 */
IOR_API int ior_syscall_number(const char *name);

/**
 * @brief **ior_family_name()** names a syscall family (ior_event::family): "Network", "Memory",
 * "Signals", "Sched", "IPC", "Time", "Process", "Security", "FS", "Polling", "AIO", "Misc".
 * @return a static string owned by the library; NULL for an unknown value. Thread-safe.
 * (Since 0.3.)
 */
IOR_API const char *ior_family_name(uint32_t family);

#ifdef __cplusplus
}
#endif

#endif /* IOR_IOR_EVENT_H_ */
