/**
 * @file ior_log.h
 * @brief Where libior's diagnostics go (libbpf's messages included).
 *
 * libior never prints. By default its messages are discarded; install a log function to see
 * them, for example why the kernel refused the tracing programs:
 *
 *   static void on_log(void *user_data, int level, const char *message) {
 *     if (level >= IOR_LOG_WARN) fprintf((FILE *)user_data, "ior: %s\n", message);
 *   }
 *   ...
 *   ior_set_log_fn(on_log, stderr);
 */
#ifndef IOR_IOR_LOG_H_
#define IOR_IOR_LOG_H_

#include "ior/ior_common.h"

/** Log level: details for libior's developers. */
#define IOR_LOG_DEBUG 0
/** Log level: progress worth knowing. */
#define IOR_LOG_INFO 1
/** Log level: something went wrong or looks wrong. */
#define IOR_LOG_WARN 2

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A log function.
 *
 * @param user_data the pointer given to ior_set_log_fn(), passed through untouched.
 * @param level IOR_LOG_DEBUG, IOR_LOG_INFO or IOR_LOG_WARN.
 * @param message one line without its line end, NUL-terminated, never NULL; borrowed: valid
 * only while the function runs.
 *
 * It may be called from any thread, including a session's internal thread, but never
 * concurrently with itself. It must not call ior_set_log_fn() (that would deadlock) and should
 * return quickly. A C++ exception thrown from it is caught and dropped.
 */
typedef void (*ior_log_fn)(void *user_data, int level, const char *message);

/**
 * @brief **ior_set_log_fn()** sets the process-wide log function, replacing the previous one.
 *
 * Process-wide because libbpf has one print hook per process. Thread-safe: once it returns,
 * the previous function is no longer called.
 *
 * @param fn the function, or NULL to discard messages (the default).
 * @param user_data passed to `fn` untouched; may be NULL. The caller keeps it valid until the
 * function is replaced.
 * @return 0, or -ENOMEM.
 */
IOR_API int ior_set_log_fn(ior_log_fn fn, void *user_data);

#ifdef __cplusplus
}
#endif

#endif /* IOR_IOR_LOG_H_ */
