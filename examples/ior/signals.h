// How ior obeys signals. The first SIGINT, SIGTERM, SIGHUP or SIGQUIT asks the trace to stop
// (StopSignal()); ior then writes what it can within a bounded time and prints its summary. A
// second one ends ior at once (exit 128 + signal), killing the command it started unless told
// to leave it running. SIGPIPE is ignored: a reader that went away shows up as EPIPE.
#ifndef IOR_EXAMPLES_IOR_SIGNALS_H_
#define IOR_EXAMPLES_IOR_SIGNALS_H_

#include <sys/types.h>

namespace ior::cli {

void InstallStopSignals();

// The first stop signal received, 0 if none.
int StopSignal();

// The command ior started: killed (SIGKILL) by a second signal. 0: none.
void SetChildForSecondSignal(pid_t pid);

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_SIGNALS_H_
