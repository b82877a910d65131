// The SessionOptions of every Python entry point (ior.Session, ior.trace, ior.trace_batches):
// the common ones, and the selection, filters and the rest that ior/_session.py passes as one
// dict (`extra`, type-checked there), so that each entry point takes the same set.
#ifndef IOR_BINDINGS_PYTHON_OPTIONS_H_
#define IOR_BINDINGS_PYTHON_OPTIONS_H_

#include <pybind11/pybind11.h>
#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

#include "ior/session.h"

namespace ior::python {

// `extra` keys (all optional): "kinds", "tracepoints", "exclude_families", "exclude_kinds",
// "exclude_syscalls", "exclude_tracepoints" (lists of str); "sample_families",
// "sample_syscalls" (dict str -> int); "cgroup_id" (int) or "cgroup_path" (str, resolved here:
// ior/cgroup.h); "comm_filter", "path_filter" (str) with "comm_match", "path_match"
// ("substring", "exact", "prefix"); "track_files" (bool); "btf_path" (str). The library
// validates the rest (Session::Create(), and TraceRun before it forks the command): a bad name
// or rate raises ior.InvalidArgumentError with its message, which lists the valid values.
SessionOptions MakeOptions(std::vector<pid_t> pids, std::vector<pid_t> tids,
                           std::vector<std::string> families, std::vector<std::string> syscalls,
                           size_t batch_size, double max_delay_s, size_t ring_bytes,
                           size_t max_queued_batches, const pybind11::dict& extra);

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_OPTIONS_H_
