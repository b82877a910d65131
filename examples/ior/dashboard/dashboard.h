// The live dashboard of the ior CLI: `ior` with no output mode and a terminal on stdout opens a
// full-screen view of what the traced processes wait on (a PID picker, then tabs of figures
// per syscall, file and process, a live stream, a flamegraph and histograms). An embedder of
// libior's public API like any other: a session, its batches, ior::FlameAggregator.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_DASHBOARD_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_DASHBOARD_H_

#include <string_view>

#include "flags.h"

namespace ior::dashboard {

// True when the flags ask for no output mode (-plain, -flamegraph, -parquet, -trace-json) and
// stdout is a terminal.
bool Wanted(const cli::Flags& flags);

// Runs the dashboard until `q`, SIGINT or SIGTERM; the terminal is restored before it
// returns. Exit code: a traced command's, else 0; 1 when tracing cannot start.
int Run(const cli::Flags& flags);

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_DASHBOARD_H_
