// What every fault scenario (fault_test.cc, fault_pid_reuse_test.cc) shares: starting the
// fault workload and a session, collecting the marker rows, stopping with the identity checked,
// and the table of every scenario printed at the end of the run.
#ifndef IOR_TESTS_E2E_FAULT_SUPPORT_H_
#define IOR_TESTS_E2E_FAULT_SUPPORT_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "trace_workload.h"
#include "workload_process.h"

namespace ior::fault {

using ::ior::testing::StartSession;
using ::ior::testing::WorkloadProcess;

// `ior-fault-workload --wait <args>`, waiting for its go byte.
WorkloadProcess StartWorkload(const std::vector<std::string>& args);

// The session traces until Stop() (not until its targets are gone), so that Stop() is what
// ends every scenario and its time is measured on real work: detaching and draining the ring.
SessionOptions Options(pid_t pid, std::vector<std::string> syscalls);

// What a scenario saw: getpid rows (and their threads), other rows by name.
struct Seen {
  uint64_t getpid = 0;
  std::set<uint32_t> getpid_tids;
  std::vector<Event> others;
  void Add(const EventBatch& b);
};

// Stops the session (timed), drains it to its end, checks the identity
// (kernel_count == delivered + sampled_out + dropped + filtered) and adds the scenario's row
// to the table.
SessionStats StopAndAccount(const std::string& scenario, Session& session, Seen& seen,
                            const BatchCallback& extra = nullptr);

// Polls until `done` or `limit` passes; `extra` sees every batch too.
void PollUntil(Session& session, Seen& seen, const std::function<bool()>& done,
               absl::Duration limit = absl::Seconds(30), const BatchCallback& extra = nullptr);

// The number of the syscall `pid` is blocked in (/proc/<pid>/syscall), or -1.
long BlockedIn(pid_t pid);

}  // namespace ior::fault

#endif  // IOR_TESTS_E2E_FAULT_SUPPORT_H_
