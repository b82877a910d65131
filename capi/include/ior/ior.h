/**
 * @file ior.h
 * @brief libior's C API: trace the system calls of chosen processes with eBPF and receive
 * every call as an event (latency, gap, return value, raw arguments), in batches.
 *
 *   #include <ior/ior.h>
 *
 *   ior_session *s = NULL;
 *   int err = ior_session_new(&s, NULL);   // NULL: default options, every process
 *   if (err == 0) err = ior_session_start(s);
 *   if (err < 0) fprintf(stderr, "%s: %s\n", ior_strerror(err), ior_last_error());
 *   ...
 *   ior_session_free(s);
 *
 * Link with libior.so (`pkg-config --cflags --libs ior`, or `ior::c` from find_package(ior)).
 * Only the declarations in these headers are the API; everything else is private.
 */
#ifndef IOR_IOR_H_
#define IOR_IOR_H_

#include "ior/ior_command.h"
#include "ior/ior_common.h"
#include "ior/ior_error.h"
#include "ior/ior_event.h"
#include "ior/ior_flame.h"
#include "ior/ior_log.h"
#include "ior/ior_parquet.h"
#include "ior/ior_selection.h"
#include "ior/ior_session.h"
#include "ior/ior_stats.h"
#include "ior/ior_trace_json.h"
#include "ior/ior_version.h"

#endif /* IOR_IOR_H_ */
