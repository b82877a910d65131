/**
 * @file ior_error.h
 * @brief Error codes and their text.
 *
 * Every fallible libior function returns an int: 0 (or a documented non-negative value) on
 * success, a negative errno (-EINVAL, -EPERM, -ENOMEM, ...) or one of the IOR_E* codes below on
 * failure. The code is the API; text is for people:
 *
 *   int err = ior_session_start(s);
 *   if (err == -EPERM) {
 *     fprintf(stderr, "run as root\n");
 *   } else if (err < 0) {
 *     fprintf(stderr, "cannot trace: %s (%s)\n", ior_strerror(err), ior_last_error());
 *   }
 *
 * libior's own codes lie in the reserved range [-4999, -4000] (no errno is that large). Their
 * values never change once released.
 */
#ifndef IOR_IOR_ERROR_H_
#define IOR_IOR_ERROR_H_

#include "ior/ior_common.h"

/** First (closest to zero) code of the range reserved for libior: -4000. */
#define IOR_ERRNO_BASE (-4000)
/** An internal error: a bug in libior or an unexpected C++ exception inside it. */
#define IOR_EINTERNAL (-4000)
/** End of stream: the session is stopped and every event has been delivered. */
#define IOR_EEOS (-4001)
/** The kernel has no BTF type information (/sys/kernel/btf/vmlinux is missing). */
#define IOR_ENOBTF (-4002)
/** The embedded BPF object and the library disagree on the wire format (a build error). */
#define IOR_EWIRE (-4003)
/** The call is not valid in the session's current state (e.g. poll before start). */
#define IOR_ESTATE (-4004)
/** A callback threw a C++ exception; libior caught it (it never crosses a C frame). */
#define IOR_ECALLBACK (-4005)
/** Last code of the reserved range: -4999. */
#define IOR_ERRNO_LAST (-4999)

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief **ior_strerror()** describes an error code in one short English phrase.
 *
 * @param err a negative errno or IOR_E* code as returned by libior; a positive errno is
 * accepted too, and 0 gives "success".
 * @return a static string owned by the library, never NULL (unknown codes give
 * "unknown error"); valid for the life of the process. Thread-safe.
 */
IOR_API const char *ior_strerror(int err);

/**
 * @brief **ior_last_error()** gives the detail of the last failure of a libior call on the
 * calling thread, e.g. "unknown syscall 'opnat'".
 *
 * Only a help for messages: use the returned codes to detect failures. A successful call does
 * not clear it.
 *
 * @return a thread-local string owned by the library, never NULL ("" when no call failed on
 * this thread); valid until the next libior call on this thread. Thread-safe (per thread).
 */
IOR_API const char *ior_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* IOR_IOR_ERROR_H_ */
