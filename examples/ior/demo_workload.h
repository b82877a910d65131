// The workload `ior -demo` traces: a child names itself ior-demo and makes a few known file
// calls in a fresh directory under $TMPDIR (or /tmp), then removes it.
#ifndef IOR_EXAMPLES_IOR_DEMO_WORKLOAD_H_
#define IOR_EXAMPLES_IOR_DEMO_WORKLOAD_H_

namespace ior::cli {

// The comm the demo child sets with prctl(PR_SET_NAME).
inline constexpr char kDemoComm[] = "ior-demo";

// Runs in the forked child: prctl(PR_SET_NAME), mkdir, openat (create), write, pread64, fstat,
// close, a failing openat of a missing file (ENOENT), unlink, rmdir. Each call is made with
// syscall(2) so the traced names are exactly these. Returns 0 on success, 1 if a call that
// should succeed failed. Uses async-signal-safe calls only (it runs after fork()).
int RunDemoWorkload();

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_DEMO_WORKLOAD_H_
